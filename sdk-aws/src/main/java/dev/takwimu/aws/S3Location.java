package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bucket and a key (an object) or key prefix (a "directory", ending with {@code /}), written {@code s3://bucket/key}.
 *
 * @param bucket the bucket name
 * @param prefix the key or key prefix
 */
public record S3Location(String bucket, String prefix) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new InvalidInputException("Invalid S3 bucket name '" + bucket
          + "': use 3-63 lower-case letters, digits, dots and hyphens");
    }
    if (prefix.startsWith("/")) {
      throw new InvalidInputException("Invalid S3 prefix '" + prefix + "': must not start with /");
    }
  }

  /** Parses {@code s3://bucket} or {@code s3://bucket/prefix}. */
  public static S3Location parse(String uri) {
    String text = uri == null ? "" : uri.trim();
    if (!text.startsWith("s3://") || text.length() == 5) {
      throw new InvalidInputException("Invalid S3 location '" + uri + "': expected s3://BUCKET or s3://BUCKET/PREFIX");
    }
    String rest = text.substring(5);
    int slash = rest.indexOf('/');
    return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The same location as a directory: its prefix ends with {@code /} (or is empty: the bucket's root). */
  public S3Location directory() {
    return prefix.isEmpty() || prefix.endsWith("/") ? this : new S3Location(bucket, prefix + "/");
  }

  /** The location of a key or sub-prefix below this one ({@code child} without a leading slash). */
  public S3Location resolve(String child) {
    return new S3Location(bucket, directory().prefix + child);
  }

  /** The key of a name inside this prefix. */
  public String key(String name) {
    return directory().prefix + name;
  }

  public String uri() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public String toString() {
    return uri();
  }
}
