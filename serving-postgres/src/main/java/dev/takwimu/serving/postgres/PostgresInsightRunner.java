package dev.takwimu.serving.postgres;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.internal.RecordMapper;
import dev.takwimu.serving.postgres.internal.Jdbc;
import dev.takwimu.serving.postgres.internal.PgNames;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs insight queries on the tables a {@link PostgresServingStore} serves (docs/serving.md): each input alias becomes
 * a common table expression over its dataset's table, and the portable SQL runs unchanged thanks to two
 * objects in schema {@code takwimu}: the type {@code double} (a domain over double precision) and
 * {@code round(double precision, integer)}, which rounds the double's shortest decimal text as DuckDB and Trino round
 * the double itself.
 */
public final class PostgresInsightRunner implements InsightRunner {
  /** A query that starts with its own WITH (or WITH RECURSIVE) list. */
  private static final Pattern LEADING_WITH =
      Pattern.compile("\\s*(WITH(?:\\s+RECURSIVE)?)\\s+", Pattern.CASE_INSENSITIVE);

  private final Connection connection;
  private boolean prepared;

  PostgresInsightRunner(Connection connection) {
    this.connection = connection;
  }

  @Override
  public <R extends Record> List<R> run(InsightQuery<R> query) {
    RecordMapper<R> mapper = RecordMapper.of(query.rowType());
    return runUntyped(query).rows().stream().map(mapper::map).toList();
  }

  @Override
  public synchronized QueryResult runUntyped(InsightQuery<?> query) {
    try {
      prepare();
      for (DatasetId input : query.inputs().values()) {
        if (!tableExists(input)) {
          throw new NoSuchDatasetException(input, "migrate it first: takwimu migrate --datasets " + input);
        }
      }
      try (PreparedStatement statement = connection.prepareStatement(withInputs(query))) {
        for (int i = 0; i < query.params().size(); i++) {
          statement.setObject(i + 1, query.params().get(i));
        }
        try (ResultSet rs = statement.executeQuery()) {
          return result(rs);
        }
      }
    } catch (SQLException e) {
      throw new TakwimuException(e, "Cannot run insight %s on PostgreSQL: %s", query.name(), Jdbc.firstLine(e));
    }
  }

  /**
   * The query with each input alias defined as a common table expression over its dataset's table, joined to the
   * query's own {@code WITH} list when it has one. Not a view: a view, even a temporary one, would be an object
   * depending on the table, and a migration replacing the table meanwhile would fail on it.
   */
  static String withInputs(InsightQuery<?> query) {
    String inputs = query.inputs().entrySet().stream()
        .map(input -> PgNames.quote(input.getKey()) + " AS NOT MATERIALIZED (SELECT * FROM "
            + PgNames.table(input.getValue()) + ")")
        .collect(Collectors.joining(", "));
    if (inputs.isEmpty()) {
      return query.sql();
    }
    Matcher with = LEADING_WITH.matcher(query.sql());
    if (with.lookingAt()) {
      return with.group(1) + " " + inputs + ", " + query.sql().substring(with.end());
    }
    return "WITH " + inputs + "\n" + query.sql();
  }

  /** Creates the portable SQL's type and function once per session (and in the database when missing). */
  private void prepare() throws SQLException {
    if (prepared) {
      return;
    }
    try {
      Jdbc.execute(connection, "CREATE DOMAIN takwimu.\"double\" AS double precision");
    } catch (SQLException e) {
      if (!"42710".equals(e.getSQLState())) {
        throw e;
      }
    }
    Jdbc.createIfMissing(connection, "CREATE OR REPLACE FUNCTION takwimu.round(double precision, integer)"
        + " RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
        + " AS 'SELECT round(CAST(CAST($1 AS text) AS numeric), $2)::double precision'");
    Jdbc.execute(connection, "SET extra_float_digits = 1");   // shortest exact text of a double (PostgreSQL 12+)
    Jdbc.execute(connection, "SET search_path = public, takwimu");
    prepared = true;
  }

  private boolean tableExists(DatasetId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, PgNames.table(id));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The result's rows with the lake's value kinds (Integer, Long, Double, LocalDate, LocalDateTime...). */
  static List<Row> rows(ResultSet rs) throws SQLException {
    return result(rs).rows();
  }

  private static QueryResult result(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Column> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(Column.of(meta.getColumnLabel(i), type(meta.getColumnTypeName(i))));
    }
    Schema schema = new Schema(columns);
    Row.Layout layout = Row.layout(schema.names());
    List<Row> rows = new ArrayList<>();
    while (rs.next()) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = value(rs, i + 1, columns.get(i).type());
      }
      rows.add(layout.row(values));
    }
    return new QueryResult(schema, rows);
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
