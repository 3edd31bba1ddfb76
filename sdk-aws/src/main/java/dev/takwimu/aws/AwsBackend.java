package dev.takwimu.aws;

import dev.takwimu.aws.internal.AthenaExecutor;
import dev.takwimu.aws.internal.AwsClients;
import dev.takwimu.aws.internal.AwsIngestor;
import dev.takwimu.aws.internal.AwsInsightRunner;
import dev.takwimu.aws.internal.AwsLakeStore;
import dev.takwimu.aws.internal.DmsHandover;
import dev.takwimu.aws.internal.AwsModelTrainer;
import dev.takwimu.aws.internal.AwsStageRunner;
import dev.takwimu.aws.internal.FirehoseCollector;
import dev.takwimu.aws.internal.FirehoseStreams;
import dev.takwimu.aws.internal.GlueCatalog;
import dev.takwimu.aws.internal.QueryLog;
import dev.takwimu.aws.internal.S3Objects;
import dev.takwimu.aws.internal.GlueJobs;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.StageRunner;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamSinks;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.engine.duckdb.ParquetStaging;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The AWS backend: raw exports and Iceberg tables on S3, catalogued in Glue, written and queried by Athena, models
 * trained locally or on SageMaker. The same stages, rules and insights as the local backend; see docs/aws.md.
 *
 * <pre>{@code
 * try (Backend backend = AwsBackend.builder().lake("s3://my-lake/takwimu").region("eu-west-1").build()) { ... }
 * }</pre>
 */
public final class AwsBackend implements Backend, SupportsStreaming {
  private final AwsSettings settings;
  private final AwsClients clients;
  private final ParquetStaging staging = new ParquetStaging("512MB");
  private final AwsLakeStore lake;
  private final AwsIngestor ingestor;
  private final AwsStageRunner stages;
  private final AwsInsightRunner insights;
  private final AwsModelTrainer models;
  private final GlueJobRunner glueJobs;
  private final FirehoseStreams streams;
  private final FirehoseCollector collector;
  private final S3Objects s3;

  private AwsBackend(AwsSettings settings, AwsClients clients, QueryLog queryLog) {
    this.settings = settings;
    this.clients = clients;
    this.s3 = new S3Objects(clients.s3(), settings);
    AthenaExecutor athena = new AthenaExecutor(clients.athena(), settings, queryLog);
    athena.applyScanLimit();
    this.lake = new AwsLakeStore(settings, new GlueCatalog(clients.glue()), s3, athena, staging);
    this.ingestor = new AwsIngestor(settings, lake, s3, staging);
    this.stages = new AwsStageRunner(settings, lake, s3);
    this.insights = new AwsInsightRunner(lake);
    this.models = new AwsModelTrainer(settings, clients, lake);
    this.glueJobs = new GlueJobs(settings, clients);
    this.streams = new FirehoseStreams(settings, lake, s3, clients::firehose);
    this.collector = new FirehoseCollector(settings, lake, s3);
  }

  public static Builder builder() {
    return new Builder();
  }

  public AwsSettings settings() {
    return settings;
  }

  /** Runs Glue ETL jobs (and the BigQuery extract) with this backend's settings and clients. */
  public GlueJobRunner glueJobs() {
    return glueJobs;
  }

  /**
   * A migration of this lake into PostgreSQL through AWS Database Migration Service, with a DMS client of this
   * backend's region and endpoint (closed with the migration).
   */
  public DmsMigration dms(DmsSettings dms) {
    DatabaseMigrationClient client = AwsClients.newDms(settings);
    return new DmsMigration(new DmsHandover(settings, dms, lake, s3, client), client);
  }

  /** A migration through DMS with the given client, which the migration never closes. */
  public DmsMigration dms(DmsSettings dms, DatabaseMigrationClient client) {
    return new DmsMigration(new DmsHandover(settings, dms, lake, s3, client), null);
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public LakeStore lake() {
    return lake;
  }

  @Override
  public Ingestor ingestor() {
    return ingestor;
  }

  @Override
  public StageRunner stages() {
    return stages;
  }

  @Override
  public InsightRunner insights() {
    return insights;
  }

  @Override
  public ModelTrainer models() {
    return models;
  }

  /**
   * Stream sinks that deliver through Kinesis Data Firehose, at least once (see docs/streaming.md): opening one creates
   * the format's delivery stream when it is missing and a delivery role is configured.
   */
  @Override
  public StreamSinks streams() {
    return streams;
  }

  /**
   * Appends the objects Firehose delivered for the format's stream to its raw table, each object exactly once.
   *
   * @throws dev.takwimu.core.TakwimuException when S3 or Athena fail
   */
  public CollectReport collect(StreamFormat format) {
    return collector.collect(format);
  }

  @Override
  public void close() {
    streams.close();
    staging.close();
    clients.close();
  }

  /** Collects the settings; {@link #lake(String)} (or a location per zone) is required, the rest has defaults. */
  public static final class Builder {
    private String region;
    private URI endpoint;
    private S3Location lake;
    private final Map<Zone, S3Location> zones = new EnumMap<>(Zone.class);
    private String databasePrefix = "takwimu_";
    private final Map<Zone, String> databases = new EnumMap<>(Zone.class);
    private String workgroup = "primary";
    private S3Location resultLocation;
    private Long scanLimitBytes;
    private Duration resultReuse = Duration.ZERO;
    private Duration queryTimeout = Duration.ofMinutes(30);
    private Duration pollInterval = Duration.ofMillis(200);
    private int maxAttempts = 5;
    private ModelTraining modelTraining = ModelTraining.LOCAL;
    private String sageMakerRole;
    private String sageMakerInstanceType = "ml.m5.xlarge";
    private String xgboostImage;
    private String kmsKeyId;
    private GlueSettings glueSettings = GlueSettings.NONE;
    private FirehoseSettings firehoseSettings = FirehoseSettings.DEFAULT;
    private S3Client s3;
    private GlueClient glue;
    private AthenaClient athena;
    private SageMakerClient sageMaker;
    private FirehoseClient firehose;
    private Path queryLog;

    private Builder() {}

    /** Every zone under one location: {@code s3://bucket/prefix/raw/}, {@code .../curated/}, ... */
    public Builder lake(String s3Uri) {
      this.lake = S3Location.parse(s3Uri).directory();
      return this;
    }

    /** One zone somewhere else, e.g. a bucket per zone as in the source architecture. */
    public Builder zone(Zone zone, String s3Uri) {
      zones.put(zone, S3Location.parse(s3Uri).directory());
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** An endpoint for every service (an emulator, VPC endpoints); S3 is then addressed path-style. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Glue databases are {@code <prefix><zone>} unless set one by one; default {@code takwimu_}. */
    public Builder databasePrefix(String prefix) {
      this.databasePrefix = prefix;
      return this;
    }

    public Builder database(Zone zone, String database) {
      databases.put(zone, database);
      return this;
    }

    public Builder workgroup(String workgroup) {
      this.workgroup = workgroup;
      return this;
    }

    /** Where Athena writes results; default {@code <raw zone>/_takwimu/athena-results/}. */
    public Builder resultLocation(String s3Uri) {
      this.resultLocation = S3Location.parse(s3Uri).directory();
      return this;
    }

    /** Cancels any query that would scan more than this (set on the workgroup); null for no limit. */
    public Builder scanLimitBytes(Long bytes) {
      this.scanLimitBytes = bytes;
      return this;
    }

    /** Lets Athena answer a repeated insight query from a result at most this old; zero (default) turns it off. */
    public Builder resultReuse(Duration maxAge) {
      this.resultReuse = maxAge;
      return this;
    }

    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = timeout;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder modelTraining(ModelTraining training) {
      this.modelTraining = training;
      return this;
    }

    public Builder sageMakerRole(String roleArn) {
      this.sageMakerRole = roleArn;
      return this;
    }

    public Builder sageMakerInstanceType(String instanceType) {
      this.sageMakerInstanceType = instanceType;
      return this;
    }

    public Builder xgboostImage(String image) {
      this.xgboostImage = image;
      return this;
    }

    public Builder kmsKeyId(String keyId) {
      this.kmsKeyId = keyId;
      return this;
    }

    /** Glue ETL jobs: role, workers, the BigQuery extract; default {@link GlueSettings#NONE}. */
    public Builder glueSettings(GlueSettings settings) {
      this.glueSettings = settings;
      return this;
    }

    /** The IAM role (ARN) Glue jobs run as; the rest of the Glue settings stay as they are. */
    public Builder glueRole(String roleArn) {
      GlueSettings g = glueSettings;
      this.glueSettings = new GlueSettings(roleArn, g.glueVersion(), g.workerType(), g.workers(), g.timeout(),
          g.bigQuery());
      return this;
    }

    /** How stream sinks deliver through Kinesis Data Firehose; default {@link FirehoseSettings#DEFAULT}. */
    public Builder firehoseSettings(FirehoseSettings settings) {
      this.firehoseSettings = settings;
      return this;
    }

    /** A client to use instead of building one; Takwimu never closes it. */
    public Builder firehose(FirehoseClient client) {
      this.firehose = client;
      return this;
    }

    /** A client to use instead of building one; Takwimu never closes it. */
    public Builder s3(S3Client client) {
      this.s3 = client;
      return this;
    }

    /**
     * Appends every Athena statement (SQL, execution parameters, execution id, state, bytes scanned, milliseconds) as
     * a JSON line to this file; when not set, to the file the environment variable {@value QueryLog#ENVIRONMENT}
     * names, if any.
     */
    public Builder queryLog(Path file) {
      this.queryLog = file;
      return this;
    }

    /** The query log file: the one set, else the environment's, else null. */
    Path queryLogFile() {
      if (queryLog != null) {
        return queryLog;
      }
      String env = System.getenv(QueryLog.ENVIRONMENT);
      return env == null || env.isBlank() ? null : Path.of(env.strip());
    }

    /** A client to use instead of building one; Takwimu never closes it. */
    public Builder glue(GlueClient client) {
      this.glue = client;
      return this;
    }

    /** A client to use instead of building one; Takwimu never closes it. */
    public Builder athena(AthenaClient client) {
      this.athena = client;
      return this;
    }

    /** A client to use instead of building one; Takwimu never closes it. */
    public Builder sageMaker(SageMakerClient client) {
      this.sageMaker = client;
      return this;
    }

    /** The settings this builder holds, validated. */
    public AwsSettings settings() {
      Map<Zone, S3Location> allZones = new EnumMap<>(Zone.class);
      if (lake != null) {
        allZones.putAll(AwsSettings.zonesUnder(lake));
      }
      allZones.putAll(zones);
      if (allZones.size() < Zone.values().length) {
        throw new InvalidInputException(
            "The AWS backend needs a lake location (s3://bucket/prefix) or a location for every zone");
      }
      Map<Zone, String> allDatabases = new EnumMap<>(AwsSettings.databasesWithPrefix(databasePrefix));
      allDatabases.putAll(databases);
      S3Location results = resultLocation != null ? resultLocation
          : allZones.get(Zone.RAW).resolve("_takwimu/athena-results/");
      return new AwsSettings(region, endpoint, allZones, allDatabases, workgroup, results, scanLimitBytes, resultReuse,
          queryTimeout, pollInterval, maxAttempts, modelTraining, sageMakerRole, sageMakerInstanceType, xgboostImage,
          kmsKeyId, glueSettings, firehoseSettings);
    }

    /**
     * Builds the backend; clients not passed in are created now.
     *
     * @throws InvalidInputException when a setting is missing or invalid
     */
    public AwsBackend build() {
      AwsSettings settings = settings();
      return new AwsBackend(settings, new AwsClients(settings, s3, glue, athena, sageMaker, firehose),
          QueryLog.to(queryLogFile()));
    }
  }
}
