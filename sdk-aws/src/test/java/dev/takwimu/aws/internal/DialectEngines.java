package dev.takwimu.aws.internal;

import dev.takwimu.aws.testing.TrinoOnMoto;
import dev.takwimu.engine.duckdb.DuckDb;
import io.trino.jdbc.TrinoConnection;
import io.trino.server.testing.TestingTrinoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Trino 406 (the test JVM's one in-process server, {@link TrinoOnMoto}; the queries read only {@code VALUES})
 * and engine-duckdb's DuckDB with its macros, shared by the dialect tests. The Trino session runs in Asia/Kathmandu
 * (UTC+05:45) so that an expansion depending on the session time zone would show.
 */
final class DialectEngines {
  private static TestingTrinoServer trino;
  private static Connection trinoConnection;
  private static DuckDb duck;

  private DialectEngines() {}

  static synchronized Connection trino() {
    if (trino == null) {
      trino = TrinoOnMoto.get().server(); // the test JVM's one Trino; its catalogs are not used here
      Runtime.getRuntime().addShutdownHook(new Thread(DialectEngines::close));
      try {
        trinoConnection = DriverManager.getConnection("jdbc:trino://" + trino.getAddress().getHost() + ":"
            + trino.getAddress().getPort() + "?user=takwimu");
        trinoConnection.unwrap(TrinoConnection.class).setTimeZoneId("Asia/Kathmandu");
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot connect to the in-process Trino: " + e.getMessage(), e);
      }
    }
    return trinoConnection;
  }

  /** DuckDB set up as every backend's engine sets it up: the tk_* macros, session time zone Africa/Nairobi. */
  static synchronized DuckDb duck() {
    if (duck == null) {
      try {
        duck = new DuckDb("256MB", 1, Files.createTempDirectory("takwimu-dialect-duck"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return duck;
  }

  /** All rows of a query as lists of JDBC objects. */
  static List<List<Object>> rows(Connection connection, String sql) {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      return read(result);
    } catch (SQLException e) {
      throw new IllegalStateException("Query failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  static List<List<Object>> read(ResultSet result) throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
    List<List<Object>> rows = new ArrayList<>();
    while (result.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.add(result.getObject(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static synchronized void close() {
    try {
      trinoConnection.close();
      if (duck != null) {
        duck.close();
      }
    } catch (SQLException | RuntimeException e) {
      // the JVM is exiting
    }
  }
}
