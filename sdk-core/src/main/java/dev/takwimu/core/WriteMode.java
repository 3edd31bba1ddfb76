package dev.takwimu.core;

/** How a write combines with the dataset's current version. */
public enum WriteMode {
  /** Adds the new rows to the current ones. */
  APPEND,
  /** Replaces the whole dataset. */
  OVERWRITE,
  /** Replaces only the partitions the new rows fall into; other partitions are kept. */
  OVERWRITE_PARTITIONS
}
