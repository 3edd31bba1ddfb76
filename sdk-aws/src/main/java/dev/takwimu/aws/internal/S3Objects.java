package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The few S3 operations the backend needs, with server-side encryption when a KMS key is set and clear errors. */
public final class S3Objects {
  private final S3Client s3;
  private final AwsSettings settings;

  public S3Objects(S3Client s3, AwsSettings settings) {
    this.s3 = s3;
    this.settings = settings;
  }

  public void put(S3Location location, Path file) {
    try {
      s3.putObject(request(location), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw AwsErrors.of(e, "s3:PutObject", location.uri());
    }
  }

  public void put(S3Location location, byte[] bytes) {
    try {
      s3.putObject(request(location), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw AwsErrors.of(e, "s3:PutObject", location.uri());
    }
  }

  private PutObjectRequest request(S3Location location) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(location.bucket()).key(location.prefix());
    if (settings.kmsKeyId() != null) {
      request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
    }
    return request.build();
  }

  /** Copies one object (server-side, within S3; objects up to 5 GB), encrypted as {@link #put} encrypts. */
  public void copy(S3Location from, S3Location to) {
    try {
      s3.copyObject(r -> {
        r.sourceBucket(from.bucket()).sourceKey(from.prefix()).destinationBucket(to.bucket()).destinationKey(to.prefix());
        if (settings.kmsKeyId() != null) {
          r.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
        }
      });
    } catch (SdkException e) {
      throw AwsErrors.of(e, "s3:CopyObject", from.uri() + " -> " + to.uri());
    }
  }

  /** The object's bytes, or empty when there is no such object. */
  public Optional<byte[]> get(S3Location location) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.prefix())).asByteArray());
    } catch (SdkException e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw AwsErrors.of(e, "s3:GetObject", location.uri());
    }
  }

  /** Every object below the prefix. */
  public List<S3Object> list(S3Location prefix) {
    try {
      List<S3Object> objects = new ArrayList<>();
      s3.listObjectsV2Paginator(r -> r.bucket(prefix.bucket()).prefix(prefix.prefix())).contents()
          .forEach(objects::add);
      return objects;
    } catch (SdkException e) {
      throw AwsErrors.of(e, "s3:ListBucket", prefix.uri());
    }
  }

  /** Deletes every object below the prefix; returns how many. */
  public int deletePrefix(S3Location prefix) {
    List<S3Object> objects = list(prefix);
    for (int from = 0; from < objects.size(); from += 1000) {
      List<ObjectIdentifier> batch = objects.subList(from, Math.min(objects.size(), from + 1000)).stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      try {
        s3.deleteObjects(r -> r.bucket(prefix.bucket()).delete(d -> d.objects(batch).quiet(true)));
      } catch (SdkException e) {
        throw AwsErrors.of(e, "s3:DeleteObject", prefix.uri());
      }
    }
    return objects.size();
  }
}
