package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Zone;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsPropertiesTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/takwimu-jobs";

  private static Map<String, String> config(String... keysAndValues) {
    Map<String, String> config = new HashMap<>();
    config.put(AwsProperties.LAKE, "s3://lake-bucket/takwimu");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return config;
  }

  @Test
  void oneBucketLayoutWithDefaults() {
    AwsSettings settings = AwsProperties.settings(config());

    assertThat(settings.zone(Zone.CURATED).uri()).isEqualTo("s3://lake-bucket/takwimu/curated/");
    assertThat(settings.database(Zone.RAW)).isEqualTo("takwimu_raw");
    assertThat(settings.resultLocation().uri()).isEqualTo("s3://lake-bucket/takwimu/raw/_takwimu/athena-results/");
    assertThat(settings.workgroup()).isEqualTo("primary");
    assertThat(settings.scanLimitBytes()).isNull();
    assertThat(settings.resultReuse()).isZero();
    assertThat(settings.modelTraining()).isEqualTo(ModelTraining.LOCAL);
    assertThat(settings.glue()).isEqualTo(GlueSettings.NONE);
    assertThat(settings.region()).isNull();
  }

  @Test
  void everyKeyIsRead() {
    AwsSettings settings = AwsProperties.settings(config(
        AwsProperties.ZONE + "raw", "s3://mpesa-raw",
        AwsProperties.ZONE + "curated", "s3://mpesa-curated/v1",
        AwsProperties.REGION, "eu-west-1",
        AwsProperties.ENDPOINT_URL, "http://localhost:5000",
        AwsProperties.DATABASE_PREFIX, "mpesa_",
        AwsProperties.DATABASE + "cleaned", "analytics",
        AwsProperties.WORKGROUP, "takwimu",
        AwsProperties.RESULT_LOCATION, "s3://mpesa-results/athena",
        AwsProperties.SCAN_LIMIT, "10GB",
        AwsProperties.RESULT_REUSE, "60",
        AwsProperties.QUERY_TIMEOUT, "PT2H",
        AwsProperties.POLL_INTERVAL, "500ms",
        AwsProperties.MAX_ATTEMPTS, "3",
        AwsProperties.MODELS, "SageMaker",
        AwsProperties.SAGEMAKER_ROLE, "arn:aws:iam::111122223333:role/sm",
        AwsProperties.SAGEMAKER_INSTANCE_TYPE, "ml.m5.2xlarge",
        AwsProperties.XGBOOST_IMAGE, "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        AwsProperties.KMS_KEY, "alias/takwimu",
        AwsProperties.GLUE_ROLE, ROLE,
        AwsProperties.GLUE_VERSION, "4.0",
        AwsProperties.GLUE_WORKER_TYPE, "G.2X",
        AwsProperties.GLUE_WORKERS, "5",
        AwsProperties.GLUE_TIMEOUT, "2h",
        AwsProperties.BIGQUERY_TABLE, "safaricom-dw.mpesa.transactions",
        AwsProperties.BIGQUERY_SECRET, "takwimu/gcp",
        AwsProperties.BIGQUERY_TARGET, "bq_transactions"));

    assertThat(settings.zone(Zone.RAW).uri()).isEqualTo("s3://mpesa-raw/");
    assertThat(settings.zone(Zone.CURATED).uri()).isEqualTo("s3://mpesa-curated/v1/");
    assertThat(settings.zone(Zone.CLEANED).uri()).isEqualTo("s3://lake-bucket/takwimu/cleaned/");
    assertThat(settings.region()).isEqualTo("eu-west-1");
    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:5000"));
    assertThat(settings.database(Zone.RAW)).isEqualTo("mpesa_raw");
    assertThat(settings.database(Zone.CLEANED)).isEqualTo("analytics");
    assertThat(settings.workgroup()).isEqualTo("takwimu");
    assertThat(settings.resultLocation().uri()).isEqualTo("s3://mpesa-results/athena/");
    assertThat(settings.scanLimitBytes()).isEqualTo(10L << 30);
    assertThat(settings.resultReuse()).isEqualTo(Duration.ofMinutes(60));
    assertThat(settings.queryTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.maxAttempts()).isEqualTo(3);
    assertThat(settings.modelTraining()).isEqualTo(ModelTraining.SAGEMAKER);
    assertThat(settings.sageMakerInstanceType()).isEqualTo("ml.m5.2xlarge");
    assertThat(settings.xgboostImage()).endsWith("sagemaker-xgboost:1.7-1");
    assertThat(settings.kmsKeyId()).isEqualTo("alias/takwimu");
    assertThat(settings.glue()).isEqualTo(new GlueSettings(ROLE, "4.0", "G.2X", 5, Duration.ofHours(2),
        new BigQueryExtract("takwimu-bigquery", "takwimu/gcp", "safaricom-dw", "safaricom-dw.mpesa.transactions",
            "bq_transactions")));
  }

  @Test
  void firehoseKeysAreRead() {
    AwsSettings settings = AwsProperties.settings(config(
        AwsProperties.FIREHOSE_ROLE, ROLE,
        AwsProperties.FIREHOSE_NAME_PREFIX, "mpesa-",
        AwsProperties.FIREHOSE_BUFFER_SIZE, "64MB",
        AwsProperties.FIREHOSE_BUFFER_INTERVAL, "60s",
        AwsProperties.FIREHOSE_ATTEMPTS, "5"));

    assertThat(settings.firehose()).isEqualTo(FirehoseSettings.DEFAULT.withRole(ROLE).withNamePrefix("mpesa-")
        .withBuffering(64L << 20, Duration.ofSeconds(60)).withRetries(5, FirehoseSettings.DEFAULT.retryBase()));
    assertThat(settings.deliveryStream("transactions_stream")).isEqualTo("mpesa-transactions-stream");
    assertThat(settings.streamPrefix("transactions_stream").uri())
        .isEqualTo("s3://lake-bucket/takwimu/raw/_firehose/transactions_stream/");
    assertThat(AwsProperties.settings(config()).deliveryStream("transactions_stream"))
        .isEqualTo("takwimu-raw-transactions-stream");
    assertThat(AwsProperties.settings(config()).firehose().configured()).isFalse();
  }

  @Test
  void sizesAndDurations() {
    assertThat(AwsProperties.size("500MB")).isEqualTo(500L << 20);
    assertThat(AwsProperties.size("1 TiB")).isEqualTo(1L << 40);
    assertThat(AwsProperties.size("2048")).isEqualTo(2048);
    assertThat(AwsProperties.duration("0")).isZero();
    assertThat(AwsProperties.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(AwsProperties.duration("pt1h")).isEqualTo(Duration.ofHours(1));
    assertThat(AwsProperties.duration("1d")).isEqualTo(Duration.ofDays(1));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "takwimu.lake|lake-dir|expected s3://BUCKET",
      "takwimu.aws.zone.raw|s3://Bad_Bucket|Invalid S3 bucket name",
      "takwimu.aws.region|Europe|expected a region name",
      "takwimu.aws.endpoint-url|localhost:5000|expected http(s)://HOST[:PORT]",
      "takwimu.aws.database-prefix|Takwimu-|a Glue database prefix",
      "takwimu.aws.database.curated|my db|a Glue database name",
      "takwimu.aws.athena.result-location|/tmp/results|expected s3://BUCKET",
      "takwimu.aws.athena.scan-limit|ten gigabytes|expected a size such as 10GB",
      "takwimu.aws.athena.scan-limit|1MB|at least 10MB",
      "takwimu.aws.athena.result-reuse|8d|at most 7 days",
      "takwimu.aws.athena.query-timeout|0|more than zero",
      "takwimu.aws.athena.poll-interval|soon|expected a duration",
      "takwimu.aws.max-attempts|0|whole number from 1 to 100",
      "takwimu.aws.models|spark|expected local or sagemaker",
      "takwimu.aws.sagemaker.role|takwimu-role|expected an IAM role ARN",
      "takwimu.aws.sagemaker.instance-type|m5.xlarge|SageMaker instance type",
      "takwimu.aws.kms-key|my key|KMS key id",
      "takwimu.aws.glue.role|glue-role|expected an IAM role ARN",
      "takwimu.aws.glue.version|four|Glue version",
      "takwimu.aws.glue.worker-type|G.3X|expected one of",
      "takwimu.aws.glue.workers|1|whole number from 2",
      "takwimu.aws.glue.timeout|30s|at least one minute",
      "takwimu.aws.firehose.role|firehose|expected an IAM role ARN",
      "takwimu.aws.firehose.name-prefix|my streams|up to 40 letters",
      "takwimu.aws.firehose.buffer-size|200MB|from 1MB to 128MB",
      "takwimu.aws.firehose.buffer-interval|1h|at most 900s",
      "takwimu.aws.firehose.attempts|0|whole number from 1 to 100"})
  void anInvalidValueIsReportedOnOneLineWithItsKey(String key, String value, String reason) {
    Map<String, String> config = config(key, value);

    assertThatThrownBy(() -> AwsProperties.settings(config))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(key + "='" + value + "' is invalid: ")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void anUnknownKeyIsAnErrorListingTheValidOnes() {
    assertThatThrownBy(() -> AwsProperties.settings(config("takwimu.aws.athena.workgrup", "takwimu")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Unknown setting takwimu.aws.athena.workgrup; did you mean takwimu.aws.athena.workgroup?")
        .hasMessageContaining("(valid: takwimu.lake, takwimu.aws.zone.raw, ")
        .hasMessageContaining(AwsProperties.BIGQUERY_TARGET);
    assertThatThrownBy(() -> AwsProperties.settings(config("takwimu.aws.zone.bronze", "s3://b")))
        .hasMessageStartingWith("Unknown setting takwimu.aws.zone.bronze");
  }

  @Test
  void credentialsAreNeverConfiguration() {
    assertThatThrownBy(() -> AwsProperties.settings(config("takwimu.aws.secret-access-key", "abc")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("default chain")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc"));
  }

  @Test
  void crossSettingErrorsNameTheMissingKey() {
    assertThatThrownBy(() -> AwsProperties.settings(config(AwsProperties.MODELS, "sagemaker")))
        .hasMessageContaining(AwsProperties.SAGEMAKER_ROLE);
    assertThatThrownBy(() -> AwsProperties.settings(config(AwsProperties.BIGQUERY_TABLE, "my-project.ds.t",
        AwsProperties.BIGQUERY_TARGET, "t")))
        .hasMessageStartingWith("takwimu.aws.bigquery.*: ").hasMessageContaining(AwsProperties.BIGQUERY_SECRET);
    assertThatThrownBy(() -> AwsProperties.settings(config(AwsProperties.BIGQUERY_TABLE, "my-project.ds.t",
        AwsProperties.BIGQUERY_TARGET, "t", AwsProperties.BIGQUERY_SECRET, "s")))
        .hasMessageContaining(AwsProperties.GLUE_ROLE);
    assertThatThrownBy(() -> AwsProperties.settings(config(AwsProperties.BIGQUERY_TABLE, "ds.t",
        AwsProperties.BIGQUERY_TARGET, "t", AwsProperties.BIGQUERY_SECRET, "s", AwsProperties.GLUE_ROLE, ROLE)))
        .hasMessageContaining("expected project.dataset.table");
    Map<String, String> noLake = new HashMap<>();
    assertThatThrownBy(() -> AwsProperties.settings(noLake)).hasMessageContaining("needs a lake location");
  }

  @Test
  void blankValuesCountAsUnset() {
    AwsSettings settings = AwsProperties.settings(config(AwsProperties.KMS_KEY, " ", AwsProperties.REGION, ""));

    assertThat(settings.kmsKeyId()).isNull();
    assertThat(settings.region()).isNull();
  }

  @Test
  void backendsOpensTheAwsBackendFromTheseKeys() {
    Map<String, String> config = config(Backends.BACKEND, "aws", AwsProperties.REGION, "eu-west-1",
        AwsProperties.WORKGROUP, "takwimu");
    try (Backend backend = Backends.open(config)) {
      assertThat(backend).isInstanceOf(AwsBackend.class);
      assertThat(((AwsBackend) backend).settings().workgroup()).isEqualTo("takwimu");
      assertThat(((AwsBackend) backend).glueJobs()).isNotNull();
    }
  }
}
