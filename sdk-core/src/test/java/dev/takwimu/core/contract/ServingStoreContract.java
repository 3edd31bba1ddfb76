package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.Zone;
import dev.takwimu.core.serving.MigratedDataset;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.ServingStore;
import dev.takwimu.core.serving.TableSpec;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ServingStore} must do with any backend's lake as its source: load, skip what is current, reload a
 * new version, carry schema changes over, keep the served version when a migration fails, and agree on checksums.
 */
public abstract class ServingStoreContract extends BackendContractSupport {
  protected static final DatasetId ITEMS = DatasetId.of(Zone.CLEANED, "items");
  protected static final DatasetId OTHER = DatasetId.of(Zone.CURATED, "other");
  protected static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG),
      Column.of("name", DataType.STRING), Column.of("amount", DataType.DOUBLE), Column.of("active", DataType.BOOLEAN),
      Column.of("day", DataType.DATE), Column.of("seen_at", DataType.TIMESTAMP), Column.of("qty", DataType.INT));
  protected static final TableSpec SPEC = TableSpec.of(ITEMS).withPrimaryKey("id").withIndex("name");

  protected ServingStore store;

  /** A store on an empty target of its own (a fresh database), for one test. */
  protected abstract ServingStore newServingStore();

  /** The rows the store serves for the dataset, each in the lake's column order, with the lake's value kinds. */
  protected abstract List<List<Object>> servedRows(DatasetId id);

  @BeforeEach
  void openStore() {
    store = newServingStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected static List<Object> item(long id, String name, Double amount) {
    LocalDate day = LocalDate.of(2024, 1, 1).plusDays(id);
    return row(id, name, amount, id % 2 == 0, day, day.atTime(8, 18, 30, 123_456_000), (int) id * 10);
  }

  @Test
  void loadsTheCurrentVersionThenSaysUpToDate() {
    DatasetInfo written = overwrite(ITEMS, SCHEMA, item(1, "a", 1.5), item(2, null, null), item(3, "c", -0.25));

    MigrationReport first = store.migrate(lake(), SPEC);
    assertThat(first.outcome()).as(first.error()).isEqualTo(Outcome.MIGRATED);
    assertThat(first.dataset()).isEqualTo(ITEMS);
    assertThat(first.lakeVersion()).isEqualTo(written.version());
    assertThat(first.rows()).isEqualTo(3);
    assertThat(first.checksum()).matches("[0-9a-f]{16}");
    assertThat(first.error()).isEmpty();
    assertThat(servedSorted(ITEMS)).isEqualTo(lakeSorted(ITEMS));

    MigrationReport again = store.migrate(lake(), SPEC);
    assertThat(again.outcome()).isEqualTo(Outcome.UP_TO_DATE);
    assertThat(again.lakeVersion()).isEqualTo(first.lakeVersion());
    assertThat(again.rows()).isEqualTo(3);
    assertThat(again.checksum()).isEqualTo(first.checksum());
    assertThat(store.migrated()).singleElement().satisfies(m -> {
      assertThat(m.dataset()).isEqualTo(ITEMS);
      assertThat(m.lakeVersion()).isEqualTo(written.version());
      assertThat(m.lakeCommittedAt()).isEqualTo(written.committedAt());
      assertThat(m.rows()).isEqualTo(3);
      assertThat(m.checksum()).isEqualTo(first.checksum());
    });
  }

  @Test
  void aNewVersionIsReloadedAndTheOtherDatasetsAreLeftAlone() {
    overwrite(ITEMS, SCHEMA, item(1, "a", 1.0));
    overwrite(OTHER, SCHEMA, item(7, "x", 7.0));
    List<TableSpec> specs = List.of(SPEC, TableSpec.of(OTHER));
    List<MigrationReport> seen = new ArrayList<>();
    assertThat(store.migrate(lake(), specs, seen::add)).extracting(MigrationReport::outcome)
        .containsExactly(Outcome.MIGRATED, Outcome.MIGRATED);
    assertThat(seen).extracting(MigrationReport::dataset).containsExactly(ITEMS, OTHER);

    DatasetInfo second = append(ITEMS, SCHEMA, item(2, "b", 2.0));
    List<MigrationReport> reports = store.migrate(lake(), specs, report -> { });
    assertThat(reports).extracting(MigrationReport::outcome).containsExactly(Outcome.MIGRATED, Outcome.UP_TO_DATE);
    assertThat(reports.get(0).lakeVersion()).isEqualTo(second.version());
    assertThat(reports.get(0).rows()).isEqualTo(2);
    assertThat(servedSorted(ITEMS)).isEqualTo(lakeSorted(ITEMS));
    assertThat(store.migrated()).extracting(MigratedDataset::dataset).containsExactlyInAnyOrder(ITEMS, OTHER);
  }

  @Test
  void anAddedColumnCarriesOver() {
    Schema two = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING));
    overwrite(ITEMS, two, row(1L, "a"));
    assertThat(store.migrate(lake(), TableSpec.of(ITEMS).withPrimaryKey("id")).outcome())
        .isEqualTo(Outcome.MIGRATED);

    Schema three = new Schema(Stream.concat(two.columns().stream(), Stream.of(Column.of("score", DataType.DOUBLE)))
        .toList());
    overwrite(ITEMS, three, row(1L, "a", 0.5), row(2L, "b", null));
    MigrationReport report = store.migrate(lake(), TableSpec.of(ITEMS).withPrimaryKey("id"));
    assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);
    assertThat(servedSorted(ITEMS)).containsExactly(row(1L, "a", 0.5), row(2L, "b", null));
  }

  @Test
  void aFailedMigrationKeepsTheServedVersionAndTheNextOneCompletes() {
    overwrite(ITEMS, SCHEMA, item(1, "a", 1.0), item(2, "b", 2.0));
    MigrationReport first = store.migrate(lake(), SPEC);
    assertThat(first.outcome()).isEqualTo(Outcome.MIGRATED);
    List<List<Object>> served = servedSorted(ITEMS);

    overwrite(ITEMS, SCHEMA, item(1, "a", 1.0), item(1, "the same key", 3.0));
    MigrationReport broken = store.migrate(lake(), SPEC);
    assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(broken.succeeded()).isFalse();
    assertThat(broken.error()).startsWith("Cannot migrate " + ITEMS + ": ").doesNotContain("\n");
    assertThat(broken.checksum()).isEmpty();
    assertThat(servedSorted(ITEMS)).isEqualTo(served);
    assertThat(store.migrated()).singleElement().extracting(MigratedDataset::lakeVersion)
        .isEqualTo(first.lakeVersion());

    overwrite(ITEMS, SCHEMA, item(3, "c", 3.0));
    assertThat(store.migrate(lake(), SPEC).outcome()).isEqualTo(Outcome.MIGRATED);
    assertThat(servedSorted(ITEMS)).isEqualTo(lakeSorted(ITEMS));
  }

  @Test
  void aDatasetMissingFromTheLakeFailsAndAKeyColumnMissingFromTheDatasetToo() {
    MigrationReport missing = store.migrate(lake(), TableSpec.of(OTHER));
    assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(missing.error()).isEqualTo("Cannot migrate " + OTHER + ": no such dataset in the lake");

    overwrite(ITEMS, SCHEMA, item(1, "a", 1.0));
    MigrationReport badKey = store.migrate(lake(), TableSpec.of(ITEMS).withPrimaryKey("item_id"));
    assertThat(badKey.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(badKey.error()).startsWith("Cannot migrate " + ITEMS + ": key or index column item_id is not in the"
        + " dataset (columns: id, name, amount");
    assertThat(store.migrated()).isEmpty();
  }

  @Test
  void looksUpARowByItsKey() {
    overwrite(ITEMS, SCHEMA, item(1, "a", 1.5), item(2, "b", null));
    assertThat(store.migrate(lake(), SPEC).outcome()).isEqualTo(Outcome.MIGRATED);
    List<Object> expected = lakeSorted(ITEMS).get(1);

    assertThat(store.lookup(SPEC, 2L)).hasValueSatisfying(row -> {
      assertThat(row.names()).isEqualTo(SCHEMA.names());
      assertThat(row.values()).isEqualTo(expected);
    });
    assertThat(store.lookup(SPEC, 99L)).isEmpty();
    assertThatThrownBy(() -> store.lookup(TableSpec.of(ITEMS), 1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cleaned/items has primary key (); give 0 value(s), not 1");
    assertThatThrownBy(() -> store.lookup(TableSpec.of(OTHER).withPrimaryKey("id"), 1L))
        .isInstanceOf(NoSuchDatasetException.class).hasMessageStartingWith("Dataset curated/other does not exist");
  }

  @Test
  void anEmptyVersionEmptiesTheTable() {
    overwrite(ITEMS, SCHEMA, item(1, "a", 1.0));
    assertThat(store.migrate(lake(), SPEC).outcome()).isEqualTo(Outcome.MIGRATED);

    DatasetInfo empty = overwrite(ITEMS, SCHEMA);
    MigrationReport report = store.migrate(lake(), SPEC);
    assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);
    assertThat(report.lakeVersion()).isEqualTo(empty.version());
    assertThat(report.rows()).isZero();
    assertThat(report.checksum()).isEqualTo("0000000000000000");
    assertThat(servedRows(ITEMS)).isEmpty();
  }

  @Test
  void theChecksumDependsOnTheRowsNotTheirOrder() {
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < 50; id++) {
      rows.add(item(id, "name " + id, id / 3.0));
    }
    overwrite(ITEMS, SCHEMA, rows.toArray(List[]::new));
    MigrationReport forward = store.migrate(lake(), SPEC);

    Collections.reverse(rows);
    overwrite(ITEMS, SCHEMA, rows.toArray(List[]::new));
    MigrationReport reversed = store.migrate(lake(), SPEC);
    assertThat(reversed.outcome()).isEqualTo(Outcome.MIGRATED);
    assertThat(reversed.checksum()).isEqualTo(forward.checksum());

    rows.set(0, item(49, "name 49", 49 / 3.0 + Math.ulp(49 / 3.0)));
    overwrite(ITEMS, SCHEMA, rows.toArray(List[]::new));
    assertThat(store.migrate(lake(), SPEC).checksum()).isNotEqualTo(forward.checksum());
  }

  @Test
  void valuesArriveUnchanged() {
    overwrite(ITEMS, SCHEMA,
        row(1L, "tab\tnew\nline\rback\\slash \\N \\. \"quotes\" 'single' ünï \uD83D\uDE00", 0.1, true,
            LocalDate.of(1, 1, 1), LocalDateTime.of(1, 1, 1, 0, 0, 0, 1000), Integer.MIN_VALUE),
        row(2L, "", -0.0, false, LocalDate.of(9999, 12, 31), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            Integer.MAX_VALUE),
        row(3L, null, null, null, null, null, null),
        row(Long.MIN_VALUE, "min", Double.MIN_VALUE, true, LocalDate.of(1969, 12, 31),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000), 0),
        row(Long.MAX_VALUE, "max", Double.MAX_VALUE, false, LocalDate.of(1970, 1, 1), LocalDateTime.of(1970, 1, 1, 0, 0),
            -1),
        row(4L, "nan", Double.NaN, true, null, null, null),
        row(5L, "inf", Double.POSITIVE_INFINITY, true, null, null, null),
        row(6L, "-inf", Double.NEGATIVE_INFINITY, true, null, null, null),
        row(7L, "precise", 9007199254740993.0 / 3, true, null, null, null));
    MigrationReport report = store.migrate(lake(), SPEC);
    assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);

    List<List<Object>> lake = lakeSorted(ITEMS);
    List<List<Object>> served = servedSorted(ITEMS);
    assertThat(served).hasSameSizeAs(lake);
    for (int i = 0; i < lake.size(); i++) {
      for (int c = 0; c < lake.get(i).size(); c++) {
        Object expected = lake.get(i).get(c);
        Object actual = served.get(i).get(c);
        if (expected instanceof Double d && actual instanceof Double a) {
          assertThat(Double.doubleToRawLongBits(a)).as("row %d column %d", i, c)
              .isEqualTo(Double.doubleToRawLongBits(d));
        } else {
          assertThat(actual).as("row %d column %d", i, c).isEqualTo(expected);
        }
      }
    }
  }

  /** The lake's rows, sorted by their first column. */
  protected List<List<Object>> lakeSorted(DatasetId id) {
    try (Stream<Row> rows = lake().stream(id)) {
      return sorted(rows.map(Row::values).map(values -> (List<Object>) new ArrayList<>(values)).toList());
    }
  }

  /** The served rows, sorted by their first column. */
  protected List<List<Object>> servedSorted(DatasetId id) {
    return sorted(servedRows(id));
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(row -> ((Number) row.get(0)).longValue()));
    return copy;
  }
}
