package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.SupportsParquetExport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What every {@link dev.takwimu.core.LakeStore} must do: typed round trips, versioned commits, modes, schema rules. */
public abstract class LakeStoreContract extends BackendContractSupport {
  protected static final DatasetId ITEMS = DatasetId.of(Zone.CURATED, "items");
  protected static final Schema ITEM_SCHEMA = Schema.of(
      Column.of("id", DataType.LONG), Column.of("name", DataType.STRING), Column.of("amount", DataType.DOUBLE),
      Column.of("active", DataType.BOOLEAN), Column.of("day", DataType.DATE), Column.of("seen_at", DataType.TIMESTAMP),
      Column.of("qty", DataType.INT));

  public record Item(long id, String name, Double amount, Boolean active, LocalDate day, LocalDateTime seenAt,
      Integer qty) {}

  private static final LocalDate D1 = LocalDate.parse("2024-01-01");
  private static final LocalDate D2 = LocalDate.parse("2024-01-02");
  private static final LocalDate D3 = LocalDate.parse("2024-01-03");
  private static final LocalDate D4 = LocalDate.parse("2024-01-04");

  private static List<Object> item(long id, String name, Double amount, LocalDate day) {
    return row(id, name, amount, id % 2 == 0, day, day == null ? null : day.atTime(8, 18, 30), (int) id * 10);
  }

  /** Checks that {@link DatasetInfo#location()} points at the version's files; a remote backend overrides this. */
  protected void assertLocationHoldsVersion(DatasetInfo info) {
    Path location = Path.of(info.location());
    assertThat(location).isDirectory();
  }

  @Test
  void writesAndReadsBackTypedRecords() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "Wanjiku", 12.5, D1), item(2, "Otieno", 0.25, D2),
        row(3L, null, null, null, null, null, null));

    assertThat(lake().read(ITEMS, Item.class)).containsExactlyInAnyOrder(
        new Item(1, "Wanjiku", 12.5, false, D1, LocalDateTime.parse("2024-01-01T08:18:30"), 10),
        new Item(2, "Otieno", 0.25, true, D2, LocalDateTime.parse("2024-01-02T08:18:30"), 20),
        new Item(3, null, null, null, null, null, null));

    Map<String, Object> second;
    try (Stream<Row> rows = lake().stream(ITEMS)) {
      second = rows.filter(r -> r.getLong("id") == 2).findFirst().orElseThrow().asMap();
    }
    assertThat(second).containsOnly(entry("id", 2L), entry("name", "Otieno"), entry("amount", 0.25),
        entry("active", true), entry("day", D2), entry("seen_at", LocalDateTime.parse("2024-01-02T08:18:30")),
        entry("qty", 20));
  }

  @Test
  void describeReportsSchemaSizeVersionAndProvenance() {
    DatasetInfo written = write(ITEMS, ITEM_SCHEMA, WriteOptions.overwrite().withProperties(Map.of("writer", "contract")),
        item(1, "a", 1.0, D1), item(2, "b", 2.0, D2), item(3, "c", 3.0, D3));
    DatasetInfo info = lake().describe(ITEMS).orElseThrow();

    assertThat(info).isEqualTo(written);
    assertThat(info.id()).isEqualTo(ITEMS);
    assertThat(info.schema()).isEqualTo(ITEM_SCHEMA);
    assertThat(info.rows()).isEqualTo(3);
    assertThat(info.files()).isPositive();
    assertThat(info.bytes()).isPositive();
    assertThat(info.version()).isEqualTo(1);
    assertThat(info.partitionColumns()).isEmpty();
    assertThat(info.partitions()).isEmpty();
    assertThat(info.committedAt()).isNotNull();
    assertThat(info.properties()).containsEntry("writer", "contract");
    assertLocationHoldsVersion(info);
  }

  @Test
  void everyCommitIncreasesTheVersionByOne() {
    DatasetInfo first = overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1));
    DatasetInfo second = append(ITEMS, ITEM_SCHEMA, item(2, "b", 2.0, D2));
    DatasetInfo third = overwrite(ITEMS, ITEM_SCHEMA, item(3, "c", 3.0, D3));

    assertThat(List.of(first.version(), second.version(), third.version())).containsExactly(1L, 2L, 3L);
    assertThat(lake().describe(ITEMS).orElseThrow().version()).isEqualTo(3);
    assertThat(second.committedAt()).isAfterOrEqualTo(first.committedAt());
    assertThat(third.committedAt()).isAfterOrEqualTo(second.committedAt());
  }

  @Test
  void committedVersionsSurviveReopeningTheBackend() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1), item(2, "b", 2.0, D2));
    DatasetInfo before = lake().describe(ITEMS).orElseThrow();

    reopenBackend();

    assertThat(lake().describe(ITEMS)).contains(before);
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::id).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void listOrdersDatasetsByZoneThenName() {
    Schema schema = Schema.of(Column.of("x", DataType.LONG));
    for (String id : List.of("quarantine/a", "cleaned/b", "curated/c", "raw/z", "curated/a", "raw/b")) {
      write(DatasetId.parse(id), schema, WriteOptions.append(), row(1L));
    }

    assertThat(lake().list()).extracting(info -> info.id().toString())
        .containsExactly("raw/b", "raw/z", "curated/a", "curated/c", "cleaned/b", "quarantine/a");
  }

  @Test
  void appendAddsRowsToTheCurrentVersion() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1), item(2, "b", 2.0, D2));
    DatasetInfo appended = append(ITEMS, ITEM_SCHEMA, item(3, "c", 3.0, D3));

    assertThat(appended.rows()).isEqualTo(3);
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::id).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void overwriteReplacesRowsAndSchema() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1), item(2, "b", 2.0, D2));
    Schema other = Schema.of(Column.of("id", DataType.LONG), Column.of("label", DataType.STRING));
    DatasetInfo replaced = overwrite(ITEMS, other, row(7L, "seven"));

    assertThat(replaced.schema()).isEqualTo(other);
    assertThat(replaced.rows()).isEqualTo(1);
    assertThat(rowsOf(ITEMS)).containsExactly(Map.of("id", 7L, "label", "seven"));
  }

  @Test
  void overwritePartitionsReplacesOnlyTheTouchedPartitions() {
    WriteOptions byDay = WriteOptions.overwrite().partitionedBy("day");
    write(ITEMS, ITEM_SCHEMA, byDay, item(1, "a", 1.0, D1), item(2, "b", 2.0, D2), item(3, "c", 3.0, D2),
        item(4, "d", 4.0, D3));

    DatasetInfo info = write(ITEMS, ITEM_SCHEMA, byDay.withMode(WriteMode.OVERWRITE_PARTITIONS),
        item(20, "b2", 20.0, D2), item(40, "new", 40.0, D4));

    assertThat(info.version()).isEqualTo(2);
    assertThat(info.partitionColumns()).containsExactly("day");
    assertThat(info.rows()).isEqualTo(4);
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::id, Item::day)
        .containsExactlyInAnyOrder(
            tuple(1L, D1), tuple(20L, D2),
            tuple(4L, D3), tuple(40L, D4));
    Map<String, Long> rowsByDay = info.partitions().stream()
        .collect(Collectors.toMap(p -> p.values().get("day"), PartitionInfo::rows));
    assertThat(rowsByDay).containsOnly(entry("2024-01-01", 1L), entry("2024-01-02", 1L), entry("2024-01-03", 1L),
        entry("2024-01-04", 1L));
    assertThat(info.partitions()).allSatisfy(p -> {
      assertThat(p.files()).isPositive();
      assertThat(p.bytes()).isPositive();
    });
    assertThat(info.partitions().stream().mapToLong(PartitionInfo::files).sum()).isEqualTo(info.files());
  }

  @Test
  void aPartitionedVersionExportsAsOneParquetFile() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(lake() instanceof SupportsParquetExport,
        "this backend does not export Parquet files");
    write(ITEMS, ITEM_SCHEMA, WriteOptions.overwrite().partitionedBy("day"),
        item(1, "a", 1.0, D1), item(2, "b", 2.0, D2), item(3, "c", 3.0, D2));
    Path target = workDirectory.resolve("exports/items.parquet");

    long rows = ((SupportsParquetExport) lake()).exportParquet(ITEMS, target);

    assertThat(rows).isEqualTo(3);
    byte[] bytes = Files.readAllBytes(target);
    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    assertThat(new String(bytes, bytes.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).containsExactly(target); // written under a temporary name, then renamed
    }
    assertThatThrownBy(() -> ((SupportsParquetExport) lake())
        .exportParquet(DatasetId.of(Zone.CLEANED, "missing"), workDirectory.resolve("m.parquet")))
        .isInstanceOf(NoSuchDatasetException.class);
    assertThat(workDirectory.resolve("m.parquet")).doesNotExist();
  }

  @Test
  void overwritePartitionsRefusesADatasetPartitionedOtherwise() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1));

    assertThatThrownBy(() -> write(ITEMS, ITEM_SCHEMA,
        new WriteOptions(WriteMode.OVERWRITE_PARTITIONS, List.of("day"), Map.of()), item(2, "b", 2.0, D2)))
        .isInstanceOf(InvalidInputException.class);
    assertThat(version(ITEMS)).isEqualTo(1);
    assertThat(count(ITEMS)).isEqualTo(1);
  }

  @Test
  void partitionColumnsKeepTheirTypeAndValuesWithSpecialCharacters() {
    DatasetId channels = DatasetId.of(Zone.CURATED, "channels");
    Schema schema = Schema.of(Column.of("id", DataType.LONG), Column.of("channel", DataType.STRING),
        Column.of("day", DataType.DATE));
    List<String> names = List.of("M-PESA App", "a+b", "x/y", "50%", "O'Brien");
    List<List<?>> rows = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      rows.add(row((long) i, names.get(i), D1.plusDays(i)));
    }
    DatasetInfo info = lake().write(channels, WriteSource.rows(schema, rows),
        WriteOptions.overwrite().partitionedBy("channel"));

    assertThat(info.schema().column("channel").orElseThrow().type()).isEqualTo(DataType.STRING);
    assertThat(info.partitions()).extracting(p -> p.values().get("channel")).containsExactlyInAnyOrderElementsOf(names);
    assertThat(rowsOf(channels, "id")).extracting(r -> r.get("channel")).containsExactlyElementsOf(names);

    DatasetInfo byDay = lake().write(channels, WriteSource.rows(schema, rows),
        WriteOptions.overwrite().partitionedBy("day"));
    assertThat(byDay.schema().column("day").orElseThrow().type()).isEqualTo(DataType.DATE);
    assertThat(rowsOf(channels, "id")).extracting(r -> r.get("day"))
        .containsExactly(D1, D1.plusDays(1), D1.plusDays(2), D1.plusDays(3), D1.plusDays(4));
  }

  @Test
  void appendWithANewColumnEvolvesTheSchemaAndOldRowsReadNull() {
    Schema before = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING));
    overwrite(ITEMS, before, row(1L, "a"));
    Schema after = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING),
        Column.of("score", DataType.DOUBLE));
    DatasetInfo info = append(ITEMS, after, row(2L, "b", 9.5));

    assertThat(info.schema().names()).containsExactly("id", "name", "score");
    assertThat(info.schema().column("score").orElseThrow().type()).isEqualTo(DataType.DOUBLE);
    assertThat(rowsOf(ITEMS, "id")).containsExactly(
        mapOf("id", 1L, "name", "a", "score", null), mapOf("id", 2L, "name", "b", "score", 9.5));
  }

  @Test
  void appendWithoutAnExistingColumnKeepsItAndNewRowsReadNull() {
    overwrite(ITEMS, Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING)), row(1L, "a"));
    DatasetInfo info = append(ITEMS, Schema.of(Column.of("id", DataType.LONG)), row(2L));

    assertThat(info.schema().names()).containsExactly("id", "name");
    assertThat(rowsOf(ITEMS, "id")).containsExactly(mapOf("id", 1L, "name", "a"), mapOf("id", 2L, "name", null));
  }

  @Test
  void appendChangingAColumnTypeFailsNamingTheColumn() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1));
    Schema changed = Schema.of(Column.of("id", DataType.LONG), Column.of("amount", DataType.STRING));

    assertThatThrownBy(() -> append(ITEMS, changed, row(2L, "lots")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("amount");
    assertThat(version(ITEMS)).isEqualTo(1);
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::id).containsExactly(1L);
  }

  @Test
  void rawZoneIsAppendOnly() {
    DatasetId raw = DatasetId.of(Zone.RAW, "exports");
    Schema schema = Schema.of(Column.of("line", DataType.STRING));
    append(raw, schema, row("first"));

    assertThatThrownBy(() -> overwrite(raw, schema, row("second")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(raw.toString());
    assertThatThrownBy(() -> write(raw, schema,
        new WriteOptions(WriteMode.OVERWRITE_PARTITIONS, List.of("line"), Map.of()), row("third")))
        .isInstanceOf(InvalidInputException.class);
    assertThat(version(raw)).isEqualTo(1);
    assertThat(rowsOf(raw)).containsExactly(Map.of("line", "first"));
  }

  @Test
  void writesTheRowsOfAQueryOverAnotherDatasetWithBoundParameters() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 5.0, D1), item(2, "b", 15.0, D2), item(3, "c", 25.0, D3));
    DatasetId big = DatasetId.of(Zone.CLEANED, "big_items");

    DatasetInfo info = lake().write(big, WriteSource.query(
        "SELECT id, upper(name) AS name, amount * 2 AS doubled FROM src WHERE amount > ? AND day <= ?",
        Map.of("src", ITEMS), 10.0, D3), WriteOptions.overwrite());

    assertThat(info.schema().columns()).containsExactly(Column.of("id", DataType.LONG),
        Column.of("name", DataType.STRING), Column.of("doubled", DataType.DOUBLE));
    assertThat(rowsOf(big, "id")).containsExactly(mapOf("id", 2L, "name", "B", "doubled", 30.0),
        mapOf("id", 3L, "name", "C", "doubled", 50.0));

    lake().write(big, WriteSource.query("SELECT id, name FROM src WHERE name = ?", Map.of("src", ITEMS),
        "x' OR '1'='1"), WriteOptions.overwrite());
    assertThat(count(big)).isZero();
  }

  @Test
  void anEmptyWriteGivesAReadableEmptyDatasetWithItsSchema() {
    DatasetInfo info = lake().write(ITEMS, WriteSource.rows(ITEM_SCHEMA, List.of()), WriteOptions.overwrite());

    assertThat(info.rows()).isZero();
    assertThat(info.version()).isEqualTo(1);
    assertThat(lake().describe(ITEMS).orElseThrow().schema()).isEqualTo(ITEM_SCHEMA);
    assertThat(lake().read(ITEMS, Item.class)).isEmpty();
    assertThat(rowsOf(ITEMS)).isEmpty();

    DatasetId copy = DatasetId.of(Zone.CLEANED, "copy");
    DatasetInfo copied = lake().write(copy, WriteSource.query("SELECT id, day FROM src", Map.of("src", ITEMS)),
        WriteOptions.overwrite());
    assertThat(copied.rows()).isZero();
    assertThat(copied.schema().columns()).containsExactly(Column.of("id", DataType.LONG), Column.of("day", DataType.DATE));

    append(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1));
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::id).containsExactly(1L);
  }

  @Test
  void anEmptyPartitionedWriteGivesAReadableEmptyDataset() {
    DatasetInfo info = lake().write(ITEMS, WriteSource.rows(ITEM_SCHEMA, List.of()),
        WriteOptions.overwrite().partitionedBy("day"));

    assertThat(info.rows()).isZero();
    assertThat(info.partitionColumns()).containsExactly("day");
    assertThat(info.partitions()).isEmpty();
    assertThat(info.schema().column("day")).contains(Column.of("day", DataType.DATE));
    assertThat(info.schema().names()).containsExactlyInAnyOrderElementsOf(ITEM_SCHEMA.names());
    assertThat(lake().read(ITEMS, Item.class)).isEmpty();

    DatasetInfo appended = write(ITEMS, ITEM_SCHEMA, WriteOptions.append().partitionedBy("day"), item(1, "a", 1.0, D1));
    assertThat(appended.partitions()).hasSize(1);
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::day).containsExactly(D1);
  }

  @Test
  void deleteRemovesTheDatasetOnce() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1));

    assertThat(lake().delete(ITEMS)).isTrue();
    assertThat(lake().describe(ITEMS)).isEmpty();
    assertThat(lake().list()).noneMatch(info -> info.id().equals(ITEMS));
    assertThatThrownBy(() -> count(ITEMS)).isInstanceOf(NoSuchDatasetException.class);
    assertThat(lake().delete(ITEMS)).isFalse();

    overwrite(ITEMS, ITEM_SCHEMA, item(9, "again", 9.0, D2));
    assertThat(lake().read(ITEMS, Item.class)).extracting(Item::id).containsExactly(9L);
  }

  @Test
  void readingAMissingDatasetThrowsNoSuchDataset() {
    DatasetId missing = DatasetId.of(Zone.CURATED, "never_written");

    assertThat(lake().describe(missing)).isEmpty();
    assertThatThrownBy(() -> lake().read(missing, Item.class))
        .isInstanceOfSatisfying(NoSuchDatasetException.class, e -> assertThat(e.dataset()).isEqualTo(missing))
        .hasMessageContaining("curated/never_written");
    assertThatThrownBy(() -> lake().stream(missing)).isInstanceOf(NoSuchDatasetException.class);
    assertThatThrownBy(() -> lake().write(ITEMS, WriteSource.query("SELECT * FROM m", Map.of("m", missing)),
        WriteOptions.overwrite())).isInstanceOf(NoSuchDatasetException.class);
    assertThat(lake().describe(ITEMS)).isEmpty();
  }

  @Test
  void partitioningByAMissingColumnFailsAndCommitsNothing() {
    assertThatThrownBy(() -> write(ITEMS, ITEM_SCHEMA, WriteOptions.overwrite().partitionedBy("county"),
        item(1, "a", 1.0, D1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("county");
    assertThat(lake().describe(ITEMS)).isEmpty();
  }

  @Test
  void aFailedWriteLeavesThePreviousVersionReadableAndUnchanged() {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1), item(2, "b", 2.0, D2));
    DatasetInfo before = lake().describe(ITEMS).orElseThrow();
    List<Item> rowsBefore = lake().read(ITEMS, Item.class);

    // fails while rows are being produced, after the columns are known
    assertThatThrownBy(() -> lake().write(ITEMS, WriteSource.query(
        "SELECT CAST(CASE WHEN range < 50000 THEN CAST(range AS VARCHAR) ELSE 'not a number' END AS BIGINT) AS id"
            + " FROM range(100000)", Map.of()), WriteOptions.overwrite()))
        .isInstanceOf(TakwimuException.class);
    assertThatThrownBy(() -> lake().write(ITEMS, WriteSource.query("SELECT no_such_column FROM src",
        Map.of("src", ITEMS)), WriteOptions.append())).isInstanceOf(TakwimuException.class);
    // a value of the wrong Java type, and a row of the wrong width
    assertThatThrownBy(() -> append(ITEMS, ITEM_SCHEMA, item(3, "c", 3.0, D3), row("four", "d", 4.0, true, D1, null, 1)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> append(ITEMS, ITEM_SCHEMA, row(5L, "e")))
        .isInstanceOf(InvalidInputException.class);

    assertThat(lake().describe(ITEMS)).contains(before);
    assertThat(lake().read(ITEMS, Item.class)).containsExactlyInAnyOrderElementsOf(rowsBefore);
    assertThat(append(ITEMS, ITEM_SCHEMA, item(6, "f", 6.0, D1)).version()).isEqualTo(before.version() + 1);
  }

  @Test
  void timestampsAndDatesRoundTripWhateverTheJvmTimeZone() {
    TimeZone original = TimeZone.getDefault();
    // 02:30 on 2024-03-10 does not exist in New York (clocks jump to 03:00); 01:30 on 2024-11-03 happens twice
    List<LocalDateTime> times = List.of(LocalDateTime.parse("2024-03-10T02:30:00"),
        LocalDateTime.parse("2024-11-03T01:30:00"), LocalDateTime.parse("2024-04-22T08:18:00.123456"));
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
      Schema schema = Schema.of(Column.of("id", DataType.LONG), Column.of("seen_at", DataType.TIMESTAMP),
          Column.of("day", DataType.DATE));
      overwrite(ITEMS, schema, row(1L, times.get(0), times.get(0).toLocalDate()),
          row(2L, times.get(1), times.get(1).toLocalDate()), row(3L, times.get(2), LocalDate.parse("1900-01-01")));

      List<Map<String, Object>> rows = rowsOf(ITEMS, "id");
      assertThat(rows).extracting(r -> r.get("seen_at")).containsExactlyElementsOf(times);
      assertThat(rows).extracting(r -> r.get("day"))
          .containsExactly(LocalDate.parse("2024-03-10"), LocalDate.parse("2024-11-03"), LocalDate.parse("1900-01-01"));
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void locationHoldsExactlyTheCurrentVersionsFiles() throws Exception {
    overwrite(ITEMS, ITEM_SCHEMA, item(1, "a", 1.0, D1));
    DatasetInfo second = append(ITEMS, ITEM_SCHEMA, item(2, "b", 2.0, D2));
    assertLocationHoldsVersion(second);
    Path location = Path.of(second.location());
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(second.files());
      }
    }
  }
}
