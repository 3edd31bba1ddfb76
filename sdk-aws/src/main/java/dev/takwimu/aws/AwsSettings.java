package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Zone;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the AWS backend is configured with; built by {@link AwsBackend#builder()} or read from {@code takwimu.*}
 * properties by {@link AwsBackendProvider}. Credentials are never part of it: they come from the SDK's default provider
 * chain or from the clients passed in.
 *
 * @param region the AWS region; null for the SDK's default region chain
 * @param endpoint an endpoint override for every service (an emulator, a VPC endpoint); null for AWS's endpoints
 * @param zones where each zone's data lives
 * @param databases the Glue database of each zone
 * @param workgroup the Athena workgroup statements run in
 * @param resultLocation where Athena writes query results
 * @param scanLimitBytes per-query cutoff on data scanned, set on the workgroup; null for none
 * @param resultReuse how old a reused Athena result may be; zero turns reuse off
 * @param queryTimeout how long one statement may run before it is cancelled
 * @param pollInterval the first wait between status checks (it grows with backoff)
 * @param maxAttempts attempts for a statement that fails transiently (throttling, Iceberg commit conflicts)
 * @param modelTraining where models are trained
 * @param sageMakerRole the execution role SageMaker jobs assume; required for SAGEMAKER training
 * @param sageMakerInstanceType the instance type of training and transform jobs
 * @param xgboostImage the SageMaker XGBoost container image; null for the region's default
 * @param kmsKeyId a KMS key for server-side encryption of objects and query results; null for the bucket default
 * @param glue Glue ETL jobs (execution role, workers) and the BigQuery extract; {@link GlueSettings#NONE} when unused
 * @param firehose how stream sinks deliver through Kinesis Data Firehose
 */
public record AwsSettings(
    String region,
    URI endpoint,
    Map<Zone, S3Location> zones,
    Map<Zone, String> databases,
    String workgroup,
    S3Location resultLocation,
    Long scanLimitBytes,
    Duration resultReuse,
    Duration queryTimeout,
    Duration pollInterval,
    int maxAttempts,
    ModelTraining modelTraining,
    String sageMakerRole,
    String sageMakerInstanceType,
    String xgboostImage,
    String kmsKeyId,
    GlueSettings glue,
    FirehoseSettings firehose) {
  private static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");

  public AwsSettings {
    zones = Map.copyOf(zones);
    databases = Map.copyOf(databases);
    for (Zone zone : Zone.values()) {
      if (!zones.containsKey(zone)) {
        throw new InvalidInputException("No S3 location for the " + zone.id() + " zone: set the lake location");
      }
      String database = databases.get(zone);
      if (database == null || !DATABASE.matcher(database).matches()) {
        throw new InvalidInputException("Invalid Glue database '" + database + "' for the " + zone.id()
            + " zone: use lower-case letters, digits and underscores");
      }
    }
    Objects.requireNonNull(workgroup, "workgroup");
    Objects.requireNonNull(resultLocation, "resultLocation");
    Objects.requireNonNull(resultReuse, "resultReuse");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(modelTraining, "modelTraining");
    Objects.requireNonNull(sageMakerInstanceType, "sageMakerInstanceType");
    Objects.requireNonNull(glue, "glue");
    Objects.requireNonNull(firehose, "firehose");
    if (maxAttempts < 1) {
      throw new InvalidInputException("maxAttempts must be at least 1");
    }
    if (scanLimitBytes != null && scanLimitBytes < 10L * 1024 * 1024) {
      throw new InvalidInputException("The Athena scan limit must be at least 10MB (Athena's minimum cutoff)");
    }
    if (modelTraining == ModelTraining.SAGEMAKER && (sageMakerRole == null || sageMakerRole.isBlank())) {
      throw new InvalidInputException("SageMaker training needs an execution role ARN (takwimu.aws.sagemaker.role)");
    }
  }

  /** Settings without Glue jobs ({@link GlueSettings#NONE}). */
  public AwsSettings(String region, URI endpoint, Map<Zone, S3Location> zones, Map<Zone, String> databases,
      String workgroup, S3Location resultLocation, Long scanLimitBytes, Duration resultReuse, Duration queryTimeout,
      Duration pollInterval, int maxAttempts, ModelTraining modelTraining, String sageMakerRole,
      String sageMakerInstanceType, String xgboostImage, String kmsKeyId) {
    this(region, endpoint, zones, databases, workgroup, resultLocation, scanLimitBytes, resultReuse, queryTimeout,
        pollInterval, maxAttempts, modelTraining, sageMakerRole, sageMakerInstanceType, xgboostImage, kmsKeyId,
        GlueSettings.NONE, FirehoseSettings.DEFAULT);
  }

  /** Settings with the default {@link FirehoseSettings}. */
  public AwsSettings(String region, URI endpoint, Map<Zone, S3Location> zones, Map<Zone, String> databases,
      String workgroup, S3Location resultLocation, Long scanLimitBytes, Duration resultReuse, Duration queryTimeout,
      Duration pollInterval, int maxAttempts, ModelTraining modelTraining, String sageMakerRole,
      String sageMakerInstanceType, String xgboostImage, String kmsKeyId, GlueSettings glue) {
    this(region, endpoint, zones, databases, workgroup, resultLocation, scanLimitBytes, resultReuse, queryTimeout,
        pollInterval, maxAttempts, modelTraining, sageMakerRole, sageMakerInstanceType, xgboostImage, kmsKeyId, glue,
        FirehoseSettings.DEFAULT);
  }

  /** The name of the delivery stream that carries a raw dataset's stream: {@code <prefix><name with - for _>}. */
  public String deliveryStream(String rawDatasetName) {
    String prefix = firehose.namePrefix() != null ? firehose.namePrefix()
        : database(Zone.RAW).replace('_', '-') + "-";
    String name = prefix + rawDatasetName.replace('_', '-');
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  /** The delivery streams' name prefix, for the IAM policy. */
  public String deliveryStreamPrefix() {
    return firehose.namePrefix() != null ? firehose.namePrefix() : database(Zone.RAW).replace('_', '-') + "-";
  }

  /** Where Firehose delivers a raw dataset's stream: {@code <raw zone>/_firehose/<name>/}. */
  public S3Location streamPrefix(String rawDatasetName) {
    return zones.get(Zone.RAW).resolve("_firehose/" + rawDatasetName + "/");
  }

  /** Where Firehose writes what it could not deliver: {@code <raw zone>/_firehose/<name>-errors/}. */
  public S3Location streamErrorPrefix(String rawDatasetName) {
    return zones.get(Zone.RAW).resolve("_firehose/" + rawDatasetName + "-errors/");
  }

  public S3Location zone(Zone zone) {
    return zones.get(zone);
  }

  public String database(Zone zone) {
    return databases.get(zone);
  }

  public Optional<URI> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }

  /** Where the backend keeps its own working files: uploads being staged, exports for SageMaker, model artifacts. */
  public S3Location work() {
    return zones.get(Zone.RAW).resolve("_takwimu/");
  }

  /** Default databases: {@code <prefix><zone>}, e.g. {@code takwimu_curated}. */
  public static Map<Zone, String> databasesWithPrefix(String prefix) {
    Map<Zone, String> databases = new EnumMap<>(Zone.class);
    for (Zone zone : Zone.values()) {
      databases.put(zone, prefix + zone.id());
    }
    return databases;
  }

  /** Every zone under one lake location: {@code s3://bucket/prefix/raw/}, {@code .../curated/} and so on. */
  public static Map<Zone, S3Location> zonesUnder(S3Location lake) {
    Map<Zone, S3Location> zones = new EnumMap<>(Zone.class);
    for (Zone zone : Zone.values()) {
      zones.put(zone, lake.directory().resolve(zone.id() + "/"));
    }
    return zones;
  }
}
