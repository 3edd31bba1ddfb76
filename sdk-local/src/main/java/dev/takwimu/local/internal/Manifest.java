package dev.takwimu.local.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.Schema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed description of one dataset version, stored as {@code _meta/vNNNNNNNN.json}; its appearance is the commit.
 *
 * @param format manifest format number, for later migrations
 * @param dataset {@code zone/name}
 * @param version the version number
 * @param committedAt commit time, ISO-8601 UTC
 * @param schema columns in order, partition columns included
 * @param partitionColumns Hive-style partition columns
 * @param files every Parquet file of the version, relative to the version directory
 * @param properties provenance
 * @param transaction set while the version is one part of a commit across datasets that has not finished: the version is
 *     visible only once the lake's record of that transaction exists (see {@link DatasetDirectory}); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Manifest(
    @JsonProperty("format") int format,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("version") long version,
    @JsonProperty("committed_at") String committedAt,
    @JsonProperty("schema") List<ColumnEntry> schema,
    @JsonProperty("partition_columns") List<String> partitionColumns,
    @JsonProperty("files") List<FileEntry> files,
    @JsonProperty("properties") Map<String, String> properties,
    @JsonProperty("transaction") String transaction) {

  static final int FORMAT = 1;

  Manifest(int format, String dataset, long version, String committedAt, List<ColumnEntry> schema,
      List<String> partitionColumns, List<FileEntry> files, Map<String, String> properties) {
    this(format, dataset, version, committedAt, schema, partitionColumns, files, properties, null);
  }

  Manifest withTransaction(String id) {
    return new Manifest(format, dataset, version, committedAt, schema, partitionColumns, files, properties, id);
  }

  record ColumnEntry(@JsonProperty("name") String name, @JsonProperty("type") DataType type) {}

  /** One data file: its path inside the version directory, rows, bytes, and partition values. */
  record FileEntry(
      @JsonProperty("path") String path,
      @JsonProperty("rows") long rows,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("partition") Map<String, String> partition) {}

  Schema toSchema() {
    return new Schema(schema.stream().map(c -> Column.of(c.name(), c.type())).toList());
  }

  static List<ColumnEntry> entries(Schema schema) {
    return schema.columns().stream().map(c -> new ColumnEntry(c.name(), c.type())).toList();
  }

  long rows() {
    return files.stream().mapToLong(FileEntry::rows).sum();
  }

  DatasetInfo toInfo(Path versionDirectory) {
    Map<Map<String, String>, long[]> byPartition = new LinkedHashMap<>();
    if (!partitionColumns.isEmpty()) {
      for (FileEntry file : files) {
        if (file.partition() == null || file.partition().isEmpty()) {
          continue;
        }
        long[] totals = byPartition.computeIfAbsent(new TreeMap<>(file.partition()), k -> new long[3]);
        totals[0] += file.rows();
        totals[1] += 1;
        totals[2] += file.bytes();
      }
    }
    List<PartitionInfo> partitions = new ArrayList<>();
    byPartition.forEach((values, t) -> partitions.add(new PartitionInfo(values, t[0], t[1], t[2])));
    return new DatasetInfo(DatasetId.parse(dataset), version, toSchema(), partitionColumns, rows(), files.size(),
        files.stream().mapToLong(FileEntry::bytes).sum(), partitions, versionDirectory.toString(), Instant.parse(committedAt),
        properties);
  }
}
