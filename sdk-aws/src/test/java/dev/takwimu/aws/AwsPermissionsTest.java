package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.testing.PermissionRecorder.Call;
import dev.takwimu.core.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsPermissionsTest {
  private static final String ACCOUNT = "111122223333";
  private static final String SAGEMAKER_ROLE = "arn:aws:iam::111122223333:role/takwimu-sagemaker";
  private static final String GLUE_ROLE = "arn:aws:iam::111122223333:role/takwimu-glue";
  private static final String FIREHOSE_ROLE = "arn:aws:iam::111122223333:role/takwimu-firehose";

  private static AwsBackend.Builder oneBucket() {
    return AwsBackend.builder().lake("s3://mpesa-lake/takwimu").region("eu-west-1").workgroup("takwimu");
  }

  private static List<String> sids(IamPolicy policy) {
    return policy.statements().stream().map(IamPolicy.Statement::sid).toList();
  }

  @Test
  void theDefaultConfigurationNeedsStorageCatalogAndQueriesOnly() {
    IamPolicy policy = AwsPermissions.policy(oneBucket().settings(), ACCOUNT);

    assertThat(sids(policy)).containsExactly("TakwimuLakeObjects", "TakwimuQueryResults", "TakwimuBuckets",
        "TakwimuCatalog", "TakwimuAthenaDefaultDatabase", "TakwimuLakeFormation", "TakwimuQueries");
    assertThat(policy.allows("athena:StartQueryExecution")).isTrue();
    assertThat(policy.allows("athena:UpdateWorkGroup")).isFalse();
    assertThat(policy.allows("sagemaker:CreateTrainingJob")).isFalse();
    assertThat(policy.allows("iam:PassRole")).isFalse();
    assertThat(policy.allows("glue:CreateJob")).isFalse();
    assertThat(policy.allows("kms:Decrypt")).isFalse();
    assertThat(policy.allows("s3:DeleteBucket")).isFalse();
    assertThat(policy.notes()).noneMatch(note -> note.contains("Account unknown"));
  }

  @Test
  void resourcesAreScopedToTheLakePrefixesDatabasesAndWorkgroup() {
    IamPolicy policy = AwsPermissions.policy(oneBucket().settings(), ACCOUNT);

    assertThat(policy.statement("TakwimuLakeObjects").orElseThrow().resources()).containsExactly(
        "arn:aws:s3:::mpesa-lake/takwimu/raw/*", "arn:aws:s3:::mpesa-lake/takwimu/curated/*",
        "arn:aws:s3:::mpesa-lake/takwimu/cleaned/*", "arn:aws:s3:::mpesa-lake/takwimu/quarantine/*");
    assertThat(policy.statement("TakwimuBuckets").orElseThrow().resources())
        .containsExactly("arn:aws:s3:::mpesa-lake");
    assertThat(policy.statement("TakwimuBuckets").orElseThrow().condition().get("StringLikeIfExists"))
        .containsEntry("s3:prefix", List.of("takwimu/raw/*", "takwimu/curated/*", "takwimu/cleaned/*",
            "takwimu/quarantine/*", "takwimu/raw/_takwimu/athena-results/*"));
    assertThat(policy.statement("TakwimuCatalog").orElseThrow().resources()).containsExactly(
        "arn:aws:glue:eu-west-1:111122223333:catalog",
        "arn:aws:glue:eu-west-1:111122223333:database/takwimu_raw",
        "arn:aws:glue:eu-west-1:111122223333:database/takwimu_curated",
        "arn:aws:glue:eu-west-1:111122223333:database/takwimu_cleaned",
        "arn:aws:glue:eu-west-1:111122223333:database/takwimu_quarantine",
        "arn:aws:glue:eu-west-1:111122223333:table/takwimu_raw/*",
        "arn:aws:glue:eu-west-1:111122223333:table/takwimu_curated/*",
        "arn:aws:glue:eu-west-1:111122223333:table/takwimu_cleaned/*",
        "arn:aws:glue:eu-west-1:111122223333:table/takwimu_quarantine/*");
    assertThat(policy.statement("TakwimuQueries").orElseThrow().resources())
        .containsExactly("arn:aws:athena:eu-west-1:111122223333:workgroup/takwimu");
    assertThat(policy.allows("s3:GetObject", "arn:aws:s3:::mpesa-lake/takwimu/curated/loans/data/1.parquet")).isTrue();
    assertThat(policy.allows("s3:GetObject", "arn:aws:s3:::mpesa-lake/other/secret.csv")).isFalse();
    assertThat(policy.allows("s3:PutObject", "arn:aws:s3:::another-bucket/takwimu/raw/x")).isFalse();
  }

  @Test
  void aBucketPerZoneAndOwnResultsBucket() {
    AwsSettings settings = AwsBackend.builder().region("eu-west-1")
        .zone(Zone.RAW, "s3://mpesa-raw").zone(Zone.CURATED, "s3://mpesa-curated")
        .zone(Zone.CLEANED, "s3://mpesa-cleaned").zone(Zone.QUARANTINE, "s3://mpesa-quarantine")
        .resultLocation("s3://mpesa-athena/results").settings();
    IamPolicy policy = AwsPermissions.policy(settings, ACCOUNT);

    assertThat(policy.statement("TakwimuLakeObjects").orElseThrow().resources()).containsExactly(
        "arn:aws:s3:::mpesa-raw/*", "arn:aws:s3:::mpesa-curated/*", "arn:aws:s3:::mpesa-cleaned/*",
        "arn:aws:s3:::mpesa-quarantine/*");
    assertThat(policy.statement("TakwimuQueryResults").orElseThrow().resources())
        .containsExactly("arn:aws:s3:::mpesa-athena/results/*");
    assertThat(policy.statement("TakwimuBuckets").orElseThrow().resources()).containsExactly(
        "arn:aws:s3:::mpesa-raw", "arn:aws:s3:::mpesa-curated", "arn:aws:s3:::mpesa-cleaned",
        "arn:aws:s3:::mpesa-quarantine", "arn:aws:s3:::mpesa-athena");
    assertThat(policy.statement("TakwimuBuckets").orElseThrow().condition())
        .as("whole buckets are in use: no prefix condition").isEmpty();
  }

  @Test
  void optionalPurposesFollowTheConfiguration() {
    AwsSettings settings = oneBucket().scanLimitBytes(10L << 30)
        .modelTraining(ModelTraining.SAGEMAKER).sageMakerRole(SAGEMAKER_ROLE)
        .glueSettings(new GlueSettings(GLUE_ROLE, "4.0", "G.1X", 2, java.time.Duration.ofHours(1),
            new BigQueryExtract(null, "takwimu/gcp", null, "safaricom-dw.mpesa.transactions", "bq_transactions")))
        .firehoseSettings(FirehoseSettings.DEFAULT.withRole(FIREHOSE_ROLE))
        .kmsKeyId("alias/takwimu").settings();
    IamPolicy policy = AwsPermissions.policy(settings, ACCOUNT);

    assertThat(sids(policy)).containsExactly("TakwimuLakeObjects", "TakwimuQueryResults", "TakwimuBuckets",
        "TakwimuCatalog", "TakwimuAthenaDefaultDatabase", "TakwimuLakeFormation", "TakwimuQueries", "TakwimuScanLimit",
        "TakwimuSageMaker", "TakwimuPassSageMakerRole", "TakwimuGlueJobs", "TakwimuPassGlueRole", "TakwimuGlueConnection", "TakwimuFirehose",
        "TakwimuPassFirehoseRole", "TakwimuKms");
    IamPolicy.Statement firehose = policy.statement("TakwimuFirehose").orElseThrow();
    assertThat(firehose.actions()).containsExactly("firehose:DescribeDeliveryStream",
        "firehose:CreateDeliveryStream", "firehose:PutRecordBatch");
    assertThat(firehose.resources()).containsExactly(
        "arn:aws:firehose:eu-west-1:" + ACCOUNT + ":deliverystream/takwimu-raw-*");
    IamPolicy.Statement passFirehose = policy.statement("TakwimuPassFirehoseRole").orElseThrow();
    assertThat(passFirehose.resources()).containsExactly(FIREHOSE_ROLE);
    assertThat(passFirehose.condition().get("StringEquals"))
        .containsEntry("iam:PassedToService", List.of("firehose.amazonaws.com"));
    assertThat(policy.statement("TakwimuScanLimit").orElseThrow().actions()).containsExactly("athena:UpdateWorkGroup");
    IamPolicy.Statement passSageMaker = policy.statement("TakwimuPassSageMakerRole").orElseThrow();
    assertThat(passSageMaker.resources()).containsExactly(SAGEMAKER_ROLE);
    assertThat(passSageMaker.condition().get("StringEquals"))
        .containsEntry("iam:PassedToService", List.of("sagemaker.amazonaws.com"));
    assertThat(policy.statement("TakwimuPassGlueRole").orElseThrow().resources()).containsExactly(GLUE_ROLE);
    assertThat(policy.allows("sagemaker:CreateTrainingJob",
        "arn:aws:sagemaker:eu-west-1:111122223333:training-job/tk-churn-1")).isTrue();
    assertThat(policy.allows("sagemaker:CreateTrainingJob",
        "arn:aws:sagemaker:eu-west-1:111122223333:training-job/someone-elses")).isFalse();
    assertThat(policy.statement("TakwimuGlueJobs").orElseThrow().resources())
        .containsExactly("arn:aws:glue:eu-west-1:111122223333:job/takwimu-*");
    assertThat(policy.statement("TakwimuGlueConnection").orElseThrow().resources())
        .contains("arn:aws:glue:eu-west-1:111122223333:connection/takwimu-bigquery");
    IamPolicy.Statement kms = policy.statement("TakwimuKms").orElseThrow();
    assertThat(kms.actions()).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
    assertThat(kms.resources()).containsExactly("arn:aws:kms:eu-west-1:111122223333:key/*");
    assertThat(kms.condition().get("ForAnyValue:StringEquals"))
        .containsEntry("kms:ResourceAliases", List.of("alias/takwimu"));
  }

  @Test
  void athenasDefaultDatabaseIsVisibleButNotItsTablesAndLakeFormationHandsOutData() {
    IamPolicy policy = AwsPermissions.policy(oneBucket().settings(), ACCOUNT);
    String catalog = "arn:aws:glue:eu-west-1:111122223333:catalog";
    String defaultDatabase = "arn:aws:glue:eu-west-1:111122223333:database/default";

    for (String action : List.of("glue:GetDatabase", "glue:GetDatabases", "glue:CreateDatabase")) {
      assertThat(policy.allows(action, catalog)).as(action).isTrue();
      assertThat(policy.allows(action, defaultDatabase)).as(action).isTrue();
    }
    assertThat(policy.allows("glue:DeleteDatabase", defaultDatabase)).isFalse();
    assertThat(policy.allows("glue:GetTable", "arn:aws:glue:eu-west-1:111122223333:table/default/x")).isFalse();
    assertThat(policy.statement("TakwimuLakeFormation").orElseThrow().resources()).containsExactly("*");
    assertThat(policy.allows("lakeformation:GetDataAccess", "*")).isTrue();
    assertThat(policy.notes()).anyMatch(note -> note.contains("Lake Formation"));
  }

  @Test
  void aKmsKeyArnIsUsedAsItIs() {
    String key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    IamPolicy policy = AwsPermissions.policy(oneBucket().kmsKeyId(key).settings(), ACCOUNT);

    assertThat(policy.statement("TakwimuKms").orElseThrow().resources()).containsExactly(key);
    assertThat(policy.statement("TakwimuKms").orElseThrow().condition()).isEmpty();
  }

  @Test
  void anUnknownAccountOrRegionBecomesAWildcardWithANote() {
    AwsSettings settings = AwsBackend.builder().lake("s3://mpesa-lake").settings();
    IamPolicy policy = AwsPermissions.policy(settings, null);

    assertThat(policy.statement("TakwimuQueries").orElseThrow().resources())
        .containsExactly("arn:aws:athena:*:*:workgroup/primary");
    assertThat(policy.notes()).anyMatch(note -> note.contains("--account"))
        .anyMatch(note -> note.contains("No region"));
    assertThat(policy.statement("TakwimuBuckets").orElseThrow().condition())
        .containsKey("StringLikeIfExists");
  }

  @Test
  void theJsonIsAValidPolicyDocument() throws Exception {
    AwsSettings settings = oneBucket().modelTraining(ModelTraining.SAGEMAKER).sageMakerRole(SAGEMAKER_ROLE)
        .kmsKeyId("alias/takwimu").settings();
    JsonNode document = new ObjectMapper().readTree(AwsPermissions.policy(settings, ACCOUNT).toJson());

    assertThat(document.get("Version").asText()).isEqualTo("2012-10-17");
    Set<String> sids = new HashSet<>();
    List<String> actions = new ArrayList<>();
    for (JsonNode statement : document.get("Statement")) {
      assertThat(sids.add(statement.get("Sid").asText())).as("unique Sid").isTrue();
      assertThat(statement.get("Sid").asText()).matches("[A-Za-z0-9]+");
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      assertThat(statement.get("Action").isArray()).isTrue();
      assertThat(statement.get("Resource").size()).isPositive();
      statement.get("Action").forEach(a -> actions.add(a.asText()));
      statement.get("Resource").forEach(r -> assertThat(r.asText()).matches("arn:aws:.*|\\*"));
    }
    assertThat(actions)
        .allMatch(a -> a.matches("(s3|glue|athena|sagemaker|iam|kms|lakeformation):[A-Z][A-Za-z]+"));
    assertThat(document.at("/Statement/8/Condition/StringEquals/iam:PassedToService/0").asText())
        .isEqualTo("sagemaker.amazonaws.com");
    assertThat(AwsPermissions.actions(settings)).containsAll(actions);
  }

  @Test
  void recordedCallsOutsideThePolicyAreTheUncoveredOnes() {
    IamPolicy policy = AwsPermissions.policy(oneBucket().settings(), ACCOUNT);
    Call lakeRead = new Call("S3", "GetObject", List.of("s3:GetObject"),
        List.of("arn:aws:s3:::mpesa-lake/takwimu/raw/customers.csv"));
    Call otherBucket = new Call("S3", "GetObject", List.of("s3:GetObject"), List.of("arn:aws:s3:::other/x.csv"));
    Call query = new Call("Athena", "StartQueryExecution", List.of("athena:StartQueryExecution"), List.of());
    Call training = new Call("SageMaker", "CreateTrainingJob", List.of("sagemaker:CreateTrainingJob"), List.of());
    Call whoAmI = new Call("Sts", "GetCallerIdentity", List.of(), List.of());

    assertThat(PolicyCoverage.uncovered(policy, List.of(lakeRead, otherBucket, query, training, whoAmI)))
        .containsExactly(otherBucket, training);
  }

  @Test
  void chinaRegionsUseTheirPartition() {
    IamPolicy policy = AwsPermissions.policy(AwsBackend.builder().lake("s3://mpesa-lake").region("cn-north-1")
        .settings(), ACCOUNT);

    assertThat(policy.statement("TakwimuBuckets").orElseThrow().resources())
        .containsExactly("arn:aws-cn:s3:::mpesa-lake");
  }
}
