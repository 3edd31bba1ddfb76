package dev.takwimu.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PermissionRecorderTest {
  @Test
  void sdkOperationsMapToTheirIamActions() {
    assertThat(PermissionRecorder.iamActions("S3", "GetObject")).containsExactly("s3:GetObject");
    assertThat(PermissionRecorder.iamActions("S3", "HeadObject")).containsExactly("s3:GetObject");
    assertThat(PermissionRecorder.iamActions("S3", "ListObjectsV2")).containsExactly("s3:ListBucket");
    assertThat(PermissionRecorder.iamActions("S3", "HeadBucket")).containsExactly("s3:ListBucket");
    assertThat(PermissionRecorder.iamActions("S3", "DeleteObjects")).containsExactly("s3:DeleteObject");
    assertThat(PermissionRecorder.iamActions("S3", "CompleteMultipartUpload")).containsExactly("s3:PutObject");
    assertThat(PermissionRecorder.iamActions("Glue", "GetTable")).containsExactly("glue:GetTable");
    assertThat(PermissionRecorder.iamActions("Athena", "StartQueryExecution"))
        .containsExactly("athena:StartQueryExecution");
    assertThat(PermissionRecorder.iamActions("SageMaker", "CreateTrainingJob"))
        .containsExactly("sagemaker:CreateTrainingJob");
    assertThat(PermissionRecorder.iamActions("Sts", "GetCallerIdentity")).isEmpty();
  }
}
