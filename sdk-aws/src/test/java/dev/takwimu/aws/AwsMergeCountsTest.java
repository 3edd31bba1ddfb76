package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.takwimu.aws.internal.AthenaStatement;
import dev.takwimu.aws.internal.AwsLakeStore;
import dev.takwimu.aws.testing.AthenaOnTrino;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Athena's MERGE, UPDATE and DELETE on Iceberg are merge-on-read: they write position-delete files, and the snapshot
 * summary's {@code total-records} still counts the rows those files delete. The lake's counts must be the rows a
 * reader sees, and its replace must not depend on the undocumented {@code "$path"} column.
 */
class AwsMergeCountsTest {
  private static final DatasetId EVENTS = DatasetId.of(Zone.CURATED, "events");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("label", DataType.STRING),
      Column.of("day", DataType.DATE));
  private static final LocalDate MAY_1 = LocalDate.parse("2024-05-01");
  private static final LocalDate MAY_2 = LocalDate.parse("2024-05-02");
  private static final WriteOptions BY_DAY_PARTITIONS =
      WriteOptions.overwrite().partitionedBy("day").withMode(WriteMode.OVERWRITE_PARTITIONS);

  @TempDir
  Path directory;
  private AwsBackend backend;
  private AwsLakeStore lake;
  private final AwsTestEnvironment env = AwsTestEnvironment.get();

  @BeforeEach
  void open() {
    backend = AwsTestBackends.open(directory);
    lake = (AwsLakeStore) backend.lake();
    env.athenaOnTrino().clear();
  }

  @AfterEach
  void close() {
    backend.close();
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private DatasetInfo write(WriteOptions options, List<?>... rows) {
    return lake.write(EVENTS, WriteSource.rows(SCHEMA, List.of(rows)), options);
  }

  /** What a reader sees: {@code count(*)} of the dataset's current snapshot, asked from Athena. */
  private long counted(String where) {
    Object value = lake.athena().execute(AthenaStatement.query("SELECT count(*) FROM " + lake.tableName(EVENTS)
        + where, List.of(), backend.settings().database(EVENTS.zone()))).rows().get(0).get(0);
    return ((Number) value).longValue();
  }

  /** A row-level statement through Athena, as any other Athena user of the lake (or a later Takwimu) may run. */
  private void runOnAthena(String sql) {
    lake.athena().execute(AthenaStatement.write(sql, List.of(), backend.settings().database(EVENTS.zone()),
        lake.lockKey(EVENTS)));
  }

  private JsonNode summary() throws Exception {
    JsonNode metadata = metadata();
    for (JsonNode snapshot : metadata.path("snapshots")) {
      if (snapshot.path("snapshot-id").asLong() == metadata.path("current-snapshot-id").asLong()) {
        return snapshot.path("summary");
      }
    }
    throw new AssertionError("no current snapshot");
  }

  private Table glueTable() {
    return env.glueClient().getTable(r -> r.databaseName(backend.settings().database(EVENTS.zone()))
        .name(EVENTS.name())).table();
  }

  private JsonNode metadata() throws Exception {
    S3Location location = S3Location.parse(glueTable().parameters().get("metadata_location"));
    return new ObjectMapper().readTree(env.s3Client()
        .getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.prefix())).asByteArray());
  }

  @Test
  void replacingPartitionsThroughTheLakeKeepsEveryCountExact() throws Exception {
    write(WriteOptions.overwrite().partitionedBy("day"), row(1L, "a", MAY_1), row(2L, "b", MAY_1),
        row(3L, "c", MAY_2));

    DatasetInfo replaced = write(BY_DAY_PARTITIONS, row(4L, "d", MAY_1));

    assertThat(replaced.rows()).isEqualTo(counted("")).isEqualTo(2);
    assertThat(replaced.partitions()).extracting(PartitionInfo::rows).containsExactly(1L, 1L);
    assertThat(replaced.files()).isEqualTo(replaced.partitions().stream().mapToLong(PartitionInfo::files).sum());
    assertThat(lake.read(EVENTS, Event.class)).containsExactlyInAnyOrder(new Event(3L, "c", MAY_2),
        new Event(4L, "d", MAY_1));
  }

  record Event(long id, String label, LocalDate day) {}

  /** A MERGE that deletes some rows of a file leaves position deletes on Trino as it does on Athena. */
  @Test
  void rowsAMergeDeletedAreNotCounted() throws Exception {
    write(WriteOptions.overwrite(), row(1L, "a", MAY_1), row(2L, "b", MAY_1), row(3L, "c", MAY_2));
    long dataFiles = lake.describe(EVENTS).orElseThrow().files();

    runOnAthena("MERGE INTO " + lake.tableName(EVENTS) + " t USING (SELECT 2 AS id) s ON (t.id = s.id) "
        + "WHEN MATCHED THEN DELETE");

    assertThat(summary().path("total-position-deletes").asLong()).as("the harness writes position deletes")
        .isEqualTo(1);
    assertThat(summary().path("total-records").asLong()).as("and still counts the deleted row").isEqualTo(3);
    DatasetInfo info = lake.describe(EVENTS).orElseThrow();
    assertThat(info.rows()).isEqualTo(counted("")).isEqualTo(2);
    assertThat(info.files()).as("data files only: the delete file is not a file of rows").isEqualTo(dataFiles);
  }

  /** The lake's own replace after a partial delete: Trino cannot drop the file whole, so deletes stay behind. */
  @Test
  void aReplaceAfterAPartialDeleteCountsOnlyTheNewRows() throws Exception {
    write(WriteOptions.overwrite().partitionedBy("day"), row(1L, "a", MAY_1), row(2L, "b", MAY_1),
        row(3L, "c", MAY_2));
    runOnAthena("DELETE FROM " + lake.tableName(EVENTS) + " WHERE id = 1");
    assertThat(lake.describe(EVENTS).orElseThrow().partitions()).extracting(PartitionInfo::rows)
        .containsExactly(1L, 1L);

    DatasetInfo replaced = write(BY_DAY_PARTITIONS, row(4L, "d", MAY_1),
        row(5L, "e", MAY_1), row(6L, "f", MAY_1));

    assertThat(summary().path("total-position-deletes").asLong()).isPositive();
    assertThat(replaced.rows()).isEqualTo(counted("")).isEqualTo(4);
    Map<String, Long> byDay = new HashMap<>();
    replaced.partitions().forEach(p -> byDay.put(p.values().get("day"), p.rows()));
    assertThat(byDay).containsExactlyInAnyOrderEntriesOf(Map.of("2024-05-01", 3L, "2024-05-02", 1L));
    assertThat(counted(" WHERE day = DATE '2024-05-01'")).isEqualTo(3);

    DatasetInfo overwritten = write(WriteOptions.overwrite().partitionedBy("day"), row(7L, "g", MAY_2));
    assertThat(overwritten.rows()).isEqualTo(counted("")).isEqualTo(1);
    // the May 1 file's rows are all deleted now, but by position: it stays in the snapshot until OPTIMIZE rewrites it
    assertThat(overwritten.partitions()).extracting(p -> p.values().get("day"), PartitionInfo::rows)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2024-05-01", 0L),
            org.assertj.core.groups.Tuple.tuple("2024-05-02", 1L));
    assertThat(overwritten.partitions().stream().mapToLong(PartitionInfo::files).sum()).isEqualTo(overwritten.files());
    assertThat(lake.read(EVENTS, Event.class)).containsExactly(new Event(7L, "g", MAY_2));
  }

  /** A stage's report counts the rows its input has, not the rows its files once held. */
  @Test
  void aStageReportsTheInputRowsAReaderSees() {
    write(WriteOptions.overwrite(), row(1L, "a", MAY_1), row(2L, "b", MAY_1), row(3L, "c", MAY_2));
    runOnAthena("DELETE FROM " + lake.tableName(EVENTS) + " WHERE id = 3");

    dev.takwimu.core.StageReport report = backend.stages().run(dev.takwimu.core.EtlStage.builder("copy-events")
        .input("events", EVENTS).output(DatasetId.of(Zone.CLEANED, "events_copy"))
        .sql("SELECT id, label FROM events").build());

    assertThat(report.inputRows()).containsExactly(Map.entry(EVENTS, 2L));
    assertThat(report.rowsOut()).isEqualTo(2);
  }

  /**
   * Athena's {@code OPTIMIZE ... REWRITE DATA} rewrites the data files with their deletes applied: the delete files
   * go, the rows stay, and the dataset keeps its version and provenance (the rewrite is not a Takwimu write).
   */
  @Test
  void optimizeRewritesTheDeletesAwayAndKeepsTheVersion() throws Exception {
    write(WriteOptions.overwrite().partitionedBy("day"), row(1L, "a", MAY_1), row(2L, "b", MAY_1),
        row(3L, "c", MAY_2));
    runOnAthena("DELETE FROM " + lake.tableName(EVENTS) + " WHERE id = 1");
    DatasetInfo before = write(WriteOptions.overwrite().partitionedBy("day")
        .withProperties(Map.of("note", "kept")), row(7L, "g", MAY_2));
    assertThat(summary().path("total-delete-files").asLong()).isPositive();

    runOnAthena("OPTIMIZE " + lake.tableName(EVENTS) + " REWRITE DATA USING BIN_PACK");

    assertThat(summary().path("operation").asText()).isEqualTo("replace");
    assertThat(summary().path("total-delete-files").asLong()).isZero();
    DatasetInfo after = lake.describe(EVENTS).orElseThrow();
    assertThat(after.version()).isEqualTo(before.version());
    assertThat(after.properties()).isEqualTo(before.properties()).containsEntry("note", "kept");
    assertThat(after.committedAt()).isEqualTo(before.committedAt());
    assertThat(after.rows()).isEqualTo(counted("")).isEqualTo(1);
    assertThat(after.partitions()).extracting(PartitionInfo::rows).containsExactly(1L);
    assertThat(lake.read(EVENTS, Event.class)).containsExactly(new Event(7L, "g", MAY_2));
  }

  /**
   * Equality deletes (written by Flink or Spark, never by Athena) delete rows by value, possibly none: they cannot be
   * subtracted, so the lake counts the pinned snapshot through Athena. The summary is edited to claim one.
   */
  @Test
  void withEqualityDeletesTheRowsAreCountedThroughAthena() throws Exception {
    write(WriteOptions.overwrite(), row(1L, "a", MAY_1), row(2L, "b", MAY_1));
    JsonNode metadata = metadata();
    for (JsonNode snapshot : metadata.path("snapshots")) {
      ((ObjectNode) snapshot.path("summary")).put("total-equality-deletes", "5")
          .put("total-records", "7");
    }
    Table table = glueTable();
    String edited = table.parameters().get("metadata_location").replace(".metadata.json", "-edited.metadata.json");
    S3Location location = S3Location.parse(edited);
    env.s3Client().putObject(r -> r.bucket(location.bucket()).key(location.prefix()),
        RequestBody.fromBytes(new ObjectMapper().writeValueAsBytes(metadata)));
    Map<String, String> parameters = new HashMap<>(table.parameters());
    parameters.put("metadata_location", edited);
    env.glueClient().updateTable(r -> r.databaseName(table.databaseName()).tableInput(t -> t.name(table.name())
        .tableType(table.tableType()).storageDescriptor(table.storageDescriptor()).parameters(parameters)));
    env.athenaOnTrino().clear();

    assertThat(lake.describe(EVENTS).orElseThrow().rows()).isEqualTo(2);
    assertThat(env.athenaOnTrino().statements()).anySatisfy(s -> assertThat(s.athenaSql())
        .contains("count(*)").contains("FOR VERSION AS OF"));
  }

  /**
   * Athena documents {@code "$path"} for SELECT only; the replace matches rows on documented columns instead, with
   * equalities the engine can hash-join on (a condition on the source alone would compare every old row with every
   * new one).
   */
  @Test
  void theReplaceMergeUsesNoHiddenColumnAndIsAHashJoin() {
    write(WriteOptions.overwrite().partitionedBy("day"), row(1L, "a", MAY_1), row(3L, "c", MAY_2),
        row(8L, "no day", null));
    // from a query over a dataset (not uploaded rows, whose staging table is gone after the write) to EXPLAIN later
    DatasetId incoming = DatasetId.of(Zone.CLEANED, "incoming");
    lake.write(incoming, WriteSource.rows(SCHEMA, List.of(row(2L, "b", MAY_1), row(9L, "still no day", null))),
        WriteOptions.overwrite());
    env.athenaOnTrino().clear();
    lake.write(EVENTS, WriteSource.query("SELECT * FROM incoming", Map.of("incoming", incoming)), BY_DAY_PARTITIONS);
    assertThat(lake.read(EVENTS, Event.class)).containsExactlyInAnyOrder(new Event(2L, "b", MAY_1),
        new Event(3L, "c", MAY_2), new Event(9L, "still no day", null));
    lake.write(EVENTS, WriteSource.query("SELECT id + 3 AS id, label, DATE '2024-05-02' AS day FROM incoming "
        + "WHERE id = 2", Map.of("incoming", incoming)), WriteOptions.overwrite().partitionedBy("day"));

    List<AthenaOnTrino.StatementRecord> merges = env.athenaOnTrino().statements().stream()
        .filter(s -> s.athenaSql() != null && s.athenaSql().startsWith("MERGE")).toList();
    assertThat(merges).hasSize(2).allSatisfy(s -> assertThat(s.athenaSql()).doesNotContain("$path"));
    for (AthenaOnTrino.StatementRecord merge : merges) {
      String plan = lake.athena().execute(AthenaStatement.query("EXPLAIN " + merge.athenaSql(), List.of(),
          backend.settings().database(EVENTS.zone()))).rows().stream().map(r -> String.valueOf(r.get(0)))
          .collect(java.util.stream.Collectors.joining("\n"));
      assertThat(plan).as(plan).containsPattern("LeftJoin\\[criteria = [^\\n]*hash = \\[");
    }
    assertThat(lake.read(EVENTS, Event.class)).containsExactly(new Event(5L, "b", MAY_2));
  }
}
