package dev.takwimu.core;

/**
 * How {@link SupportsCompaction#compact} rewrites small files.
 *
 * @param targetFileBytes the size written files aim at; a file under three quarters of it counts as small (at least
 *     1 KiB)
 * @param minFiles the fewest small files of one partition worth rewriting (at least 2)
 */
public record CompactionOptions(long targetFileBytes, int minFiles) {
  /** Files of 128 MiB; any partition with 2 small files or more. */
  public static final CompactionOptions DEFAULT = new CompactionOptions(128L * 1024 * 1024, 2);

  public CompactionOptions {
    if (targetFileBytes < 1024) {
      throw new IllegalArgumentException("targetFileBytes must be at least 1024, got " + targetFileBytes);
    }
    if (minFiles < 2) {
      throw new IllegalArgumentException("minFiles must be at least 2, got " + minFiles);
    }
  }

  /** Files under three quarters of the target are small: rewriting a file near the target would gain nothing. */
  public long smallFileBytes() {
    return targetFileBytes / 4 * 3;
  }

  public CompactionOptions withTargetFileBytes(long bytes) {
    return new CompactionOptions(bytes, minFiles);
  }

  public CompactionOptions withMinFiles(int files) {
    return new CompactionOptions(targetFileBytes, files);
  }
}
