package dev.takwimu.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What one compaction did.
 *
 * @param dataset the dataset
 * @param filesBefore files of the version the compaction started from (the latest one, other writers' included)
 * @param filesAfter files of the version it committed; equal to {@code filesBefore} when it committed nothing
 * @param filesRewritten small files read and rewritten
 * @param rows rows of the dataset, the same before and after
 * @param versionBefore the version the compaction replaced
 * @param version the version it committed; equal to {@code versionBefore} when nothing was worth rewriting
 * @param duration wall-clock time
 */
public record CompactionReport(DatasetId dataset, long filesBefore, long filesAfter, long filesRewritten, long rows,
    long versionBefore, long version, Duration duration) {
  public CompactionReport {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(duration, "duration");
  }

  /** Whether a new version was committed. */
  public boolean compacted() {
    return version != versionBefore;
  }
}
