package dev.takwimu.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

class AwsTestEnvironmentTest {
  private final AwsTestEnvironment aws = AwsTestEnvironment.get();

  @Test
  void isOnePerJvm() {
    assertThat(AwsTestEnvironment.get()).isSameAs(aws);
    assertThat(aws.endpoint().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void resetEmptiesTheEmulatorAndForgetsTheRecordedStatements() {
    String bucket = "reset-" + UUID.randomUUID();
    try (S3Client s3 = aws.s3Client(); AthenaClient athena = aws.athenaClient();
        SageMakerClient sageMaker = aws.sageMakerClient()) {
      s3.createBucket(b -> b.bucket(bucket));
      athena.startQueryExecution(b -> b.queryString("SELECT 1")
          .resultConfiguration(r -> r.outputLocation("s3://" + bucket + "/results/")));
      assertThat(aws.athenaOnTrino().statements()).isNotEmpty();
      assertThat(sageMaker.listTrainingJobs(b -> { }).trainingJobSummaries()).isEmpty();

      aws.reset();

      assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
      assertThat(aws.athenaOnTrino().statements()).isEmpty();
    }
  }
}
