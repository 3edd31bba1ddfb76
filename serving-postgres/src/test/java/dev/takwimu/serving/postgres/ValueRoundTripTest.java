package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that break naive CSV/COPY writers and number formatting arrive unchanged, and both checksums agree. */
class ValueRoundTripTest {
  private static final DatasetId ID = DatasetId.parse("cleaned/hostile");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.INT), Column.of("text", DataType.STRING),
      Column.of("amount", DataType.DOUBLE), Column.of("count", DataType.LONG), Column.of("flag", DataType.BOOLEAN),
      Column.of("day", DataType.DATE), Column.of("at", DataType.TIMESTAMP));

  @TempDir
  Path work;

  @Test
  void hostileStringsNullsAndExtremeNumbersRoundTripExactly() throws Exception {
    String[] texts = {"tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.", "quote\"s and 'single'",
        "comma,semicolon;pipe|", "", " leading and trailing ", "ünïcødé Kiswahili: habari", "emoji \uD83D\uDE00 pair",
        "\\\\t literal", "end with backslash\\", "null"};
    double[] doubles = {0.1, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300, 123456789.123456789, 1.0 / 3,
        2e23, 9007199254740993.0};
    LocalDateTime[] timestamps = {LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(2024, 2, 29, 23, 59, 59,
        999_999_000), LocalDateTime.of(1, 1, 1, 0, 0, 0, 1000), LocalDateTime.of(9999, 12, 31, 23, 59, 59),
        LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000), LocalDateTime.of(2025, 1, 1, 12, 30, 15, 123_456_000)};
    LocalDate[] dates = {LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1969, 12, 31),
        LocalDate.of(2000, 2, 29)};
    List<List<Object>> rows = new ArrayList<>();
    int n = Math.max(texts.length, doubles.length);
    for (int i = 0; i < n; i++) {
      rows.add(Arrays.asList(i, texts[i % texts.length], doubles[i % doubles.length],
          i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i, i % 3 == 0 ? null : i % 2 == 0,
          dates[i % dates.length], timestamps[i % timestamps.length]));
    }
    rows.add(Arrays.asList(Integer.MAX_VALUE, null, null, null, null, null, null));
    rows.add(Arrays.asList(Integer.MIN_VALUE, "x", 1.5, 0L, true, null, null));

    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      LakeFixture.write(backend.lake(), ID, SCHEMA, rows);
      MigrationReport report = store.migrate(backend.lake(), TableSpec.of(ID).withPrimaryKey("id"));
      assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);
      assertThat(report.rows()).isEqualTo(rows.size());

      List<List<Object>> lake = LakeFixture.lakeRows(backend.lake(), ID).stream().map(Row::values)
          .map(values -> (List<Object>) new ArrayList<>(values))
          .sorted(java.util.Comparator.comparing(row -> (Integer) row.get(0))).toList();
      List<List<Object>> table = LakeFixture.tableRows(url, "SELECT * FROM cleaned.hostile ORDER BY id");
      assertThat(table).hasSameSizeAs(lake);
      for (int i = 0; i < lake.size(); i++) {
        List<Object> expected = lake.get(i);
        List<Object> actual = table.get(i);
        for (int c = 0; c < expected.size(); c++) {
          if (expected.get(c) instanceof Double d) {
            assertThat(Double.doubleToLongBits((Double) actual.get(c))).as("row %d column %d", i, c)
                .isEqualTo(Double.doubleToLongBits(d));
          } else {
            assertThat(actual.get(c)).as("row %d column %d", i, c).isEqualTo(expected.get(c));
          }
        }
      }
      // the lake kept what was written (so the comparison above is with the values the test chose)
      assertThat(lake.stream().map(r -> r.get(1)).toList()).containsAll(Arrays.asList(texts));
    }
  }

  @Test
  void aNulCharacterFailsTheDatasetAndKeepsTheServedVersion() throws Exception {
    Schema schema = Schema.of(Column.of("id", DataType.INT), Column.of("text", DataType.STRING));
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      LakeFixture.write(backend.lake(), ID, schema, List.of(List.of(1, "fine")));
      assertThat(store.migrate(backend.lake(), TableSpec.of(ID)).outcome()).isEqualTo(Outcome.MIGRATED);

      LakeFixture.write(backend.lake(), ID, schema, List.of(List.of(1, "fine"), List.of(2, "nul\0inside")));
      MigrationReport report = store.migrate(backend.lake(), TableSpec.of(ID));
      assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(report.error()).isEqualTo("Cannot migrate cleaned/hostile: row 2, column text holds a NUL character"
          + " (U+0000), which PostgreSQL text cannot store");
      assertThat(LakeFixture.tableRows(url, "SELECT * FROM cleaned.hostile")).containsExactly(List.of(1, "fine"));
      assertThat(store.migrated()).singleElement().extracting(m -> m.lakeVersion()).isEqualTo(1L);
      assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_tk\\_%'"))
          .isEqualTo(0L);
    }
  }
}
