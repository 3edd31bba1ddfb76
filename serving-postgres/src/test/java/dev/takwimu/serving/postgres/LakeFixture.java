package dev.takwimu.serving.postgres;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Helpers of the tests: a local lake, rows written to it, a table read back from PostgreSQL. */
final class LakeFixture {
  private LakeFixture() {}

  static LocalBackend backend(Path lake) {
    return LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).build();
  }

  static void write(LakeStore lake, DatasetId id, Schema schema, List<List<Object>> rows) {
    lake.write(id, WriteSource.rows(schema, rows), WriteOptions.overwrite());
  }

  static List<Row> lakeRows(LakeStore lake, DatasetId id) {
    try (Stream<Row> rows = lake.stream(id)) {
      return rows.toList();
    }
  }

  /** The table's rows as Java values of the lake's kinds (Integer, Long, Double, ..., LocalDateTime). */
  static List<List<Object>> tableRows(String url, String sql) throws SQLException {
    List<List<Object>> result = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = switch (rs.getMetaData().getColumnTypeName(i)) {
            case "date" -> rs.getObject(i, LocalDate.class);
            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
            default -> rs.getObject(i);
          };
          row.add(value);
        }
        result.add(row);
      }
    }
    return result;
  }

  static Object scalar(String url, String sql) throws SQLException {
    return tableRows(url, sql).get(0).get(0);
  }
}
