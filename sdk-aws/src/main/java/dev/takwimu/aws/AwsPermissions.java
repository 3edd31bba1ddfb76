package dev.takwimu.aws;

import dev.takwimu.aws.internal.CallerIdentity;
import dev.takwimu.core.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one registry of what the AWS backend does in an account: every IAM action it needs, grouped by {@link Purpose},
 * with the resources each applies to. {@link #policy} turns it into a least-privilege identity policy for a
 * configuration; tests check the backend's actual calls against that policy, so a new call without an entry here fails
 * them. Includes what Athena does with the caller's permissions (Glue catalog, S3 data and results, KMS).
 */
public final class AwsPermissions {
  /** Glue jobs the backend creates are named {@code takwimu-...}. */
  public static final String RESOURCE_PREFIX = "takwimu-";
  /**
   * SageMaker training jobs, models and batch transforms the backend creates are named {@code tk-...} (short, as
   * their names are limited to 63 characters).
   */
  public static final String SAGEMAKER_PREFIX = "tk-";
  /** The Glue database Athena needs to see in every region it runs in. */
  public static final String ATHENA_DEFAULT_DATABASE = "default";

  private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+");
  private static final Pattern ALIAS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(alias/.+)");

  private AwsPermissions() {}

  /** Why the backend needs a group of actions; each purpose it needs becomes one statement. */
  public enum Purpose {
    /** Objects of the lake's zones: Iceberg data and metadata, staged uploads, Glue scripts, model artifacts. */
    LAKE_OBJECTS("TakwimuLakeObjects", s -> true, AwsPermissions::lakeObjects,
        "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
    /** Athena's query results (written by Athena with the caller's permissions, read back by the backend). */
    QUERY_RESULTS("TakwimuQueryResults", s -> true, AwsPermissions::resultObjects,
        "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
    /** Listing the lake's and the results' buckets, only below their prefixes. */
    BUCKETS("TakwimuBuckets", s -> true, AwsPermissions::buckets,
        "s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"),
    /** The zones' Glue databases and their Iceberg tables (directly, and by Athena for every statement). */
    CATALOG("TakwimuCatalog", s -> true, AwsPermissions::catalog,
        "glue:GetDatabase", "glue:GetDatabases", "glue:CreateDatabase", "glue:UpdateDatabase", "glue:DeleteDatabase",
        "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable",
        "glue:BatchDeleteTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
        "glue:CreatePartition", "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:DeletePartition",
        "glue:BatchDeletePartition"),
    /**
     * Athena's {@code default} database, which Athena looks up (and creates when missing) with the caller's
     * permissions: GetDatabase(s) and CreateDatabase on it and on the catalog, nothing on its tables.
     */
    ATHENA_DEFAULT_DATABASE("TakwimuAthenaDefaultDatabase", s -> true,
        (s, arns) -> List.of(arns.arn("glue", "catalog"),
            arns.arn("glue", "database/" + AwsPermissions.ATHENA_DEFAULT_DATABASE)),
        "glue:GetDatabase", "glue:GetDatabases", "glue:CreateDatabase"),
    /**
     * Lake Formation's temporary credentials for the lake's data when Lake Formation governs the account's catalog;
     * unused (and harmless) where it does not. The action supports no resource-level permissions.
     */
    LAKE_FORMATION("TakwimuLakeFormation", s -> true, (s, arns) -> List.of("*"), "lakeformation:GetDataAccess"),
    /** Statements in the configured Athena workgroup. */
    QUERIES("TakwimuQueries", s -> true, AwsPermissions::workgroup,
        "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
        "athena:GetQueryRuntimeStatistics", "athena:StopQueryExecution", "athena:GetWorkGroup"),
    /** Setting the per-query scan limit on the workgroup; only when a scan limit is configured. */
    SCAN_LIMIT("TakwimuScanLimit", s -> s.scanLimitBytes() != null, AwsPermissions::workgroup,
        "athena:UpdateWorkGroup"),
    /** Training jobs, models and batch transforms named tk-*; only when models train on SageMaker. */
    SAGEMAKER("TakwimuSageMaker", s -> s.modelTraining() == ModelTraining.SAGEMAKER, AwsPermissions::sageMaker,
        "sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob",
        "sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:DeleteModel", "sagemaker:CreateTransformJob",
        "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob", "sagemaker:AddTags"),
    /** Handing the SageMaker execution role to SageMaker, and to nothing else. */
    SAGEMAKER_ROLE("TakwimuPassSageMakerRole", s -> s.modelTraining() == ModelTraining.SAGEMAKER,
        (s, arns) -> List.of(s.sageMakerRole()), "iam:PassRole"),
    /** Glue ETL jobs named takwimu-*; only when a Glue role is configured. */
    GLUE_JOBS("TakwimuGlueJobs", s -> s.glue().role() != null,
        (s, arns) -> List.of(arns.arn("glue", "job/" + RESOURCE_PREFIX + "*")),
        "glue:GetJob", "glue:CreateJob", "glue:UpdateJob", "glue:StartJobRun", "glue:GetJobRun",
        "glue:BatchStopJobRun"),
    /** Handing the Glue job role to Glue, and to nothing else. */
    GLUE_ROLE("TakwimuPassGlueRole", s -> s.glue().role() != null, (s, arns) -> List.of(s.glue().role()),
        "iam:PassRole"),
    /** The Glue BigQuery connection; only when the BigQuery extract is configured. */
    GLUE_CONNECTION("TakwimuGlueConnection", s -> s.glue().bigQuery() != null,
        (s, arns) -> List.of(arns.arn("glue", "catalog"),
            arns.arn("glue", "connection/" + s.glue().bigQuery().connection())),
        "glue:GetConnection", "glue:CreateConnection"),
    /**
     * Stream sinks: the delivery streams named {@code <prefix>*}, described, created when missing, written to; only
     * when a {@code takwimu.aws.firehose.*} setting is configured.
     */
    FIREHOSE("TakwimuFirehose", s -> s.firehose().configured(),
        (s, arns) -> List.of(arns.arn("firehose", "deliverystream/" + s.deliveryStreamPrefix() + "*")),
        "firehose:DescribeDeliveryStream", "firehose:CreateDeliveryStream", "firehose:PutRecordBatch"),
    /** Handing the delivery role to Firehose when it creates a delivery stream; only when one is configured. */
    FIREHOSE_ROLE("TakwimuPassFirehoseRole", s -> s.firehose().role() != null,
        (s, arns) -> List.of(s.firehose().role()), "iam:PassRole"),
    /** The KMS key objects and results are encrypted with; only when one is configured. */
    KMS("TakwimuKms", s -> s.kmsKeyId() != null, AwsPermissions::kmsKey, "kms:Decrypt", "kms:GenerateDataKey");

    private final String sid;
    private final Predicate<AwsSettings> needed;
    private final Resources resources;
    private final List<String> actions;

    Purpose(String sid, Predicate<AwsSettings> needed, Resources resources, String... actions) {
      this.sid = sid;
      this.needed = needed;
      this.resources = resources;
      this.actions = List.of(actions);
    }

    /** The statement id this purpose has in the policy. */
    public String sid() {
      return sid;
    }

    public List<String> actions() {
      return actions;
    }

    /** Whether a backend with these settings needs this purpose's actions. */
    public boolean neededBy(AwsSettings settings) {
      return needed.test(settings);
    }
  }

  @FunctionalInterface
  private interface Resources {
    List<String> of(AwsSettings settings, Arns arns);
  }

  /** ARNs in one partition, region and account ({@code *} where unknown). */
  private record Arns(String partition, String region, String account) {
    String arn(String service, String resource) {
      return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    String s3(String bucketAndKey) {
      return "arn:" + partition + ":s3:::" + bucketAndKey;
    }
  }

  /** Every action a backend with these settings may call, sorted. */
  public static Set<String> actions(AwsSettings settings) {
    Set<String> actions = new TreeSet<>();
    for (Purpose purpose : Purpose.values()) {
      if (purpose.neededBy(settings)) {
        actions.addAll(purpose.actions());
      }
    }
    return actions;
  }

  /**
   * The least-privilege identity policy for a backend with these settings.
   *
   * @param account the 12-digit AWS account id; null for {@code *} (noted in the policy's notes)
   */
  public static IamPolicy policy(AwsSettings settings, String account) {
    List<String> notes = new ArrayList<>();
    String region = settings.region();
    if (region == null) {
      region = "*";
      notes.add("No region configured: Glue, Athena, SageMaker and KMS ARNs use * for the region.");
    }
    if (account == null) {
      account = "*";
      notes.add("Account unknown: ARNs use * for the account; pass --account (or run with credentials) to fill it in.");
    }
    Arns arns = new Arns(partition(settings.region()), region, account);
    List<IamPolicy.Statement> statements = new ArrayList<>();
    for (Purpose purpose : Purpose.values()) {
      if (purpose.neededBy(settings)) {
        statements.add(new IamPolicy.Statement(purpose.sid(), purpose.actions(),
            purpose.resources.of(settings, arns), condition(purpose, settings)));
      }
    }
    notes.add("Covers this process's calls and what Athena does with its permissions; the SageMaker and Glue job "
        + "roles need their own policies for what the jobs read and write.");
    notes.add("Where Lake Formation governs the catalog, also grant this principal the zones' databases and tables "
        + "(and the lake's data locations) in Lake Formation; lakeformation:GetDataAccess alone is not enough.");
    return new IamPolicy(statements, notes);
  }

  /**
   * The account the default credentials (or those of the environment) belong to, from STS GetCallerIdentity, with the
   * settings' region and endpoint.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when there are no credentials or STS cannot be reached
   */
  public static String callerAccount(AwsSettings settings) {
    return CallerIdentity.account(settings);
  }

  private static Map<String, Map<String, List<String>>> condition(Purpose purpose, AwsSettings settings) {
    return switch (purpose) {
      case BUCKETS -> {
        List<String> prefixes = locations(settings).stream().map(S3Location::prefix).distinct().toList();
        yield prefixes.contains("") ? Map.of()
            : Map.of("StringLikeIfExists", Map.of("s3:prefix", prefixes.stream().map(p -> p + "*").toList()));
      }
      case SAGEMAKER_ROLE -> Map.of("StringEquals", Map.of("iam:PassedToService", List.of("sagemaker.amazonaws.com")));
      case GLUE_ROLE -> Map.of("StringEquals", Map.of("iam:PassedToService", List.of("glue.amazonaws.com")));
      case FIREHOSE_ROLE -> Map.of("StringEquals",
          Map.of("iam:PassedToService", List.of("firehose.amazonaws.com")));
      case KMS -> {
        String alias = alias(settings.kmsKeyId());
        yield alias == null ? Map.of()
            : Map.of("ForAnyValue:StringEquals", Map.of("kms:ResourceAliases", List.of(alias)));
      }
      default -> Map.of();
    };
  }

  private static List<S3Location> locations(AwsSettings settings) {
    List<S3Location> locations = new ArrayList<>();
    for (Zone zone : Zone.values()) {
      locations.add(settings.zone(zone));
    }
    locations.add(settings.resultLocation());
    return locations;
  }

  private static List<String> lakeObjects(AwsSettings settings, Arns arns) {
    Set<String> resources = new LinkedHashSet<>();
    for (Zone zone : Zone.values()) {
      S3Location location = settings.zone(zone);
      resources.add(arns.s3(location.bucket() + "/" + location.prefix() + "*"));
    }
    return List.copyOf(resources);
  }

  private static List<String> resultObjects(AwsSettings settings, Arns arns) {
    S3Location results = settings.resultLocation();
    return List.of(arns.s3(results.bucket() + "/" + results.prefix() + "*"));
  }

  private static List<String> buckets(AwsSettings settings, Arns arns) {
    return locations(settings).stream().map(l -> arns.s3(l.bucket())).distinct().toList();
  }

  private static List<String> catalog(AwsSettings settings, Arns arns) {
    List<String> resources = new ArrayList<>();
    resources.add(arns.arn("glue", "catalog"));
    Map<String, Boolean> databases = new LinkedHashMap<>();
    for (Zone zone : Zone.values()) {
      databases.put(settings.database(zone), true);
    }
    for (String database : databases.keySet()) {
      resources.add(arns.arn("glue", "database/" + database));
    }
    for (String database : databases.keySet()) {
      resources.add(arns.arn("glue", "table/" + database + "/*"));
    }
    return resources;
  }

  private static List<String> workgroup(AwsSettings settings, Arns arns) {
    return List.of(arns.arn("athena", "workgroup/" + settings.workgroup()));
  }

  private static List<String> sageMaker(AwsSettings settings, Arns arns) {
    return List.of(arns.arn("sagemaker", "training-job/" + SAGEMAKER_PREFIX + "*"),
        arns.arn("sagemaker", "model/" + SAGEMAKER_PREFIX + "*"),
        arns.arn("sagemaker", "transform-job/" + SAGEMAKER_PREFIX + "*"));
  }

  private static List<String> kmsKey(AwsSettings settings, Arns arns) {
    String key = settings.kmsKeyId();
    if (KEY_ARN.matcher(key).matches()) {
      return List.of(key);
    }
    if (alias(key) != null) {
      return List.of(arns.arn("kms", "key/*")); // narrowed to the alias by the condition
    }
    return List.of(arns.arn("kms", "key/" + key));
  }

  /** The alias ({@code alias/name}) a KMS key setting names, or null when it names a key. */
  private static String alias(String kmsKey) {
    if (kmsKey.startsWith("alias/")) {
      return kmsKey;
    }
    var matcher = ALIAS_ARN.matcher(kmsKey);
    return matcher.matches() ? matcher.group(1) : null;
  }

  /** The partition of a region: {@code aws-cn} for China, {@code aws-us-gov} for GovCloud, else {@code aws}. */
  static String partition(String region) {
    if (region == null) {
      return "aws";
    }
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}
