package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How stream sinks deliver through Kinesis Data Firehose: the delivery stream of each raw dataset is
 * {@code <namePrefix><dataset name with - for _>} (created when missing, with {@code role} as its delivery role), and
 * records that a call or Firehose refuses are sent again, only those, with jittered exponential backoff from
 * {@code retryBase}, at most {@code attempts} times in all.
 *
 * @param namePrefix prefix of the delivery streams' names; null for {@code <raw database with - for _>-}
 * @param role the IAM role (ARN) Firehose assumes to write to S3; needed only to create a delivery stream
 * @param bufferSize Firehose's S3 buffering size hint, 1 to 128 MiB
 * @param bufferInterval Firehose's S3 buffering interval hint, 0 to 900 seconds
 * @param attempts PutRecordBatch attempts per record (the first and the retries), at least 1
 * @param retryBase the first retry's backoff (doubled each time, up to 20 s, with full jitter)
 * @param activeTimeout how long to wait for a created delivery stream to become ACTIVE
 */
public record FirehoseSettings(String namePrefix, String role, long bufferSize, Duration bufferInterval, int attempts,
    Duration retryBase, Duration activeTimeout) {
  /** No role, 5 MiB and 300 s buffering, 8 attempts from 100 ms, 5 minutes to become active. */
  public static final FirehoseSettings DEFAULT = new FirehoseSettings(null, null, 5L << 20, Duration.ofSeconds(300),
      8, Duration.ofMillis(100), Duration.ofMinutes(5));
  static final Pattern NAME_PREFIX = Pattern.compile("[a-zA-Z0-9_.-]{1,40}");

  public FirehoseSettings {
    if (namePrefix != null && !NAME_PREFIX.matcher(namePrefix).matches()) {
      throw new InvalidInputException("Invalid delivery stream name prefix '" + namePrefix
          + "': use up to 40 letters, digits, '.', '_' and '-'");
    }
    if (role != null && !GlueSettings.ROLE_ARN.matcher(role).matches()) {
      throw new InvalidInputException("Invalid Firehose delivery role '" + role
          + "': expected an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME");
    }
    if (bufferSize < 1L << 20 || bufferSize > 128L << 20) {
      throw new InvalidInputException("The Firehose buffer size must be 1 to 128 MiB (got " + bufferSize + " bytes)");
    }
    Objects.requireNonNull(bufferInterval, "bufferInterval");
    if (bufferInterval.isNegative() || bufferInterval.getSeconds() > 900) {
      throw new InvalidInputException("The Firehose buffer interval must be 0 to 900 s (got " + bufferInterval + ")");
    }
    if (attempts < 1) {
      throw new InvalidInputException("Firehose attempts must be at least 1 (got " + attempts + ")");
    }
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(activeTimeout, "activeTimeout");
  }

  /** Whether anything differs from {@link #DEFAULT}: streaming through Firehose is configured. */
  public boolean configured() {
    return !equals(DEFAULT);
  }

  public FirehoseSettings withNamePrefix(String prefix) {
    return new FirehoseSettings(prefix, role, bufferSize, bufferInterval, attempts, retryBase, activeTimeout);
  }

  public FirehoseSettings withRole(String roleArn) {
    return new FirehoseSettings(namePrefix, roleArn, bufferSize, bufferInterval, attempts, retryBase, activeTimeout);
  }

  public FirehoseSettings withBuffering(long size, Duration interval) {
    return new FirehoseSettings(namePrefix, role, size, interval, attempts, retryBase, activeTimeout);
  }

  public FirehoseSettings withRetries(int attemptsInAll, Duration base) {
    return new FirehoseSettings(namePrefix, role, bufferSize, bufferInterval, attemptsInAll, base, activeTimeout);
  }

  public FirehoseSettings withActiveTimeout(Duration timeout) {
    return new FirehoseSettings(namePrefix, role, bufferSize, bufferInterval, attempts, retryBase, timeout);
  }
}
