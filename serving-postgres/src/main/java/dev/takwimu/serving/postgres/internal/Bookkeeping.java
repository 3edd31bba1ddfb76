package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.serving.MigratedDataset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code takwimu.migrations}: one row per served dataset, the lake version its table holds. The commit time
 * is kept as the lake wrote it (text), so comparing it with the lake's is exact whatever its precision.
 */
public final class Bookkeeping {
  /** The table's name, schema-qualified. */
  public static final String TABLE = "takwimu.migrations";

  private Bookkeeping() {}

  /** Creates the schema and table when missing; safe when another process does the same at the same time. */
  public static void create(Connection connection) throws SQLException {
    Jdbc.createIfMissing(connection, "CREATE SCHEMA IF NOT EXISTS takwimu");
    Jdbc.createIfMissing(connection, "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
        + "dataset text PRIMARY KEY, table_name text NOT NULL, lake_version bigint NOT NULL, "
        + "lake_committed_at text NOT NULL, rows bigint NOT NULL, checksum text NOT NULL, "
        + "migrated_at timestamp with time zone NOT NULL DEFAULT now(), seconds double precision NOT NULL)");
  }

  /** Every served dataset (when {@code id} is null) or that one, ordered by dataset. */
  public static List<MigratedDataset> read(Connection connection, DatasetId id) throws SQLException {
    String sql = "SELECT dataset, table_name, lake_version, lake_committed_at, rows, checksum, migrated_at FROM "
        + TABLE + (id == null ? "" : " WHERE dataset = ?") + " ORDER BY dataset";
    List<MigratedDataset> result = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (id != null) {
        statement.setString(1, id.toString());
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          result.add(new MigratedDataset(DatasetId.parse(rs.getString(1)), rs.getString(2), rs.getLong(3),
              Instant.parse(rs.getString(4)), rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
        }
      }
    }
    return result;
  }

  /** Records that the dataset's table now holds this lake version; part of the caller's transaction. */
  public static void record(Connection connection, DatasetInfo info, String table, long rows, String checksum,
      double seconds) throws SQLException {
    try (PreparedStatement record = connection.prepareStatement("INSERT INTO " + TABLE
        + " (dataset, table_name, lake_version, lake_committed_at, rows, checksum, migrated_at, seconds)"
        + " VALUES (?, ?, ?, ?, ?, ?, now(), ?) ON CONFLICT (dataset) DO UPDATE SET table_name = EXCLUDED.table_name,"
        + " lake_version = EXCLUDED.lake_version, lake_committed_at = EXCLUDED.lake_committed_at,"
        + " rows = EXCLUDED.rows, checksum = EXCLUDED.checksum, migrated_at = EXCLUDED.migrated_at,"
        + " seconds = EXCLUDED.seconds")) {
      record.setString(1, info.id().toString());
      record.setString(2, table);
      record.setLong(3, info.version());
      record.setString(4, info.committedAt().toString());
      record.setLong(5, rows);
      record.setString(6, checksum);
      record.setDouble(7, seconds);
      record.executeUpdate();
    }
  }
}
