package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.FirehoseSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * The delivery stream of a raw dataset's stream: described, created from the settings when missing (Direct PUT, an
 * extended S3 destination whose prefix is the raw zone's stream prefix, an error output prefix beside it, the
 * configured buffering hints and delivery role), and awaited until ACTIVE. The Firehose SDK has no waiter, so the
 * wait polls DescribeDeliveryStream, every second at most, until the settings' timeout.
 */
public final class DeliveryStreams {
  private final FirehoseClient firehose;
  private final AwsSettings settings;

  public DeliveryStreams(FirehoseClient firehose, AwsSettings settings) {
    this.firehose = firehose;
    this.settings = settings;
  }

  /**
   * The name of the dataset's delivery stream, which is ACTIVE when this returns.
   *
   * @throws InvalidInputException when it is missing and no delivery role is configured to create it
   * @throws TakwimuException when it does not become ACTIVE in time or a call fails
   */
  public String ensure(String rawDatasetName) {
    String name = settings.deliveryStream(rawDatasetName);
    DeliveryStreamDescription description = describe(name);
    if (description == null) {
      create(name, rawDatasetName);
    } else if (description.deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE) {
      return name;
    }
    awaitActive(name);
    return name;
  }

  private DeliveryStreamDescription describe(String name) {
    try {
      return firehose.describeDeliveryStream(r -> r.deliveryStreamName(name)).deliveryStreamDescription();
    } catch (ResourceNotFoundException e) {
      return null;
    } catch (SdkException e) {
      throw AwsErrors.of(e, "firehose:DescribeDeliveryStream", name);
    }
  }

  private void create(String name, String rawDatasetName) {
    FirehoseSettings fh = settings.firehose();
    if (fh.role() == null) {
      throw new InvalidInputException("The Firehose delivery stream " + name + " does not exist: set "
          + AwsProperties.FIREHOSE_ROLE + " to the role Firehose writes to S3 with, so Takwimu creates it, or create it"
          + " with its S3 destination at " + settings.streamPrefix(rawDatasetName).uri());
    }
    S3Location prefix = settings.streamPrefix(rawDatasetName);
    S3Location errors = settings.streamErrorPrefix(rawDatasetName);
    String bucketArn = "arn:" + partition() + ":s3:::" + prefix.bucket();
    try {
      firehose.createDeliveryStream(r -> r.deliveryStreamName(name).deliveryStreamType("DirectPut")
          .extendedS3DestinationConfiguration(d -> {
            d.bucketARN(bucketArn).roleARN(fh.role()).prefix(prefix.prefix()).errorOutputPrefix(errors.prefix())
                .bufferingHints(b -> b.sizeInMBs((int) (fh.bufferSize() >> 20))
                    .intervalInSeconds((int) fh.bufferInterval().getSeconds()))
                .compressionFormat("UNCOMPRESSED");
            if (settings.kmsKeyId() != null) {
              d.encryptionConfiguration(e -> e.kmsEncryptionConfig(k -> k.awskmsKeyARN(settings.kmsKeyId())));
            }
          })
          .tags(t -> t.key("created-by").value(AwsPermissions.RESOURCE_PREFIX + "sdk")));
    } catch (ResourceInUseException e) {
      // another process created it meanwhile
    } catch (SdkException e) {
      throw AwsErrors.of(e, "firehose:CreateDeliveryStream", name);
    }
  }

  private void awaitActive(String name) {
    Duration timeout = settings.firehose().activeTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    long wait = 100;
    while (true) {
      DeliveryStreamDescription description = describe(name);
      DeliveryStreamStatus status = description == null ? null : description.deliveryStreamStatus();
      if (status == DeliveryStreamStatus.ACTIVE) {
        return;
      }
      if (status == DeliveryStreamStatus.CREATING_FAILED || status == DeliveryStreamStatus.DELETING) {
        throw new TakwimuException("The Firehose delivery stream " + name + " is " + status
            + (description.failureDescription() == null ? "" : ": " + description.failureDescription().details()));
      }
      if (System.nanoTime() > deadline) {
        throw new TakwimuException("The Firehose delivery stream " + name + " did not become ACTIVE within "
            + timeout.toSeconds() + " s (status " + status + ")");
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TakwimuException("Interrupted while waiting for the Firehose delivery stream " + name, e);
      }
      wait = Math.min(1000, wait * 2);
    }
  }

  private String partition() {
    String region = settings.region();
    return region == null ? "aws" : region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-")
        ? "aws-us-gov" : "aws";
  }
}
