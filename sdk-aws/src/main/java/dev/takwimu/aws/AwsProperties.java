package dev.takwimu.aws;

import dev.takwimu.core.Backends;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Zone;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code takwimu.*} configuration keys of the AWS backend, and how {@link AwsBackendProvider} reads them. Every
 * {@code takwimu.aws.*} key must be one of {@link #KEYS}: a misspelt key is an error, never silently ignored. A blank
 * value counts as unset. Credentials are never configuration: the SDK's default provider chain supplies them.
 */
public final class AwsProperties {
  /** Every key of the AWS backend starts with this, except {@link #LAKE}. */
  public static final String PREFIX = "takwimu.aws.";
  /** {@code s3://bucket/prefix}: every zone under it ({@code raw/}, {@code curated/}, ...). */
  public static final String LAKE = Backends.LAKE;
  /** {@code takwimu.aws.zone.<zone>} = {@code s3://...}: one zone elsewhere, e.g. a bucket per zone. */
  public static final String ZONE = PREFIX + "zone.";
  public static final String REGION = PREFIX + "region";
  /** An endpoint for every service (an emulator, VPC endpoints): {@code http(s)://host[:port]}. */
  public static final String ENDPOINT_URL = PREFIX + "endpoint-url";
  public static final String DATABASE_PREFIX = PREFIX + "database-prefix";
  /** {@code takwimu.aws.database.<zone>}: one zone's Glue database. */
  public static final String DATABASE = PREFIX + "database.";
  public static final String WORKGROUP = PREFIX + "athena.workgroup";
  public static final String RESULT_LOCATION = PREFIX + "athena.result-location";
  /** A size: {@code 10GB}, {@code 500MB} (binary units; KB, MB, GB, TB, with or without the i). */
  public static final String SCAN_LIMIT = PREFIX + "athena.scan-limit";
  /** A duration (see {@link #duration}); 0 turns result reuse off. */
  public static final String RESULT_REUSE = PREFIX + "athena.result-reuse";
  public static final String QUERY_TIMEOUT = PREFIX + "athena.query-timeout";
  public static final String POLL_INTERVAL = PREFIX + "athena.poll-interval";
  public static final String MAX_ATTEMPTS = PREFIX + "max-attempts";
  /** {@code local} or {@code sagemaker}. */
  public static final String MODELS = PREFIX + "models";
  public static final String SAGEMAKER_ROLE = PREFIX + "sagemaker.role";
  public static final String SAGEMAKER_INSTANCE_TYPE = PREFIX + "sagemaker.instance-type";
  public static final String XGBOOST_IMAGE = PREFIX + "sagemaker.xgboost-image";
  /** A KMS key id, key ARN, alias ({@code alias/name}) or alias ARN. */
  public static final String KMS_KEY = PREFIX + "kms-key";
  public static final String GLUE_ROLE = PREFIX + "glue.role";
  public static final String GLUE_VERSION = PREFIX + "glue.version";
  public static final String GLUE_WORKER_TYPE = PREFIX + "glue.worker-type";
  public static final String GLUE_WORKERS = PREFIX + "glue.workers";
  public static final String GLUE_TIMEOUT = PREFIX + "glue.timeout";
  public static final String BIGQUERY_CONNECTION = PREFIX + "bigquery.connection";
  public static final String BIGQUERY_SECRET = PREFIX + "bigquery.secret";
  public static final String BIGQUERY_PARENT_PROJECT = PREFIX + "bigquery.parent-project";
  public static final String BIGQUERY_TABLE = PREFIX + "bigquery.table";
  public static final String BIGQUERY_TARGET = PREFIX + "bigquery.target";
  /** Prefix of the delivery streams' names (default {@code <raw database with - for _>-}). */
  public static final String FIREHOSE_NAME_PREFIX = PREFIX + "firehose.name-prefix";
  /** The IAM role (ARN) Firehose assumes to write to S3; needed to create a missing delivery stream. */
  public static final String FIREHOSE_ROLE = PREFIX + "firehose.role";
  /** A size, 1MB to 128MB: Firehose's S3 buffering size hint. */
  public static final String FIREHOSE_BUFFER_SIZE = PREFIX + "firehose.buffer-size";
  /** A duration, 0 to 900 s: Firehose's S3 buffering interval hint. */
  public static final String FIREHOSE_BUFFER_INTERVAL = PREFIX + "firehose.buffer-interval";
  /** PutRecordBatch attempts per record before it goes to the undelivered dataset, 1 to 100. */
  public static final String FIREHOSE_ATTEMPTS = PREFIX + "firehose.attempts";

  /**
   * A file every Athena statement is appended to as a JSON line (default: the file the environment variable
   * {@code TAKWIMU_AWS_QUERY_LOG} names; no log when neither is set).
   */
  public static final String QUERY_LOG = PREFIX + "query-log";

  /** Every key the AWS backend reads, {@link #LAKE} first. */
  public static final Set<String> KEYS;

  static {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(LAKE);
    for (Zone zone : Zone.values()) {
      keys.add(ZONE + zone.id());
    }
    keys.addAll(List.of(REGION, ENDPOINT_URL, DATABASE_PREFIX));
    for (Zone zone : Zone.values()) {
      keys.add(DATABASE + zone.id());
    }
    keys.addAll(List.of(WORKGROUP, RESULT_LOCATION, SCAN_LIMIT, RESULT_REUSE, QUERY_TIMEOUT, POLL_INTERVAL,
        MAX_ATTEMPTS, MODELS, SAGEMAKER_ROLE, SAGEMAKER_INSTANCE_TYPE, XGBOOST_IMAGE, KMS_KEY, GLUE_ROLE, GLUE_VERSION,
        GLUE_WORKER_TYPE, GLUE_WORKERS, GLUE_TIMEOUT, BIGQUERY_CONNECTION, BIGQUERY_SECRET, BIGQUERY_PARENT_PROJECT,
        BIGQUERY_TABLE, BIGQUERY_TARGET, FIREHOSE_NAME_PREFIX, FIREHOSE_ROLE, FIREHOSE_BUFFER_SIZE,
        FIREHOSE_BUFFER_INTERVAL, FIREHOSE_ATTEMPTS, QUERY_LOG));
    KEYS = Collections.unmodifiableSet(keys);
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]I?B|B)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z0-9_]{1,200}");
  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9-]+\\.[a-z0-9]+");
  private static final Pattern KMS = Pattern.compile(
      "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[\\w/-]+"
          + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[\\w/-]+");
  private static final Pattern CREDENTIAL = Pattern.compile(
      ".*(access-key|secret-key|secret-access|session-token|password|credential|profile).*");

  private AwsProperties() {}

  /**
   * The builder these settings describe; set clients on it, or call {@link AwsBackend.Builder#settings()} for the
   * settings alone (no client is created).
   *
   * @throws InvalidInputException naming the key, when a key is unknown or a value invalid
   */
  public static AwsBackend.Builder builder(Map<String, String> config) {
    checkKeys(config);
    AwsBackend.Builder builder = AwsBackend.builder();
    set(config, LAKE, builder::lake);
    for (Zone zone : Zone.values()) {
      set(config, ZONE + zone.id(), uri -> builder.zone(zone, uri));
      set(config, DATABASE + zone.id(), database -> builder.database(zone, parse(database, DATABASE_NAME,
          "a Glue database name: lower-case letters, digits and underscores")));
    }
    set(config, REGION, region -> builder.region(parse(region, REGION_NAME, "a region name such as eu-west-1")));
    set(config, ENDPOINT_URL, url -> builder.endpoint(endpoint(url)));
    set(config, DATABASE_PREFIX, prefix -> builder.databasePrefix(parse(prefix, DATABASE_NAME,
        "a Glue database prefix: lower-case letters, digits and underscores")));
    set(config, WORKGROUP, builder::workgroup);
    set(config, RESULT_LOCATION, builder::resultLocation);
    set(config, SCAN_LIMIT, size -> builder.scanLimitBytes(scanLimit(size(size))));
    set(config, RESULT_REUSE, reuse -> builder.resultReuse(atMost(duration(reuse), Duration.ofDays(7))));
    set(config, QUERY_TIMEOUT, timeout -> builder.queryTimeout(positive(duration(timeout))));
    set(config, POLL_INTERVAL, interval -> builder.pollInterval(positive(duration(interval))));
    set(config, MAX_ATTEMPTS, attempts -> builder.maxAttempts(number(attempts, 1, 100)));
    set(config, MODELS, models -> builder.modelTraining(modelTraining(models)));
    set(config, SAGEMAKER_ROLE, role -> builder.sageMakerRole(parse(role, GlueSettings.ROLE_ARN,
        "an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME")));
    set(config, SAGEMAKER_INSTANCE_TYPE, type -> builder.sageMakerInstanceType(parse(type, INSTANCE_TYPE,
        "a SageMaker instance type such as ml.m5.xlarge")));
    set(config, XGBOOST_IMAGE, builder::xgboostImage);
    set(config, KMS_KEY, key -> builder.kmsKeyId(parse(key, KMS, "a KMS key id, key ARN, alias/NAME or alias ARN")));
    set(config, QUERY_LOG, file -> builder.queryLog(queryLog(file)));
    builder.glueSettings(glue(config));
    builder.firehoseSettings(firehose(config));
    return builder;
  }

  /** The settings alone, validated; no client is created. */
  public static AwsSettings settings(Map<String, String> config) {
    return builder(config).settings();
  }

  private static GlueSettings glue(Map<String, String> config) {
    GlueSettings defaults = GlueSettings.NONE;
    String role = value(config, GLUE_ROLE);
    String version = orDefault(config, GLUE_VERSION, defaults.glueVersion(),
        v -> parse(v, Pattern.compile("\\d+\\.\\d+"), "a Glue version such as 4.0"));
    String workerType = orDefault(config, GLUE_WORKER_TYPE, defaults.workerType(), type -> {
      if (!GlueSettings.WORKER_TYPES.contains(type)) {
        throw new InvalidInputException("expected one of " + String.join(", ",
            new java.util.TreeSet<>(GlueSettings.WORKER_TYPES)));
      }
      return type;
    });
    int workers = orDefault(config, GLUE_WORKERS, defaults.workers(), n -> number(n, 2, 10_000));
    Duration timeout = orDefault(config, GLUE_TIMEOUT, defaults.timeout(), t -> atLeastAMinute(duration(t)));
    if (role != null) {
      parseAs(GLUE_ROLE, role, r -> parse(r, GlueSettings.ROLE_ARN, "an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME"));
    }
    BigQueryExtract bigQuery = null;
    if (KEYS.stream().filter(k -> k.startsWith(PREFIX + "bigquery.")).anyMatch(k -> value(config, k) != null)) {
      try {
        bigQuery = new BigQueryExtract(value(config, BIGQUERY_CONNECTION), value(config, BIGQUERY_SECRET),
            value(config, BIGQUERY_PARENT_PROJECT), value(config, BIGQUERY_TABLE), value(config, BIGQUERY_TARGET));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(PREFIX + "bigquery.*: " + e.getMessage(), e);
      }
    }
    return new GlueSettings(role, version, workerType, workers, timeout, bigQuery);
  }

  private static FirehoseSettings firehose(Map<String, String> config) {
    FirehoseSettings d = FirehoseSettings.DEFAULT;
    String prefix = orDefault(config, FIREHOSE_NAME_PREFIX, null, p -> parse(p, FirehoseSettings.NAME_PREFIX,
        "up to 40 letters, digits, '.', '_' and '-'"));
    String role = orDefault(config, FIREHOSE_ROLE, null, r -> parse(r, GlueSettings.ROLE_ARN,
        "an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME"));
    long size = orDefault(config, FIREHOSE_BUFFER_SIZE, d.bufferSize(), s -> between(size(s), 1L << 20, 128L << 20,
        "from 1MB to 128MB"));
    Duration interval = orDefault(config, FIREHOSE_BUFFER_INTERVAL, d.bufferInterval(), t -> {
      Duration duration = duration(t);
      if (duration.getSeconds() > 900) {
        throw new InvalidInputException("must be at most 900s (Firehose's longest buffering interval)");
      }
      return duration;
    });
    int attempts = orDefault(config, FIREHOSE_ATTEMPTS, d.attempts(), n -> number(n, 1, 100));
    return new FirehoseSettings(prefix, role, size, interval, attempts, d.retryBase(), d.activeTimeout());
  }

  private static java.nio.file.Path queryLog(String file) {
    try {
      return java.nio.file.Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidInputException("not a file path: " + e.getReason());
    }
  }

  private static long between(long value, long min, long max, String expected) {
    if (value < min || value > max) {
      throw new InvalidInputException("expected a size " + expected);
    }
    return value;
  }

  /**
   * Parses a duration: a number with a unit ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}), an
   * ISO-8601 duration ({@code PT30M}), or a bare number of minutes.
   *
   * @throws InvalidInputException when the text is none of these
   */
  public static Duration duration(String text) {
    String value = text.trim();
    if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        Duration duration = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (!duration.isNegative()) {
          return duration;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
    } else {
      Matcher m = DURATION.matcher(value);
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofMinutes(amount);
        };
      }
    }
    throw new InvalidInputException("expected a duration such as 30s, 15m, 2h, PT30M or a number of minutes");
  }

  /**
   * Parses a size in bytes: {@code 10GB}, {@code 500MB}, {@code 1TiB} (binary units), or a bare number of bytes.
   *
   * @throws InvalidInputException when the text is not a size
   */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (m.matches()) {
      String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
      int shift = switch (unit.charAt(0)) {
        case 'K' -> 10;
        case 'M' -> 20;
        case 'G' -> 30;
        case 'T' -> 40;
        default -> 0;
      };
      long amount = Long.parseLong(m.group(1));
      if (amount <= (Long.MAX_VALUE >> shift)) {
        return amount << shift;
      }
    }
    throw new InvalidInputException("expected a size such as 10GB or 500MB");
  }

  private static void checkKeys(Map<String, String> config) {
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
        String relative = key.substring(PREFIX.length());
        if (CREDENTIAL.matcher(relative).matches()) {
          throw new InvalidInputException("Unknown setting " + key + ": credentials are never read from Takwimu's "
              + "configuration; they come from the AWS SDK's default chain (environment, profile, SSO, instance role)");
        }
        throw new InvalidInputException("Unknown setting " + key + closest(key) + " (valid: "
            + String.join(", ", KEYS) + ")");
      }
    }
  }

  private static String closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : KEYS) {
      int distance = distance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= 3 ? "; did you mean " + best + "?" : "";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String value(Map<String, String> config, String key) {
    String value = config.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void set(Map<String, String> config, String key, java.util.function.Consumer<String> setter) {
    String value = value(config, key);
    if (value != null) {
      parseAs(key, value, v -> {
        setter.accept(v);
        return null;
      });
    }
  }

  private static <T> T orDefault(Map<String, String> config, String key, T fallback, Function<String, T> parser) {
    String value = value(config, key);
    return value == null ? fallback : parseAs(key, value, parser);
  }

  /** Applies the parser; its error is reported as {@code key='value' is invalid: <reason>}. */
  private static <T> T parseAs(String key, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new InvalidInputException(String.format("%s='%s' is invalid: %s", key, value, e.getMessage()), e);
    }
  }

  private static String parse(String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) {
      throw new InvalidInputException("expected " + expected);
    }
    return value;
  }

  private static URI endpoint(String url) {
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidInputException("expected http(s)://HOST[:PORT]");
  }

  private static int number(String text, int min, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException("expected a whole number from " + min + " to " + max);
  }

  private static ModelTraining modelTraining(String text) {
    for (ModelTraining training : ModelTraining.values()) {
      if (training.name().equalsIgnoreCase(text)) {
        return training;
      }
    }
    throw new InvalidInputException("expected local or sagemaker");
  }

  private static long scanLimit(long bytes) {
    if (bytes < 10L << 20) {
      throw new InvalidInputException("must be at least 10MB (Athena's minimum cutoff)");
    }
    return bytes;
  }

  private static Duration positive(Duration duration) {
    if (duration.isZero()) {
      throw new InvalidInputException("must be more than zero");
    }
    return duration;
  }

  private static Duration atLeastAMinute(Duration duration) {
    if (duration.toMinutes() < 1) {
      throw new InvalidInputException("must be at least one minute");
    }
    return duration;
  }

  private static Duration atMost(Duration duration, Duration max) {
    if (duration.compareTo(max) > 0) {
      throw new InvalidInputException("must be at most " + max.toDays() + " days (Athena's longest result reuse)");
    }
    return duration;
  }
}
