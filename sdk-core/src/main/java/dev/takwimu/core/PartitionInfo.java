package dev.takwimu.core;

import java.util.Map;

/**
 * One partition of a dataset version.
 *
 * @param values partition column to value, as it appears in the directory name
 * @param rows rows in the partition
 * @param files Parquet files in the partition
 * @param bytes bytes of those files
 */
public record PartitionInfo(Map<String, String> values, long rows, long files, long bytes) {
  public PartitionInfo {
    values = Map.copyOf(values);
  }
}
