package dev.takwimu.engine.duckdb;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * An embedded DuckDB for a backend: one in-memory database with bounded memory that spills to a given directory, with
 * the session time zone and the {@code tk_*} macros of {@link DuckDbDialect} set up. Statements run one at a time under
 * {@link #lock()}; streams read through their own duplicated connection. Errors become one-line
 * {@link TakwimuException}s with the driver's exception as the cause.
 */
public final class DuckDb implements AutoCloseable {
  private final DuckDBConnection connection;
  private final ReentrantLock lock = new ReentrantLock();

  /**
   * Starts the database.
   *
   * @param memoryLimit DuckDB's memory limit, e.g. {@code 512MB}
   * @param threads worker threads
   * @param spillDirectory where DuckDB spills beyond the limit; created by DuckDB when it first spills
   * @throws TakwimuException when DuckDB cannot start (for example, no native library for this platform)
   */
  public DuckDb(String memoryLimit, int threads, Path spillDirectory) {
    Properties properties = new Properties();
    properties.setProperty("memory_limit", memoryLimit);
    properties.setProperty("threads", Integer.toString(threads));
    properties.setProperty("temp_directory", spillDirectory.toString());
    try {
      Class.forName("org.duckdb.DuckDBDriver");
      this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = 'Africa/Nairobi'");
        for (String macro : DuckDbDialect.MACROS) {
          statement.execute(macro);
        }
      }
    } catch (SQLException | ClassNotFoundException e) {
      throw new TakwimuException("Cannot start embedded DuckDB (memory_limit=" + memoryLimit + "): "
          + e.getMessage(), e);
    } catch (LinkageError e) { // ExceptionInInitializerError, or NoClassDefFoundError on a later attempt
      // the driver found no native library for this platform, neither in its jar nor beside it
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new TakwimuException("Cannot start embedded DuckDB: its native library did not load: "
          + root.getMessage(), e);
    }
  }

  /** Held while a caller runs a sequence of statements that must not interleave with another caller's. */
  public ReentrantLock lock() {
    return lock;
  }

  /** Runs a statement with its {@code ?} placeholders bound to the values in order. */
  public void execute(String sql, List<?> params) {
    try (PreparedStatement statement = prepare(sql, params)) {
      statement.execute();
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  public void execute(String sql) {
    execute(sql, List.of());
  }

  /** Runs a statement that returns a count (COPY, CREATE TABLE AS) and returns it. */
  public long executeCount(String sql, List<?> params) {
    try (PreparedStatement statement = prepare(sql, params)) {
      boolean hasResult = statement.execute();
      if (hasResult) {
        try (ResultSet result = statement.getResultSet()) {
          return result.next() ? result.getLong(1) : 0;
        }
      }
      return Math.max(0, statement.getUpdateCount());
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  /**
   * Runs a {@code COPY ... TO ... (..., RETURN_STATS true)} and returns the rows written to each file, by the file's
   * path as DuckDB reports it. Only the file name and row count columns are read.
   */
  public java.util.Map<String, Long> copyWithStats(String sql, List<?> params) {
    try (PreparedStatement statement = prepare(sql, params); ResultSet result = statement.executeQuery()) {
      java.util.Map<String, Long> rows = new java.util.LinkedHashMap<>();
      while (result.next()) {
        rows.merge(result.getString(1), result.getLong(2), Long::sum);
      }
      return rows;
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  /** Runs a query and collects its rows; for small results only. */
  public List<Row> query(String sql, List<?> params) {
    try (PreparedStatement statement = prepare(sql, params); ResultSet result = statement.executeQuery()) {
      Row.Layout layout = Row.layout(columnNames(result.getMetaData()));
      Class<?>[] readTypes = readTypes(result.getMetaData());
      List<Row> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(layout.row(values(result, readTypes)));
      }
      return rows;
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  /** The columns a query would return, without running it. */
  public Schema describe(String sql, List<?> params) {
    try (PreparedStatement statement = prepare("SELECT * FROM (" + sql + ") tk_described LIMIT 0", params);
         ResultSet result = statement.executeQuery()) {
      ResultSetMetaData meta = result.getMetaData();
      List<Column> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(Column.of(meta.getColumnLabel(i), dataType(meta.getColumnLabel(i), meta.getColumnTypeName(i))));
      }
      return new Schema(columns);
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  /** A new connection to the same database, for a reader that outlives one call. */
  public Connection duplicate() {
    try {
      return connection.duplicate();
    } catch (SQLException e) {
      throw new TakwimuException("Cannot open a DuckDB connection: " + e.getMessage(), e);
    }
  }

  /** The main connection, for appenders; hold {@link #lock()} while using it. */
  public DuckDBConnection connection() {
    return connection;
  }

  private PreparedStatement prepare(String sql, List<?> params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(numberPlaceholders(sql));
    bind(statement, params);
    return statement;
  }

  /**
   * Rewrites each {@code ?} outside literals, quoted identifiers and comments (line and block) as
   * {@code $1, $2, ...} in text order.
   * DuckDB numbers bare {@code ?} in the order it binds clauses (a table function's arguments before the select list),
   * so without this the values would land on the wrong placeholders.
   */
  public static String numberPlaceholders(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int next = 1;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < sql.length()) {
          if (sql.charAt(end) == c) {
            if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        out.append(sql, i, Math.min(end + 1, sql.length()));
        i = end;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? sql.length() : end + 2;
        out.append(sql, i, end);
        i = end - 1;
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append(sql, i, end);
        i = end - 1;
      } else if (c == '?') {
        out.append('$').append(next++);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Binds the values to the statement's placeholders in order. */
  public static void bind(PreparedStatement statement, List<?> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
    }
  }

  /** The result's column labels in order. */
  public static List<String> columnNames(ResultSetMetaData meta) throws SQLException {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      names.add(meta.getColumnLabel(i));
    }
    return names;
  }

  /** Column kinds read with a typed getter, so dates and timestamps never pass through the JVM's time zone. */
  public static Class<?>[] readTypes(ResultSetMetaData meta) throws SQLException {
    Class<?>[] types = new Class<?>[meta.getColumnCount()];
    for (int i = 0; i < types.length; i++) {
      String type = meta.getColumnTypeName(i + 1).toUpperCase(java.util.Locale.ROOT);
      types[i] = type.equals("DATE") ? LocalDate.class : type.equals("TIMESTAMP") ? LocalDateTime.class : null;
    }
    return types;
  }

  /** The current row's values, read as {@link #readTypes} says. */
  public static Object[] values(ResultSet result, Class<?>[] readTypes) throws SQLException {
    Object[] values = new Object[readTypes.length];
    for (int i = 0; i < readTypes.length; i++) {
      values[i] = readTypes[i] != null ? result.getObject(i + 1, readTypes[i]) : javaValue(result.getObject(i + 1));
    }
    return values;
  }

  /** Normalizes JDBC values to the types {@link Row} documents. */
  public static Object javaValue(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toLocalDateTime();
    }
    if (value instanceof BigInteger big) {
      return big.longValueExact();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Short s) {
      return s.intValue();
    }
    if (value instanceof Byte b) {
      return b.intValue();
    }
    return value;
  }

  /** Maps a DuckDB column type to the lake's types; types the lake cannot hold are refused with a hint. */
  public static DataType dataType(String column, String duckType) {
    String type = duckType.toUpperCase(java.util.Locale.ROOT);
    switch (type) {
      case "VARCHAR":
        return DataType.STRING;
      case "INTEGER": case "SMALLINT": case "TINYINT": case "USMALLINT": case "UTINYINT":
        return DataType.INT;
      case "BIGINT": case "UINTEGER":
        return DataType.LONG;
      case "DOUBLE": case "FLOAT":
        return DataType.DOUBLE;
      case "BOOLEAN":
        return DataType.BOOLEAN;
      case "DATE":
        return DataType.DATE;
      case "TIMESTAMP":
        return DataType.TIMESTAMP;
      default:
        if (type.startsWith("DECIMAL")) {
          return DataType.DOUBLE;
        }
        throw new InvalidInputException(String.format(
            "Column %s has type %s, which a dataset cannot hold; cast it to BIGINT, DOUBLE, VARCHAR, DATE or TIMESTAMP",
            column, duckType));
    }
  }

  /** The DuckDB type a lake type is stored as. */
  public static String sqlType(DataType type) {
    return switch (type) {
      case STRING -> "VARCHAR";
      case INT -> "INTEGER";
      case LONG -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
    };
  }

  /** Turns a DuckDB error into one line a user can act on, keeping the original as the cause. */
  public static TakwimuException translate(SQLException e, String sql) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String firstLines = message.lines().limit(3).map(String::trim).filter(l -> !l.isEmpty())
        .reduce((a, b) -> a + " | " + b).orElse(message);
    return new TakwimuException("Query failed: " + firstLines, e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing an in-memory database cannot lose data; nothing for the caller to do
    }
  }
}
