package dev.takwimu.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Schema;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The external table definition of a DMS S3 source endpoint, generated from the lake's schemas ("Defining external
 * tables for Amazon S3 as a source for AWS DMS", DMS user guide): {@code TableCount}, one {@code Tables} entry per
 * dataset ({@code TableName}, {@code TablePath = <zone>/<name>/}, {@code TableOwner = <zone>}, {@code TableColumns},
 * {@code TableColumnsTotal}); values are strings, as in the guide's examples. STRING columns carry
 * {@code ColumnLength}, the longest value in UTF-8 bytes (at least 1); key columns {@code ColumnIsPk} and
 * {@code ColumnNullable false}.
 */
public final class DmsTableDefinition {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The guide's limit on the document's size. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private DmsTableDefinition() {}

  /**
   * One table of the definition.
   *
   * @param dataset the dataset; its zone is the schema, its name the table
   * @param schema the columns, in file order
   * @param primaryKey the key columns (ColumnIsPk); empty for none
   * @param stringBytes per STRING column, the longest value's UTF-8 length (missing or 0: 1)
   */
  public record Table(DatasetId dataset, Schema schema, List<String> primaryKey, Map<String, Long> stringBytes) {
    public Table {
      Objects.requireNonNull(dataset, "dataset");
      primaryKey = List.copyOf(primaryKey);
      stringBytes = Map.copyOf(stringBytes);
      for (String key : primaryKey) {
        if (schema.column(key).isEmpty()) {
          throw new InvalidInputException("Key column " + key + " of " + dataset + " is not in the dataset (found: "
              + String.join(", ", schema.names()) + ")");
        }
      }
    }

    /** The folder of its files below the endpoint's bucket folder. */
    public String path() {
      return dataset.zone().id() + "/" + dataset.name() + "/";
    }
  }

  /** The DMS source type of a lake type. */
  static String dmsType(DataType type) {
    return switch (type) {
      case STRING -> "STRING";
      case INT -> "INT4";
      case LONG -> "INT8";
      case DOUBLE -> "REAL8";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIMESTAMP -> "DATETIME";
    };
  }

  /** The JSON of one table's entry. */
  public static ObjectNode table(Table table) {
    ObjectNode node = JSON.createObjectNode();
    node.put("TableName", table.dataset().name());
    node.put("TablePath", table.path());
    node.put("TableOwner", table.dataset().zone().id());
    ArrayNode columns = node.putArray("TableColumns");
    for (Column column : table.schema().columns()) {
      ObjectNode c = columns.addObject();
      c.put("ColumnName", column.name());
      c.put("ColumnType", dmsType(column.type()));
      if (column.type() == DataType.STRING) {
        c.put("ColumnLength", Long.toString(Math.max(1, table.stringBytes().getOrDefault(column.name(), 0L))));
      }
      if (column.type() == DataType.TIMESTAMP) {
        c.put("ColumnScale", "3"); // milliseconds, as exported (DmsExport)
      }
      boolean key = table.primaryKey().contains(column.name());
      c.put("ColumnNullable", Boolean.toString(!key));
      if (key) {
        c.put("ColumnIsPk", "true");
      }
    }
    node.put("TableColumnsTotal", Integer.toString(table.schema().columns().size()));
    return node;
  }

  /**
   * The whole definition.
   *
   * @throws InvalidInputException when it exceeds the 2 MB DMS accepts
   */
  public static String of(List<Table> tables) {
    ObjectNode root = JSON.createObjectNode();
    root.put("TableCount", Integer.toString(tables.size()));
    ArrayNode array = root.putArray("Tables");
    tables.forEach(t -> array.add(table(t)));
    try {
      String json = JSON.writeValueAsString(root);
      if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
        throw new InvalidInputException("The DMS table definition of " + tables.size() + " tables exceeds DMS's 2 MB:"
            + " migrate fewer datasets at a time (--datasets)");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
