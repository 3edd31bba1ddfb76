package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.IamPolicy;
import dev.takwimu.aws.ModelTraining;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.testing.PermissionRecorder;
import dev.takwimu.aws.testing.PermissionRecorder.Call;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateModelRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateTransformJobRequest;

/**
 * The generated policy against the resource ARNs of the backend's own names: SageMaker jobs and models as
 * {@link SageMakerJobs#jobName} names them, the Glue databases of the zones, and what Athena needs in the catalog.
 */
class PolicyResourcesTest {
  private static final String ACCOUNT = "111122223333";
  private static final String ROLE = "arn:aws:iam::111122223333:role/takwimu-sagemaker";
  private static final String REGION = "eu-west-1";

  private final AwsSettings settings = AwsBackend.builder().lake("s3://mpesa-lake/takwimu").region(REGION)
      .workgroup("takwimu").modelTraining(ModelTraining.SAGEMAKER).sageMakerRole(ROLE).settings();
  private final IamPolicy policy = AwsPermissions.policy(settings, ACCOUNT);
  private final PermissionRecorder recorder = new PermissionRecorder(ACCOUNT);

  private Call call(String service, String operation, SdkRequest request) {
    return new Call(service, operation, recorder.accesses(service, operation, request, REGION));
  }

  @Test
  void sageMakerJobsAndModelsAsTheBackendNamesThem() {
    String job = SageMakerJobs.jobName("churn");
    List<Call> calls = List.of(
        call("SageMaker", "CreateTrainingJob", CreateTrainingJobRequest.builder().trainingJobName(job)
            .roleArn(ROLE).build()),
        call("SageMaker", "CreateModel", CreateModelRequest.builder().modelName(job).executionRoleArn(ROLE).build()),
        call("SageMaker", "CreateTransformJob", CreateTransformJobRequest.builder().transformJobName(job)
            .modelName(job).build()));

    assertThat(PolicyCoverage.uncovered(policy, calls)).isEmpty();
    assertThat(PolicyCoverage.uncovered(policy, List.of(call("SageMaker", "CreateTrainingJob",
        CreateTrainingJobRequest.builder().trainingJobName("someone-elses-job").roleArn(ROLE).build()))))
        .as("jobs the backend did not name stay out of reach").hasSize(1);
  }

  @Test
  void athenaStatementsReachTheDefaultDatabaseAndTheZonesDatabases() {
    List<Call> calls = List.of(
        call("Athena", "StartQueryExecution", StartQueryExecutionRequest.builder().workGroup("takwimu")
            .queryExecutionContext(c -> c.database(settings.database(dev.takwimu.core.Zone.CURATED)))
            .queryString("SELECT 1").build()),
        call("Glue", "CreateDatabase", CreateDatabaseRequest.builder()
            .databaseInput(d -> d.name(settings.database(dev.takwimu.core.Zone.RAW))).build()),
        call("Glue", "GetTable", GetTableRequest.builder()
            .databaseName(settings.database(dev.takwimu.core.Zone.CLEANED)).name("customers").build()));

    assertThat(PolicyCoverage.uncovered(policy, calls)).isEmpty();
    assertThat(PolicyCoverage.uncovered(policy, List.of(call("Glue", "GetTable", GetTableRequest.builder()
        .databaseName("default").name("customers").build()))))
        .as("the default database is visible, its tables are not").hasSize(1);
  }
}
