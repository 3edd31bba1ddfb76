package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A JDBC result as the lake gives it: column types and value kinds (Integer, Long, Double, LocalDate...). */
public final class Results {
  private Results() {}

  /** Reads every row; numeric columns become doubles, as DECIMAL results do on the lake. */
  public static QueryResult read(ResultSet rs) throws SQLException {
    return read(rs, 0);
  }

  /** Reads every row without its first {@code skip} columns. */
  public static QueryResult read(ResultSet rs, int skip) throws SQLException {
    Schema schema = schema(rs.getMetaData(), skip);
    Row.Layout layout = Row.layout(schema.names());
    List<Row> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(layout.row(values(rs, schema, skip)));
    }
    return new QueryResult(schema, rows);
  }

  /** The columns after the first {@code skip}, with the lake's types. */
  public static Schema schema(ResultSetMetaData meta, int skip) throws SQLException {
    List<Column> columns = new ArrayList<>();
    for (int i = skip + 1; i <= meta.getColumnCount(); i++) {
      columns.add(Column.of(meta.getColumnLabel(i), type(meta.getColumnTypeName(i))));
    }
    return new Schema(columns);
  }

  /** The current row's values of these columns, after the first {@code skip}. */
  public static Object[] values(ResultSet rs, Schema schema, int skip) throws SQLException {
    Object[] values = new Object[schema.columns().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(rs, skip + i + 1, schema.columns().get(i).type());
    }
    return values;
  }

  private static DataType type(String pgType) {
    return switch (pgType) {
      case "int2", "int4" -> DataType.INT;
      case "int8" -> DataType.LONG;
      case "float4", "float8", "numeric", "double" -> DataType.DOUBLE;
      case "bool" -> DataType.BOOLEAN;
      case "date" -> DataType.DATE;
      case "timestamp" -> DataType.TIMESTAMP;
      default -> DataType.STRING;
    };
  }

  private static Object value(ResultSet rs, int column, DataType type) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    return switch (type) {
      case INT -> ((Number) value).intValue();
      case LONG -> ((Number) value).longValue();
      case DOUBLE -> value instanceof BigDecimal decimal ? decimal.doubleValue() : ((Number) value).doubleValue();
      case BOOLEAN -> value;
      case DATE -> rs.getObject(column, LocalDate.class);
      case TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
      case STRING -> value.toString();
    };
  }
}
