package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Insight results computed at migration time and kept as small tables in schema {@value #SCHEMA}, one per insight,
 * rows numbered in the query's order. {@code takwimu.insights} records for each the query it ran (a hash of its
 * name, SQL, inputs and parameters) and the versions of its input datasets it was computed from, as
 * {@code takwimu.migrations} held them: a stored result is served only while both still match, so a dataset migrated
 * since (by any process) makes readers run the query live until the result is computed again.
 */
public final class StoredInsights {
  /** The schema of the stored results. */
  public static final String SCHEMA = "takwimu_insights";
  /** The bookkeeping table, schema-qualified. */
  public static final String TABLE = "takwimu.insights";
  private static final String ROW_NUMBER = "_takwimu_row";
  private static final String STAGING_PREFIX = "_tk_new_";
  /** Changes whenever the way results are stored changes, so older stored results are not served. */
  private static final String FORMAT = "1";
  /** The recorded version of each input, one text: {@code cleaned/x=3@2026-...;curated/y=1@...}. */
  private static final String INPUT_VERSIONS = "coalesce((SELECT string_agg(m.dataset || '=' || m.lake_version"
      + " || '@' || m.lake_committed_at, ';' ORDER BY m.dataset) FROM " + Bookkeeping.TABLE
      + " m WHERE m.dataset = ANY (?)), '')";

  private static final Logger LOG = LoggerFactory.getLogger(StoredInsights.class);

  private StoredInsights() {}

  /** Creates the schema and the bookkeeping table when missing. */
  public static void create(Connection connection) throws SQLException {
    Jdbc.createIfMissing(connection, "CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
    Jdbc.createIfMissing(connection, "CREATE TABLE IF NOT EXISTS " + TABLE + " (insight text PRIMARY KEY, "
        + "table_name text NOT NULL, query_hash text NOT NULL, inputs text NOT NULL, rows bigint NOT NULL, "
        + "computed_at timestamp with time zone NOT NULL DEFAULT now(), seconds double precision NOT NULL)");
  }

  /** True when the bookkeeping table exists (a database a store of this version has opened). */
  public static boolean exist(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * The stored result of the query when it is current (same query, computed from the inputs' served versions), in one
   * statement; empty when it is not current.
   *
   * @throws SQLException with state 42P01 when the query has no stored table (call {@link #current} first)
   */
  public static Optional<QueryResult> read(Connection connection, InsightQuery<?> query) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT c.current, t.* FROM (SELECT EXISTS ("
        + "SELECT 1 FROM " + TABLE + " WHERE insight = ? AND query_hash = ? AND inputs = " + INPUT_VERSIONS
        + ") AS current) c LEFT JOIN " + SCHEMA + "." + PgNames.quote(tableName(query.name())) + " t ON c.current"
        + " ORDER BY t." + ROW_NUMBER)) {
      statement.setString(1, query.name());
      statement.setString(2, hash(query));
      statement.setArray(3, inputArray(connection, query));
      try (ResultSet rs = statement.executeQuery()) {
        // one row with a null row number (not current, or an empty result), or the result's rows
        Schema schema = Results.schema(rs.getMetaData(), 2);
        Row.Layout layout = Row.layout(schema.names());
        List<Row> rows = new ArrayList<>();
        boolean current = false;
        while (rs.next()) {
          current = rs.getBoolean(1);
          if (current && rs.getObject(2) != null) {
            rows.add(layout.row(Results.values(rs, schema, 2)));
          }
        }
        return current ? Optional.of(new QueryResult(schema, rows)) : Optional.empty();
      }
    }
  }

  /** True when the query's stored result is current (and its table there). */
  public static boolean current(Connection connection, InsightQuery<?> query) throws SQLException {
    return currentTable(connection, query).isPresent();
  }

  private static Optional<String> currentTable(Connection connection, InsightQuery<?> query) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT table_name FROM " + TABLE
        + " WHERE insight = ? AND query_hash = ? AND inputs = " + INPUT_VERSIONS
        + " AND to_regclass('" + SCHEMA + ".' || quote_ident(table_name)) IS NOT NULL")) {
      statement.setString(1, query.name());
      statement.setString(2, hash(query));
      statement.setArray(3, inputArray(connection, query));
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * After a migration of {@code dataset} (or a finding that it is up to date), computes again the stored result of
   * each of these queries that reads it and is not current; part of the caller's transaction, each query under a
   * savepoint: a query that fails (its SQL no longer fits the new version, say) keeps no stored result and is logged,
   * and the migration goes on (readers run it live, and see its error).
   */
  public static void refresh(Connection connection, Collection<InsightQuery<?>> queries, DatasetId dataset)
      throws SQLException {
    for (InsightQuery<?> query : queries) {
      if (!query.inputs().containsValue(dataset) || current(connection, query)) {
        continue;
      }
      Savepoint savepoint = connection.setSavepoint();
      try {
        store(connection, query);
        connection.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        connection.rollback(savepoint);
        LOG.warn("Cannot store the result of insight {} after migrating {}: {}", query.name(), dataset,
            Jdbc.firstLine(e));
      }
    }
  }

  /**
   * Runs the query on the served tables and stores its result in place of the previous one, with the inputs'
   * versions; part of the caller's transaction. Does nothing when an input has not been migrated.
   *
   * @return true when stored
   */
  public static boolean store(Connection connection, InsightQuery<?> query) throws SQLException {
    long start = System.nanoTime();
    String inputs;
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + INPUT_VERSIONS + ", (SELECT count(*)"
        + " FROM " + Bookkeeping.TABLE + " WHERE dataset = ANY (?))")) {
      statement.setArray(1, inputArray(connection, query));
      statement.setArray(2, inputArray(connection, query));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        if (rs.getLong(2) < query.inputs().values().stream().distinct().count()) {
          return false;
        }
        inputs = rs.getString(1);
      }
    }
    Jdbc.execute(connection, PortableSql.SETTINGS);
    QueryResult result = PortableSql.run(connection, query);
    String table = tableName(query.name());
    String staging = SCHEMA + "." + PgNames.quote(STAGING_PREFIX + shortHash(query.name()));
    Jdbc.execute(connection, "DROP TABLE IF EXISTS " + staging);
    List<Column> columns = result.schema().columns();
    Jdbc.execute(connection, "CREATE TABLE " + staging + " (" + ROW_NUMBER + " integer NOT NULL" + columns.stream()
        .map(c -> ", " + PgNames.quote(c.name()) + " " + PgTypes.sqlType(c.type())).collect(Collectors.joining())
        + ")");
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + staging + " VALUES (?"
        + ", ?".repeat(columns.size()) + ")")) {
      int number = 0;
      for (Row row : result.rows()) {
        insert.setInt(1, ++number);
        for (int c = 0; c < columns.size(); c++) {
          bind(insert, c + 2, columns.get(c), row.get(c));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
    Jdbc.execute(connection, "DROP TABLE IF EXISTS " + SCHEMA + "." + PgNames.quote(table));
    Jdbc.execute(connection, "ALTER TABLE " + staging + " RENAME TO " + PgNames.quote(table));
    try (PreparedStatement record = connection.prepareStatement("INSERT INTO " + TABLE
        + " (insight, table_name, query_hash, inputs, rows, computed_at, seconds) VALUES (?, ?, ?, ?, ?, now(), ?)"
        + " ON CONFLICT (insight) DO UPDATE SET table_name = EXCLUDED.table_name, query_hash = EXCLUDED.query_hash,"
        + " inputs = EXCLUDED.inputs, rows = EXCLUDED.rows, computed_at = EXCLUDED.computed_at,"
        + " seconds = EXCLUDED.seconds")) {
      record.setString(1, query.name());
      record.setString(2, table);
      record.setString(3, hash(query));
      record.setString(4, inputs);
      record.setLong(5, result.rows().size());
      record.setDouble(6, (System.nanoTime() - start) / 1e9);
      record.executeUpdate();
    }
    return true;
  }

  private static void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, switch (column.type()) {
        case STRING -> Types.VARCHAR;
        case INT -> Types.INTEGER;
        case LONG -> Types.BIGINT;
        case DOUBLE -> Types.DOUBLE;
        case BOOLEAN -> Types.BOOLEAN;
        case DATE -> Types.DATE;
        case TIMESTAMP -> Types.TIMESTAMP;
      });
      return;
    }
    switch (column.type()) {
      case DOUBLE -> statement.setDouble(index, (Double) value);
      case LONG -> statement.setLong(index, (Long) value);
      case INT -> statement.setInt(index, (Integer) value);
      default -> statement.setObject(index, value);
    }
  }

  /** The insight's table: its name when PostgreSQL keeps it whole, else a name made from its hash. */
  static String tableName(String insight) {
    return PgNames.fits(insight) && !insight.startsWith(STAGING_PREFIX) ? insight
        : "insight_" + shortHash(insight);
  }

  private static java.sql.Array inputArray(Connection connection, InsightQuery<?> query) throws SQLException {
    return connection.createArrayOf("text", query.inputs().values().stream().map(DatasetId::toString).distinct()
        .toArray());
  }

  /** What identifies the query's result: its name, SQL, inputs and parameters (with their Java types). */
  static String hash(InsightQuery<?> query) {
    String text = FORMAT + "\n" + query.name() + "\n" + query.sql() + "\n" + new TreeMap<>(query.inputs()) + "\n"
        + query.params().stream().map(p -> p == null ? "null" : p.getClass().getName() + ":" + p)
            .collect(Collectors.joining("\n"));
    return hash(text);
  }

  private static String shortHash(String text) {
    return hash(text).substring(0, 16);
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
