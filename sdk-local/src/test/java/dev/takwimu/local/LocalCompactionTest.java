package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Column;
import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.core.contract.CompactionContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The compaction contract on the local backend, and what its files look like. */
class LocalCompactionTest extends CompactionContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("256MB").threads(2).build();
  }

  @Test
  void compactedFilesOfAPartitionHoldNoPartitionColumnAsWrittenFilesDo() throws Exception {
    DatasetId id = DatasetId.of(Zone.CURATED, "by_day");
    Schema schema = Schema.of(Column.of("id", DataType.LONG), Column.of("day", DataType.STRING));
    for (long i = 0; i < 3; i++) {
      lake().write(id, WriteSource.rows(schema, List.of(row(i, "d1"), row(i + 10, "d2"))),
          WriteOptions.append().partitionedBy("day"));
    }
    compact(id, CompactionOptions.DEFAULT);

    DatasetInfo info = lake().describe(id).orElseThrow();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(info.location()))) {
      files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    assertThat(files).hasSize(2).allSatisfy(f -> assertThat(f.getParent().getFileName().toString())
        .startsWith("day="));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (Path file : files) {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement describe = duck.prepareStatement(
            "DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)")) {
          describe.setString(1, file.toString());
          try (ResultSet result = describe.executeQuery()) {
            while (result.next()) {
              columns.add(result.getString(1));
            }
          }
        }
        assertThat(columns).as("%s", file).containsExactly("id");
      }
    }
    assertThat(rowsOf(id)).hasSize(6).allSatisfy(r -> assertThat(r.get("day"))
        .isEqualTo(((Number) r.get("id")).longValue() < 10 ? "d1" : "d2"));
  }
}
