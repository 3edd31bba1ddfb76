package dev.takwimu.serving.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** Statements without parameters (DDL, built from quoted identifiers only) and error messages on one line. */
public final class Jdbc {
  /** Duplicate key, schema, table, type or function: what a racing {@code CREATE ... IF NOT EXISTS} can report. */
  private static final Set<String> ALREADY_THERE = Set.of("23505", "42P06", "42P07", "42710", "42723");

  private Jdbc() {}

  public static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs an idempotent DDL statement; two processes racing on it may see a duplicate error, which is harmless. */
  public static void createIfMissing(Connection connection, String ddl) throws SQLException {
    try {
      execute(connection, ddl);
    } catch (SQLException e) {
      if (!ALREADY_THERE.contains(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** The first line of an exception's message (PostgreSQL adds detail and position lines). */
  public static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
