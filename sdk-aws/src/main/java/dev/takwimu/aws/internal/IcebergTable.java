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
 * @param metadataLocation the metadata file read
 * @param location the table's base location
 * @param schema current schema
 * @param partitionColumns identity partition columns of the default spec
 * @param snapshotId the current snapshot, or -1 when the table has none yet
 * @param sequenceNumber the last sequence number; grows by one with every commit
 * @param committedAt when the current snapshot was committed
 * @param records rows in the current snapshot
 * @param dataFiles data files in the current snapshot
 * @param bytes bytes of those files
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
    long bytes) {
  private static final ObjectMapper JSON = new ObjectMapper();

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
      for (JsonNode snapshot : root.path("snapshots")) {
        if (snapshot.path("snapshot-id").asLong() == snapshotId) {
          JsonNode summary = snapshot.path("summary");
          records = summary.path("total-records").asLong(0);
          files = summary.path("total-data-files").asLong(0);
          bytes = summary.path("total-files-size").asLong(0);
          committedAt = Instant.ofEpochMilli(snapshot.path("timestamp-ms").asLong());
        }
      }
      return new IcebergTable(metadataLocation, root.path("location").asText(), new Schema(columns),
          List.copyOf(partitions), snapshotId, root.path("last-sequence-number").asLong(0), committedAt, records,
          files, bytes);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read Iceberg metadata %s: %s", metadataLocation, e.getMessage());
    }
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
