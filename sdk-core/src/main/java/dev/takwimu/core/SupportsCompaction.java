package dev.takwimu.core;

/**
 * A lake that can rewrite a dataset's small files into fewer, larger ones: {@code if (lake instanceof
 * SupportsCompaction c) c.compact(id, CompactionOptions.DEFAULT)}.
 */
public interface SupportsCompaction {

  /**
   * Rewrites the current version's small files (those under three quarters of the target size), partition by
   * partition, into files near the target size, as one new version with the same rows, schema and properties. A
   * partition with fewer than {@link CompactionOptions#minFiles()} small files is left as it is; when none qualifies
   * nothing is committed. Versions other writers commit meanwhile are kept: the compaction applies on top of them.
   *
   * @throws NoSuchDatasetException when the dataset does not exist
   */
  CompactionReport compact(DatasetId id, CompactionOptions options);
}
