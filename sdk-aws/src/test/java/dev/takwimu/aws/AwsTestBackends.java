package dev.takwimu.aws;

import dev.takwimu.aws.testing.AwsTestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * AWS backends on the emulator for the contract suites: one bucket and one set of Glue databases per lake directory a
 * test is given, so tests never see each other's data and reopening the same directory reopens the same lake.
 */
public final class AwsTestBackends {
  private AwsTestBackends() {}

  public static AwsBackend open(Path lakeDirectory) {
    return builder(lakeDirectory).build();
  }

  /** A backend's settings for the lake; its S3, Glue and Athena calls also go through the interceptors (if any). */
  public static AwsBackend.Builder builder(Path lakeDirectory, ExecutionInterceptor... interceptors) {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    String key = Integer.toHexString(lakeDirectory.toAbsolutePath().toString().hashCode() & 0x7fffffff);
    String bucket = "tk-lake-" + key;
    try {
      env.s3Client().createBucket(r -> r.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception alreadyThere) {
      // reopening the same lake
    }
    return AwsBackend.builder()
        .lake("s3://" + bucket + "/lake")
        .region(env.region().id())
        .databasePrefix("t" + key + "_")
        .pollInterval(Duration.ofMillis(20))
        .s3(env.s3Client(interceptors))
        .glue(env.glueClient(interceptors))
        .athena(env.athenaClient(interceptors))
        .sageMaker(env.sageMakerClient());
  }
}
