package dev.takwimu.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to write a dataset.
 *
 * @param mode append, overwrite or overwrite-partitions
 * @param partitionBy columns laid out as Hive-style directories ({@code txn_date=2024-05-01/}); empty for none
 * @param properties free-form provenance recorded with the new version (e.g. the stage or batch that wrote it)
 */
public record WriteOptions(WriteMode mode, List<String> partitionBy, Map<String, String> properties) {
  public WriteOptions {
    Objects.requireNonNull(mode, "mode");
    partitionBy = List.copyOf(partitionBy);
    properties = Map.copyOf(properties);
    if (mode == WriteMode.OVERWRITE_PARTITIONS && partitionBy.isEmpty()) {
      throw new IllegalArgumentException("OVERWRITE_PARTITIONS needs partition columns");
    }
  }

  public static WriteOptions overwrite() {
    return new WriteOptions(WriteMode.OVERWRITE, List.of(), Map.of());
  }

  public static WriteOptions append() {
    return new WriteOptions(WriteMode.APPEND, List.of(), Map.of());
  }

  public WriteOptions withMode(WriteMode newMode) {
    return new WriteOptions(newMode, partitionBy, properties);
  }

  public WriteOptions partitionedBy(String... columns) {
    return new WriteOptions(mode, List.of(columns), properties);
  }

  public WriteOptions withProperties(Map<String, String> newProperties) {
    return new WriteOptions(mode, partitionBy, newProperties);
  }
}
