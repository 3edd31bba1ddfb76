package dev.takwimu.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Column;
import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files staged from CSV exports and Java rows, read back with a DuckDB of their own. */
class ParquetStagingTest {
  private static final DatasetId RAW = DatasetId.of(Zone.RAW, "deliveries");

  @TempDir
  Path work;

  private final ParquetStaging staging = new ParquetStaging("256MB");

  @AfterEach
  void close() {
    staging.close();
  }

  @Test
  void aCsvExportBecomesTextColumnsWithLineageInFileOrder() throws Exception {
    Path csv = Files.writeString(work.resolve("padded.csv"),
        "\uFEFF Customer ID ,Name,Amount\r\nC1,  Wanjiku  ,\" 1,000 \"\r\nC2,\"two\nlines\",\r\nC3,c,3\r\n");

    ParquetStaging.ParquetFile file = staging.csv(CsvSource.of(csv, RAW, List.of("customer_id")), "b-test");

    assertThat(file.rows()).isEqualTo(3);
    assertThat(file.schema()).isEqualTo(Schema.of(Column.of("customer_id", DataType.STRING),
        Column.of("name", DataType.STRING), Column.of("amount", DataType.STRING),
        Column.of("_source_file", DataType.STRING), Column.of("_record_number", DataType.LONG),
        Column.of("_batch_id", DataType.STRING)));
    assertThat(parquetTypes(file.file()))
        .containsExactly("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "VARCHAR");
    assertThat(read(file.file())).containsExactly(
        List.of("C1", "  Wanjiku  ", " 1,000 ", "padded.csv", 1L, "b-test"),
        Arrays.asList("C2", "two\nlines", null, "padded.csv", 2L, "b-test"),
        List.of("C3", "c", "3", "padded.csv", 3L, "b-test"));
  }

  @Test
  void aMalformedLineRefusesTheFileInOneLineAndStagingGoesOn() throws Exception {
    Path broken = Files.writeString(work.resolve("broken.csv"), "id,name\n1,a\n2,b,EXTRA\n");
    Path good = Files.writeString(work.resolve("good.csv"), "id,name\n1,a\n");

    assertThatThrownBy(() -> staging.csv(CsvSource.of(broken, RAW, List.of("id")), "b1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot ingest broken.csv into " + RAW + ": line 3")
        .hasMessageEndingWith("; nothing was appended")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(read(staging.csv(CsvSource.of(good, RAW, List.of("id")), "b2").file()))
        .containsExactly(List.of("1", "a", "good.csv", 1L, "b2"));
  }

  @Test
  void headerProblemsAreRefusedBeforeParsing() throws IOException {
    Path file = Files.writeString(work.resolve("no-id.csv"), "Name,Amount\nWanjiku,10\n");

    assertThatThrownBy(() -> staging.csv(CsvSource.of(file, RAW, List.of("id")), "b1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot ingest no-id.csv into " + RAW + ": column id missing (found: name, amount)");
    assertThatThrownBy(() -> StrictCsv.columns(CsvSource.of(work.resolve("absent.csv"), RAW, List.of())))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("absent.csv: no such file");
  }

  @Test
  void javaRowsKeepTheirSchemaTypes() throws Exception {
    Schema schema = Schema.of(Column.of("id", DataType.LONG), Column.of("qty", DataType.INT),
        Column.of("amount", DataType.DOUBLE), Column.of("active", DataType.BOOLEAN), Column.of("day", DataType.DATE),
        Column.of("seen_at", DataType.TIMESTAMP), Column.of("name", DataType.STRING));
    LocalDateTime seen = LocalDateTime.parse("2024-04-22T08:18:00.123456");

    ParquetStaging.ParquetFile file = staging.rows(WriteSource.rows(schema, List.of(
        List.of(1L, 10, 2.5, true, LocalDate.parse("2024-04-22"), seen, "Wanjiku"),
        Arrays.asList(2L, null, null, null, null, null, null))));

    assertThat(file.rows()).isEqualTo(2);
    assertThat(file.schema()).isEqualTo(schema);
    assertThat(parquetTypes(file.file()))
        .containsExactly("BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "VARCHAR");
    assertThat(read(file.file())).containsExactly(
        List.of(1L, 10, 2.5, true, LocalDate.parse("2024-04-22"), seen, "Wanjiku"),
        Arrays.asList(2L, null, null, null, null, null, null));
  }

  @Test
  void aValueOfAnotherTypeIsRefused() {
    Schema schema = Schema.of(Column.of("id", DataType.LONG));

    assertThatThrownBy(() -> staging.rows(WriteSource.rows(schema, List.of(List.of("one")))))
        .isInstanceOf(InvalidInputException.class).hasMessage("Column id is LONG but got one (String)");
    assertThatThrownBy(() -> staging.rows(WriteSource.rows(schema, List.of(List.of(1L, 2L)))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Row 1 has 2 values for 1 columns");
    assertThat(staging.rows(WriteSource.rows(schema, List.of(List.of(7L)))).rows()).isEqualTo(1);
  }

  @Test
  void closeRemovesTheTemporaryDirectory() throws IOException {
    Path file = staging.rows(WriteSource.rows(Schema.of(Column.of("id", DataType.LONG)), List.of(List.of(1L))))
        .file();
    assertThat(file).exists();

    staging.close();

    assertThat(file).doesNotExist();
    assertThat(file.getParent()).doesNotExist();
  }

  private static List<String> parquetTypes(Path file) throws SQLException {
    List<String> types = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
         PreparedStatement statement = duck.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
      statement.setString(1, file.toString());
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          types.add(result.getString("column_type"));
        }
      }
    }
    return types;
  }

  /** The file's rows in file order, dates and timestamps as java.time values. */
  private static List<List<Object>> read(Path file) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
         PreparedStatement statement = duck.prepareStatement("SELECT * FROM read_parquet(?)")) {
      statement.setString(1, file.toString());
      try (ResultSet result = statement.executeQuery()) {
        Class<?>[] readTypes = DuckDb.readTypes(result.getMetaData());
        while (result.next()) {
          rows.add(Arrays.asList(DuckDb.values(result, readTypes)));
        }
      }
    }
    return rows;
  }
}
