package dev.takwimu.serving.postgres;

import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Row;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.serving.postgres.internal.Jdbc;
import dev.takwimu.serving.postgres.internal.PgNames;
import dev.takwimu.serving.postgres.internal.Results;
import dev.takwimu.serving.postgres.internal.Sessions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What an application reads from the served tables: insights and look-ups by key. {@link #of(DataSource)} gives one
 * that many threads use at once, each call on a connection of the caller's pool (HikariCP, pgjdbc's
 * {@code PGSimpleDataSource}, ...), given back after the call; the pool is the caller's to close. A
 * {@link PostgresServingStore} has one too, on its single connection, whose calls take turns.
 */
public final class PostgresServingReader {
  private final Sessions sessions;
  private final String where;
  private final PostgresInsightRunner insights;
  private final PostgresInsightRunner liveInsights;

  private PostgresServingReader(Sessions sessions, String where) {
    this.sessions = sessions;
    this.where = where;
    this.insights = new PostgresInsightRunner(sessions, true);
    this.liveInsights = new PostgresInsightRunner(sessions, false);
  }

  /** Reads through connections of this data source, one per call; safe for many threads. */
  public static PostgresServingReader of(DataSource dataSource) {
    return new PostgresServingReader(Sessions.pooled(Objects.requireNonNull(dataSource, "dataSource")),
        dataSource.toString());
  }

  static PostgresServingReader shared(Sessions sessions, String url) {
    return new PostgresServingReader(sessions, url);
  }

  /**
   * Insights, served from the results stored at migration when they are current (same query, computed from the
   * input versions now served), else run live on the served tables.
   */
  public InsightRunner insights() {
    return insights;
  }

  /** Insights always run on the served tables, never from stored results. */
  public InsightRunner liveInsights() {
    return liveInsights;
  }

  /**
   * The served row whose primary key has these values, as {@link dev.takwimu.core.serving.ServingStore#lookup}.
   *
   * @throws IllegalArgumentException when the spec has no primary key or the number of values differs from it
   * @throws NoSuchDatasetException when the dataset has not been migrated
   */
  public Optional<Row> lookup(TableSpec table, Object... key) {
    List<String> columns = table.primaryKey();
    if (columns.isEmpty() || columns.size() != key.length) {
      throw new IllegalArgumentException(String.format("%s has primary key (%s); give %d value(s), not %d",
          table.dataset(), String.join(", ", columns), columns.size(), key.length));
    }
    String sql = "SELECT * FROM " + PgNames.table(table.dataset()) + " WHERE " + columns.stream()
        .map(c -> PgNames.quote(c) + " = ?").collect(Collectors.joining(" AND "));
    try {
      return sessions.plain(connection -> {
        if (!PostgresInsightRunner.tableExists(connection, table.dataset())) {
          throw new NoSuchDatasetException(table.dataset(), "it has not been migrated to " + where);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          for (int i = 0; i < key.length; i++) {
            statement.setObject(i + 1, key[i]);
          }
          try (ResultSet rs = statement.executeQuery()) {
            return Results.read(rs).rows().stream().findFirst();
          }
        }
      });
    } catch (SQLException e) {
      throw new TakwimuException(e, "Cannot look up %s in %s: %s", Arrays.toString(key), table.dataset(),
          Jdbc.firstLine(e));
    }
  }
}
