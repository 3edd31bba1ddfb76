package dev.takwimu.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.testing.PermissionRecorder.Access;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateJobRequest;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateModelRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobRequest;

class PermissionRecorderTest {
  private static final String REGION = "eu-west-1";
  private static final String ARN = "arn:aws:%s:eu-west-1:111122223333:%s";
  private final PermissionRecorder recorder = new PermissionRecorder("111122223333");

  private static String arn(String service, String resource) {
    return String.format(ARN, service, resource);
  }

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

  @Test
  void s3CallsNameTheirObjectAndAKmsWriteItsKey() {
    assertThat(recorder.accesses("S3", "GetObject",
        GetObjectRequest.builder().bucket("lake").key("raw/a.csv").build(), REGION))
        .containsExactly(new Access("s3:GetObject", List.of("arn:aws:s3:::lake/raw/a.csv")));
    assertThat(recorder.accesses("S3", "PutObject", PutObjectRequest.builder().bucket("lake").key("raw/b")
        .ssekmsKeyId("alias/takwimu").build(), REGION))
        .contains(new Access("kms:GenerateDataKey", List.of(arn("kms", "alias/takwimu"))));
  }

  @Test
  void glueCatalogActionsNeedTheCatalogTheDatabaseAndTheTable() {
    assertThat(recorder.accesses("Glue", "GetTable",
        GetTableRequest.builder().databaseName("takwimu_raw").name("customers").build(), REGION))
        .containsExactly(new Access("glue:GetTable", List.of(arn("glue", "catalog"),
            arn("glue", "database/takwimu_raw"), arn("glue", "table/takwimu_raw/customers"))));
    assertThat(recorder.accesses("Glue", "UpdateTable", UpdateTableRequest.builder().databaseName("takwimu_raw")
        .tableInput(t -> t.name("customers")).build(), REGION).get(0).resources())
        .contains(arn("glue", "table/takwimu_raw/customers"));
    assertThat(recorder.accesses("Glue", "GetTables",
        GetTablesRequest.builder().databaseName("takwimu_raw").build(), REGION).get(0).resources())
        .contains(arn("glue", "table/takwimu_raw/*"));
    assertThat(recorder.accesses("Glue", "CreateDatabase",
        CreateDatabaseRequest.builder().databaseInput(d -> d.name("takwimu_raw")).build(), REGION))
        .containsExactly(new Access("glue:CreateDatabase", List.of(arn("glue", "catalog"),
            arn("glue", "database/takwimu_raw"))));
    assertThat(recorder.accesses("Glue", "CreateJob", CreateJobRequest.builder().name("takwimu-extract")
        .role("arn:aws:iam::111122223333:role/glue").build(), REGION)).containsExactly(
        new Access("glue:CreateJob", List.of(arn("glue", "job/takwimu-extract"))),
        new Access("iam:PassRole", List.of("arn:aws:iam::111122223333:role/glue")));
  }

  @Test
  void athenaStatementsNeedTheWorkgroupAndTheDefaultDatabase() {
    assertThat(recorder.accesses("Athena", "StartQueryExecution", StartQueryExecutionRequest.builder()
        .workGroup("takwimu").queryExecutionContext(c -> c.database("takwimu_raw")).queryString("SELECT 1").build(),
        REGION)).containsExactly(
        new Access("athena:StartQueryExecution", List.of(arn("athena", "workgroup/takwimu"))),
        new Access("glue:GetDatabase", List.of(arn("glue", "catalog"), arn("glue", "database/default"))),
        new Access("glue:GetDatabase", List.of(arn("glue", "catalog"),
            arn("glue", "database/takwimu_raw"))));
    assertThat(recorder.accesses("Athena", "GetQueryExecution",
        GetQueryExecutionRequest.builder().queryExecutionId("never-started").build(), REGION).get(0).resources())
        .as("an execution the recorder did not see start has no known workgroup").isEmpty();
  }

  @Test
  void sageMakerAndFirehoseCallsNameTheirResourceAndThePassedRole() {
    String role = "arn:aws:iam::111122223333:role/sm";
    assertThat(recorder.accesses("SageMaker", "CreateTrainingJob",
        CreateTrainingJobRequest.builder().trainingJobName("tk-Churn-1").roleArn(role).build(), REGION))
        .containsExactly(
            new Access("sagemaker:CreateTrainingJob", List.of(arn("sagemaker", "training-job/tk-churn-1"))),
            new Access("iam:PassRole", List.of(role)));
    assertThat(recorder.accesses("SageMaker", "CreateModel",
        CreateModelRequest.builder().modelName("tk-m").executionRoleArn(role).build(), REGION))
        .extracting(Access::action).containsExactly("sagemaker:CreateModel", "iam:PassRole");
    assertThat(recorder.accesses("SageMaker", "DescribeTransformJob",
        DescribeTransformJobRequest.builder().transformJobName("tk-t").build(), REGION).get(0).resources())
        .containsExactly(arn("sagemaker", "transform-job/tk-t"));
    assertThat(recorder.accesses("Firehose", "CreateDeliveryStream", CreateDeliveryStreamRequest.builder()
        .deliveryStreamName("takwimu-raw-x").extendedS3DestinationConfiguration(d -> d.roleARN(role)).build(),
        REGION)).containsExactly(
        new Access("firehose:CreateDeliveryStream", List.of(arn("firehose", "deliverystream/takwimu-raw-x"))),
        new Access("iam:PassRole", List.of(role)));
    assertThat(recorder.accesses("Firehose", "PutRecordBatch",
        PutRecordBatchRequest.builder().deliveryStreamName("s").build(), REGION).get(0).resources())
        .containsExactly(arn("firehose", "deliverystream/s"));
  }

  @Test
  void dmsCallsNeedTheirResourcesTagsAndTheRolesTheyHandOver() {
    String role = "arn:aws:iam::111122223333:role/takwimu-dms";
    List<Access> endpoint = recorder.accesses("DatabaseMigration", "CreateEndpoint",
        software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest.builder()
            .endpointIdentifier("takwimu-src-1").engineName("s3").s3Settings(s -> s.serviceAccessRoleArn(role))
            .tags(t -> t.key("created-by").value("takwimu")).build(), REGION);
    assertThat(endpoint).containsExactly(
        new Access("dms:CreateEndpoint", List.of(arn("dms", "endpoint:*"))),
        new Access("dms:AddTagsToResource", List.of(arn("dms", "endpoint:*"))),
        new Access("iam:PassRole", List.of(role)));
    String task = arn("dms", "task:ABC");
    assertThat(recorder.accesses("DatabaseMigration", "StartReplicationTask",
        software.amazon.awssdk.services.databasemigration.model.StartReplicationTaskRequest.builder()
            .replicationTaskArn(task).build(), REGION))
        .containsExactly(new Access("dms:StartReplicationTask", List.of(task)));
    assertThat(recorder.accesses("DatabaseMigration", "DescribeReplicationTasks",
        software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksRequest.builder().build(),
        REGION)).containsExactly(new Access("dms:DescribeReplicationTasks", List.of("*")));
  }
}
