package dev.takwimu.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the backend reads from an Iceberg table's current metadata file: the schema, the partition columns and the
 * current snapshot's totals. Reading the JSON directly costs one S3 GET, where asking Athena would cost a query.
 *
 * <p>Athena's MERGE, UPDATE and DELETE are merge-on-read: they leave the data files as they are and write
 * position-delete files, and the summary's {@code total-records} still counts the rows those delete. Trino and Athena
 * write one position per deleted row, once, so {@code total-records - total-position-deletes} is the number of rows a
 * reader sees. Equality deletes (Flink, Spark; never Athena) delete by value, any number of rows or none, so with any
 * of them the rows are not known here ({@link #recordsExact()} is false) and must be counted by a query.
 *
 * @param metadataLocation the metadata file read
 * @param location the table's base location
 * @param schema current schema
 * @param partitionColumns identity partition columns of the default spec
 * @param snapshotId the current snapshot, or -1 when the table has none yet
 * @param sequenceNumber the last sequence number; grows by one with every commit
 * @param committedAt when the last write was committed (see {@code writeSnapshotId})
 * @param records rows in the current snapshot: the data files' rows minus the position-deleted ones
 * @param dataFiles data files in the current snapshot; delete files are not counted
 * @param bytes bytes of every file the snapshot reads: data files and delete files
 * @param deleteFiles position- and equality-delete files in the current snapshot
 * @param positionDeletes rows deleted by position (already subtracted from {@code records})
 * @param equalityDeletes equality-delete entries; when positive {@code records} is an upper bound only
 * @param writeSnapshotId the snapshot of the last write: the current one, or, when the snapshots after it only
 *     rewrote files (Iceberg operation {@code replace}: Athena's {@code OPTIMIZE ... REWRITE DATA}), that write's
 */
public record IcebergTable(
    String metadataLocation,
    String location,
    Schema schema,
    List<String> partitionColumns,
    long snapshotId,
    long sequenceNumber,
    Instant committedAt,
    long records,
    long dataFiles,
    long bytes,
    long deleteFiles,
    long positionDeletes,
    long equalityDeletes,
    long writeSnapshotId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether {@link #records()} is exact: no equality deletes, which only a query can apply. */
  public boolean recordsExact() {
    return equalityDeletes == 0;
  }

  /** Whether any delete file is in the snapshot, so per-file and per-partition row counts overstate. */
  public boolean hasDeletes() {
    return deleteFiles > 0 || positionDeletes > 0 || equalityDeletes > 0;
  }

  public static IcebergTable parse(String metadataLocation, byte[] json) {
    try {
      JsonNode root = JSON.readTree(json);
      int schemaId = root.path("current-schema-id").asInt(0);
      JsonNode schemaNode = null;
      for (JsonNode candidate : root.path("schemas")) {
        if (candidate.path("schema-id").asInt() == schemaId) {
          schemaNode = candidate;
        }
      }
      if (schemaNode == null) {
        schemaNode = root.path("schema");
      }
      Map<Integer, String> names = new HashMap<>();
      List<Column> columns = new ArrayList<>();
      for (JsonNode field : schemaNode.path("fields")) {
        names.put(field.path("id").asInt(), field.path("name").asText());
        columns.add(Column.of(field.path("name").asText(), dataType(field.path("type"))));
      }
      int specId = root.path("default-spec-id").asInt(0);
      List<String> partitions = new ArrayList<>();
      for (JsonNode spec : root.path("partition-specs")) {
        if (spec.path("spec-id").asInt() == specId) {
          for (JsonNode field : spec.path("fields")) {
            if ("identity".equals(field.path("transform").asText())) {
              partitions.add(names.get(field.path("source-id").asInt()));
            }
          }
        }
      }
      long snapshotId = root.path("current-snapshot-id").asLong(-1);
      Instant committedAt = Instant.ofEpochMilli(root.path("last-updated-ms").asLong());
      long records = 0;
      long files = 0;
      long bytes = 0;
      long deleteFiles = 0;
      long positionDeletes = 0;
      long equalityDeletes = 0;
      Map<Long, JsonNode> snapshots = new HashMap<>();
      for (JsonNode snapshot : root.path("snapshots")) {
        snapshots.put(snapshot.path("snapshot-id").asLong(), snapshot);
        if (snapshot.path("snapshot-id").asLong() == snapshotId) {
          JsonNode summary = snapshot.path("summary");
          records = summary.path("total-records").asLong(0);
          files = summary.path("total-data-files").asLong(0);
          bytes = summary.path("total-files-size").asLong(0);
          deleteFiles = summary.path("total-delete-files").asLong(0);
          positionDeletes = summary.path("total-position-deletes").asLong(0);
          equalityDeletes = summary.path("total-equality-deletes").asLong(0);
          committedAt = Instant.ofEpochMilli(snapshot.path("timestamp-ms").asLong());
        }
      }
      long writeSnapshotId = writeSnapshot(snapshots, snapshotId);
      if (writeSnapshotId != snapshotId && snapshots.containsKey(writeSnapshotId)) {
        committedAt = Instant.ofEpochMilli(snapshots.get(writeSnapshotId).path("timestamp-ms").asLong());
      }
      return new IcebergTable(metadataLocation, root.path("location").asText(), new Schema(columns),
          List.copyOf(partitions), snapshotId, root.path("last-sequence-number").asLong(0), committedAt,
          Math.max(0, records - positionDeletes), files, bytes, deleteFiles, positionDeletes, equalityDeletes,
          writeSnapshotId);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read Iceberg metadata %s: %s", metadataLocation, e.getMessage());
    }
  }

  /**
   * Walks back over snapshots that only rewrote files (same rows) to the write they rewrote. A parent that VACUUM
   * expired from the metadata is still named by its child, and Takwimu's provenance of it is kept apart from the
   * table's files, so the walk ends there.
   */
  private static long writeSnapshot(Map<Long, JsonNode> snapshots, long current) {
    long id = current;
    JsonNode snapshot = snapshots.get(id);
    while (snapshot != null && "replace".equals(snapshot.path("summary").path("operation").asText())
        && snapshot.hasNonNull("parent-snapshot-id")) {
      id = snapshot.path("parent-snapshot-id").asLong();
      snapshot = snapshots.get(id);
    }
    return id;
  }

  private static DataType dataType(JsonNode type) {
    String name = type.isTextual() ? type.asText() : "struct";
    if (name.startsWith("decimal")) {
      return DataType.DOUBLE;
    }
    return switch (name) {
      case "int" -> DataType.INT;
      case "long" -> DataType.LONG;
      case "double", "float" -> DataType.DOUBLE;
      case "boolean" -> DataType.BOOLEAN;
      case "date" -> DataType.DATE;
      case "timestamp", "timestamptz" -> DataType.TIMESTAMP;
      default -> DataType.STRING;
    };
  }
}
