package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.BigQueryExtract;
import dev.takwimu.aws.GlueJob;
import dev.takwimu.aws.GlueJobReport;
import dev.takwimu.aws.GlueSettings;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.testing.LocalMotoServer;
import dev.takwimu.aws.testing.PermissionRecorder;
import dev.takwimu.core.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Connection;
import software.amazon.awssdk.services.glue.model.CreateConnectionRequest;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** The Glue job runner against moto_server: what Glue records of the jobs and connection, and the polling. */
class GlueJobsTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/takwimu-glue";
  private static final String BUCKET = "mpesa-lake";
  private static LocalMotoServer moto;

  private final PermissionRecorder recorder = new PermissionRecorder();
  private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
  private S3Client s3;
  private GlueClient glue;
  private AthenaClient athena;
  private SageMakerClient sageMaker;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = LocalMotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @BeforeEach
  void clients() throws Exception {
    moto.reset();
    ExecutionInterceptor capture = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.add(context.request());
      }
    };
    s3 = moto.configure(S3Client.builder(), recorder).forcePathStyle(true).build();
    glue = moto.configure(GlueClient.builder(), recorder, capture).build();
    athena = moto.configure(AthenaClient.builder()).build();
    sageMaker = moto.configure(SageMakerClient.builder()).build();
    s3.createBucket(r -> r.bucket(BUCKET));
    recorder.clear();
  }

  @AfterEach
  void closeClients() {
    s3.close();
    glue.close();
    athena.close();
    sageMaker.close();
  }

  private AwsBackend backend(GlueSettings glueSettings, String kmsKey) {
    return AwsBackend.builder().lake("s3://" + BUCKET + "/takwimu").region(LocalMotoServer.REGION)
        .endpoint(moto.endpoint()).pollInterval(Duration.ofMillis(10)).glueSettings(glueSettings).kmsKeyId(kmsKey)
        .s3(s3).glue(glue).athena(athena).sageMaker(sageMaker).build();
  }

  private static GlueSettings withRole() {
    return new GlueSettings(ROLE, "4.0", "G.1X", 2, Duration.ofMinutes(30), null);
  }

  private static GlueJob sampleJob() {
    return GlueJob.builder("county-rollup", "print('rolling up counties')\n")
        .argument("--as_of", "2025-01-01").workers("G.2X", 4).timeout(Duration.ofMinutes(20)).build();
  }

  @Test
  void aJobIsUploadedCreatedRunAndReported() {
    try (AwsBackend backend = backend(withRole(), null)) {
      GlueJobReport report = backend.glueJobs().run(sampleJob());

      assertThat(report.jobName()).isEqualTo("takwimu-county-rollup");
      assertThat(report.runId()).startsWith("jr_");
      assertThat(report.state()).isEqualTo("SUCCEEDED");
      assertThat(report.duration()).isEqualTo(Duration.ofSeconds(123)); // moto's ExecutionTime
      assertThat(report.dpuSeconds()).isEmpty();

      Job job = glue.getJob(r -> r.jobName("takwimu-county-rollup")).job();
      assertThat(job.role()).isEqualTo(ROLE);
      assertThat(job.command().name()).isEqualTo("glueetl");
      assertThat(job.command().scriptLocation())
          .isEqualTo("s3://mpesa-lake/takwimu/raw/_takwimu/glue-scripts/county-rollup.py");
      assertThat(job.glueVersion()).isEqualTo("4.0");
      assertThat(job.workerTypeAsString()).isEqualTo("G.2X");
      assertThat(job.numberOfWorkers()).isEqualTo(4);
      assertThat(job.timeout()).isEqualTo(20);
      assertThat(job.defaultArguments()).containsEntry("--as_of", "2025-01-01")
          .containsEntry("--job-language", "python")
          .containsEntry("--TempDir", "s3://mpesa-lake/takwimu/raw/_takwimu/glue-temp/");
      String script = s3.getObjectAsBytes(r -> r.bucket(BUCKET)
          .key("takwimu/raw/_takwimu/glue-scripts/county-rollup.py")).asUtf8String();
      assertThat(script).isEqualTo("print('rolling up counties')\n");
    }
  }

  @Test
  void theRunIsPolledUntilItEnds() throws Exception {
    moto.manualTransitions("glue::job_run", 2);
    try (AwsBackend backend = backend(withRole(), null)) {
      GlueJobReport report = backend.glueJobs().run(sampleJob());

      assertThat(report.state()).isEqualTo("SUCCEEDED");
      long polls = recorder.calls().stream().filter(c -> c.operation().equals("GetJobRun")).count();
      assertThat(polls).as("STARTING, RUNNING twice each, then SUCCEEDED").isGreaterThanOrEqualTo(4);
    } finally {
      moto.reset();
    }
  }

  @Test
  void theBigQueryExtractCreatesItsConnectionAndJob() {
    BigQueryExtract extract = new BigQueryExtract(null, "takwimu/gcp-credentials", null,
        "safaricom-dw.mpesa.transactions", "bq_transactions");
    GlueSettings settings = new GlueSettings(ROLE, "4.0", "G.1X", 3, Duration.ofHours(2), extract);
    try (AwsBackend backend = backend(settings, null)) {
      GlueJobReport report = backend.glueJobs().extract(extract);

      assertThat(report.state()).isEqualTo("SUCCEEDED");
      Connection connection = glue.getConnection(r -> r.name("takwimu-bigquery")).connection();
      assertThat(connection.connectionPropertiesAsStrings())
          .containsEntry("SparkProperties", "{\"secretId\":\"takwimu/gcp-credentials\"}");
      // moto keeps the connection type but does not return it; the request shows what Glue was asked for
      CreateConnectionRequest created = requests.stream().filter(CreateConnectionRequest.class::isInstance)
          .map(CreateConnectionRequest.class::cast).findFirst().orElseThrow();
      assertThat(created.connectionInput().connectionTypeAsString()).isEqualTo("BIGQUERY");

      Job job = glue.getJob(r -> r.jobName("takwimu-bigquery-bq-transactions")).job();
      assertThat(job.connections().connections()).containsExactly("takwimu-bigquery");
      assertThat(job.defaultArguments()).containsEntry("--datalake-formats", "iceberg");
      assertThat(job.glueVersion()).isEqualTo("4.0");
      assertThat(job.numberOfWorkers()).isEqualTo(3);
      assertThat(job.timeout()).isEqualTo(120);
      String script = s3.getObjectAsBytes(r -> r.bucket(BUCKET)
          .key("takwimu/raw/_takwimu/glue-scripts/bigquery-bq-transactions.py")).asUtf8String();
      assertThat(script).contains(
          "SOURCE_TABLE = \"safaricom-dw.mpesa.transactions\"",
          "PARENT_PROJECT = \"safaricom-dw\"",
          "CONNECTION = \"takwimu-bigquery\"",
          "TARGET_TABLE = \"glue_catalog.takwimu_raw.bq_transactions\"",
          "TARGET_LOCATION = \"s3://mpesa-lake/takwimu/raw/bq_transactions/\"",
          "connection_type=\"bigquery\"",
          "org.apache.iceberg.aws.glue.GlueCatalog",
          "\"_record_number\"", "\"_source_file\"", "\"_batch_id\"", "args[\"JOB_RUN_ID\"]",
          ".cast(\"string\")", "rows.writeTo(TARGET_TABLE).append()");
    }
  }

  @Test
  void theBigQueryTableIsAnIcebergV2Table() {
    // Glue 4.0's Iceberg (1.0) creates format version 1 by default; Athena works with version 2 tables (AWS
    // Prescriptive Guidance, "Working with Iceberg tables by using Athena SQL"), so the script asks for 2 when it
    // creates the table and upgrades a table an earlier script created at version 1 before appending
    BigQueryExtract extract = new BigQueryExtract(null, "takwimu/gcp-credentials", null,
        "safaricom-dw.mpesa.transactions", "bq_transactions");
    String script = extract.script(AwsBackend.builder().lake("s3://mpesa-lake/takwimu").settings());
    int create = script.indexOf("spark.sql(\"CREATE TABLE IF NOT EXISTS %s (%s) USING iceberg LOCATION '%s'");
    int upgrade = script.indexOf("spark.sql(\"ALTER TABLE %s SET TBLPROPERTIES ('format-version' = '2')\""
        + " % TARGET_TABLE)");
    int append = script.indexOf("rows.writeTo(TARGET_TABLE).append()");
    assertThat(create).as("CREATE TABLE in the script").isPositive();
    assertThat(script.substring(create, script.indexOf('\n', script.indexOf('\n', create) + 1)))
        .as("the CREATE TABLE call (two lines)").contains("TBLPROPERTIES ('format-version' = '2')");
    assertThat(upgrade).as("ALTER TABLE ... format-version 2 in the script").isGreaterThan(create);
    assertThat(append).isGreaterThan(upgrade);
    assertThat(script).doesNotContain("'format-version' = '1'");
  }

  @Test
  void theGeneratedPolicyCoversEveryCallTheRunnerMakes() {
    BigQueryExtract extract = new BigQueryExtract(null, "takwimu/gcp-credentials", null,
        "safaricom-dw.mpesa.transactions", "bq_transactions");
    GlueSettings glueSettings = new GlueSettings(ROLE, "4.0", "G.1X", 2, Duration.ofHours(1), extract);
    try (AwsBackend backend = backend(glueSettings, "alias/takwimu")) {
      backend.glueJobs().extract(extract);
      AwsSettings settings = backend.settings();

      assertThat(recorder.actions()).contains("s3:PutObject", "glue:GetConnection", "glue:CreateConnection",
          "glue:GetJob", "glue:CreateJob", "glue:StartJobRun", "glue:GetJobRun");
      assertThat(PolicyCoverage.uncovered(AwsPermissions.policy(settings, LocalMotoServer.ACCOUNT), recorder.calls()))
          .isEmpty();

      AwsSettings withoutBigQuery = AwsBackend.builder().lake("s3://" + BUCKET + "/takwimu").glueRole(ROLE)
          .kmsKeyId("alias/takwimu").settings();
      assertThat(PolicyCoverage.uncovered(AwsPermissions.policy(withoutBigQuery, null), recorder.calls()))
          .extracting(PermissionRecorder.Call::operation).containsOnly("GetConnection", "CreateConnection");
      AwsSettings otherLake = AwsBackend.builder().lake("s3://other-lake").glueSettings(glueSettings).settings();
      assertThat(PolicyCoverage.uncovered(AwsPermissions.policy(otherLake, null), recorder.calls()))
          .extracting(PermissionRecorder.Call::operation).containsExactly("PutObject");
    }
  }

  @Test
  void deployingWithoutARoleSaysWhichKeyToSet() {
    try (AwsBackend backend = backend(GlueSettings.NONE, null)) {
      assertThatThrownBy(() -> backend.glueJobs().deploy(sampleJob()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("Cannot deploy Glue job takwimu-county-rollup: no role for Glue jobs; set takwimu.aws.glue.role");
    }
  }

  @Test
  void updateJobCarriesWhatCreateJobDoes() {
    // moto does not implement UpdateJob; the definition both calls send is checked here
    var update = GlueJobs.jobUpdate(sampleJob(), ROLE, "s3://bkt/k.py",
        dev.takwimu.aws.S3Location.parse("s3://bkt/tmp/"));

    assertThat(update.role()).isEqualTo(ROLE);
    assertThat(update.command().scriptLocation()).isEqualTo("s3://bkt/k.py");
    assertThat(update.command().pythonVersion()).isEqualTo("3");
    assertThat(update.workerTypeAsString()).isEqualTo("G.2X");
    assertThat(update.numberOfWorkers()).isEqualTo(4);
    assertThat(update.timeout()).isEqualTo(20);
    assertThat(update.maxRetries()).isZero();
    assertThat(update.defaultArguments()).containsEntry("--TempDir", "s3://bkt/tmp/").containsKey("--as_of");
    assertThat(Map.copyOf(update.defaultArguments())).hasSize(3);
  }
}
