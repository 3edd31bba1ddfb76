package dev.takwimu.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a dataset's current version holds.
 *
 * @param id the dataset
 * @param version increases by one with every committed write
 * @param schema columns, partition columns included
 * @param partitionColumns columns laid out as directories; empty when not partitioned
 * @param rows rows in this version
 * @param files Parquet files in this version
 * @param bytes bytes of those files
 * @param partitions one entry per partition; empty when not partitioned
 * @param location where exactly this version's Parquet files are, readable by any Parquet tool
 * @param committedAt when this version was committed
 * @param properties provenance of this version (writer, mode, batch, stage...)
 */
public record DatasetInfo(
    DatasetId id,
    long version,
    Schema schema,
    List<String> partitionColumns,
    long rows,
    long files,
    long bytes,
    List<PartitionInfo> partitions,
    String location,
    Instant committedAt,
    Map<String, String> properties) {
  public DatasetInfo {
    partitionColumns = List.copyOf(partitionColumns);
    partitions = List.copyOf(partitions);
    properties = Map.copyOf(properties);
  }
}
