package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the backend runs Glue ETL jobs: the role they assume and the workers of jobs made from configuration.
 *
 * @param role the IAM role (ARN) Glue jobs run as; null when no Glue job is configured
 * @param glueVersion the Glue version of jobs made from configuration ({@code 4.0}: Spark 3.3, Iceberg)
 * @param workerType the worker type of jobs made from configuration ({@code G.1X}: 1 DPU each)
 * @param workers the number of workers of jobs made from configuration (at least 2)
 * @param timeout how long a job run may take before Glue stops it
 * @param bigQuery the BigQuery extract to the raw zone; null for none
 */
public record GlueSettings(String role, String glueVersion, String workerType, int workers, Duration timeout,
    BigQueryExtract bigQuery) {
  /** The worker types Glue 3.0 and later accept for Spark jobs. */
  public static final Set<String> WORKER_TYPES = Set.of("G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "Z.2X");
  static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  /** No Glue jobs configured; the defaults for the rest. */
  public static final GlueSettings NONE = new GlueSettings(null, "4.0", "G.1X", 2, Duration.ofHours(1), null);

  public GlueSettings {
    Objects.requireNonNull(glueVersion, "glueVersion");
    Objects.requireNonNull(workerType, "workerType");
    Objects.requireNonNull(timeout, "timeout");
    if (role != null && !ROLE_ARN.matcher(role).matches()) {
      throw new InvalidInputException("Invalid Glue role '" + role
          + "': expected an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME");
    }
    if (!WORKER_TYPES.contains(workerType)) {
      throw new InvalidInputException("Invalid Glue worker type '" + workerType + "': expected one of "
          + String.join(", ", new java.util.TreeSet<>(WORKER_TYPES)));
    }
    if (workers < 2) {
      throw new InvalidInputException("A Glue Spark job needs at least 2 workers (got " + workers + ")");
    }
    if (timeout.toMinutes() < 1) {
      throw new InvalidInputException("A Glue job timeout must be at least one minute (got " + timeout + ")");
    }
    if (bigQuery != null && role == null) {
      throw new InvalidInputException("The BigQuery extract runs as a Glue job and needs its role: set "
          + AwsProperties.GLUE_ROLE);
    }
  }

  public Optional<String> roleArn() {
    return Optional.ofNullable(role);
  }

  public Optional<BigQueryExtract> bigQueryExtract() {
    return Optional.ofNullable(bigQuery);
  }
}
