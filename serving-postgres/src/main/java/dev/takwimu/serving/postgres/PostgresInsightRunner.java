package dev.takwimu.serving.postgres;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.internal.RecordMapper;
import dev.takwimu.serving.postgres.internal.Jdbc;
import dev.takwimu.serving.postgres.internal.PgNames;
import dev.takwimu.serving.postgres.internal.PortableSql;
import dev.takwimu.serving.postgres.internal.Sessions;
import dev.takwimu.serving.postgres.internal.StoredInsights;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs insight queries on the tables a {@link PostgresServingStore} serves (docs/serving.md). A runner that serves
 * stored results returns the result the last migration of the query's inputs stored when it is still current (same
 * query, computed from the input versions now served), and otherwise runs the query live: each input alias becomes a
 * common table expression over its dataset's table, and the portable SQL runs unchanged thanks to two objects in
 * schema {@code takwimu}: the type {@code double} (a domain over double precision) and
 * {@code round(double precision, integer)}, which rounds the double's shortest decimal text as DuckDB and Trino round
 * the double itself.
 */
public final class PostgresInsightRunner implements InsightRunner {
  private final Sessions sessions;
  private final boolean servesStored;
  private volatile boolean storedResultsExist;
  private final Set<String> storedTables = ConcurrentHashMap.newKeySet();

  PostgresInsightRunner(Sessions sessions, boolean servesStored) {
    this.sessions = sessions;
    this.servesStored = servesStored;
  }

  @Override
  public <R extends Record> List<R> run(InsightQuery<R> query) {
    RecordMapper<R> mapper = RecordMapper.of(query.rowType());
    return runUntyped(query).rows().stream().map(mapper::map).toList();
  }

  @Override
  public QueryResult runUntyped(InsightQuery<?> query) {
    try {
      try {
        return attempt(query);
      } catch (SQLException e) {
        if ("42P01".equals(e.getSQLState()) && storedTables.remove(query.name())) {
          return attempt(query);   // its stored table was dropped (by hand): look again
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new TakwimuException(e, "Cannot run insight %s on PostgreSQL: %s", query.name(), Jdbc.firstLine(e));
    }
  }

  private QueryResult attempt(InsightQuery<?> query) throws SQLException {
    return sessions.with(connection -> {
      if (servesStored && storedResultsExist(connection)) {
        // once a query's stored table is known to exist, one statement checks and reads it
        if (storedTables.contains(query.name()) || StoredInsights.current(connection, query)) {
          storedTables.add(query.name());
          Optional<QueryResult> stored = StoredInsights.read(connection, query);
          if (stored.isPresent()) {
            return stored.get();
          }
        }
      }
      for (DatasetId input : query.inputs().values()) {
        if (!tableExists(connection, input)) {
          throw new NoSuchDatasetException(input, "it has not been migrated to this database");
        }
      }
      return PortableSql.run(connection, query);
    });
  }

  /** Whether the database has stored results at all (a store of this version opened it); true stays true. */
  private boolean storedResultsExist(Connection connection) throws SQLException {
    if (!storedResultsExist) {
      storedResultsExist = StoredInsights.exist(connection);
    }
    return storedResultsExist;
  }

  static boolean tableExists(Connection connection, DatasetId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, PgNames.table(id));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
