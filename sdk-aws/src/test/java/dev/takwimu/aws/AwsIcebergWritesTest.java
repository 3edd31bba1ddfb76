package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.testing.AthenaOnTrino;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Table;

/** What the AWS lake promises beyond the shared contract: one Iceberg commit per write, no leftovers, bound values. */
class AwsIcebergWritesTest {
  private static final DatasetId EVENTS = DatasetId.of(Zone.CURATED, "events");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("label", DataType.STRING),
      Column.of("day", DataType.DATE));

  @TempDir
  Path directory;
  private AwsBackend backend;
  private final AwsTestEnvironment env = AwsTestEnvironment.get();

  @BeforeEach
  void open() {
    backend = AwsTestBackends.open(directory);
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
    return backend.lake().write(EVENTS, WriteSource.rows(SCHEMA, List.of(rows)), options);
  }

  private JsonNode metadata(DatasetId id) throws Exception {
    Table table = env.glueClient().getTable(r -> r.databaseName(backend.settings().database(id.zone()))
        .name(id.name())).table();
    S3Location location = S3Location.parse(table.parameters().get("metadata_location"));
    return new ObjectMapper().readTree(env.s3Client()
        .getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.prefix())).asByteArray());
  }

  /**
   * One commit = one new metadata file. Trino (as Athena) commits a MERGE that drops whole files as one transaction
   * holding two snapshots (the added rows, then the dropped files): the table moves from the old current snapshot
   * straight to the last one, so no reader sees the one in between.
   */
  @Test
  void everyWriteIsExactlyOneIcebergCommit() throws Exception {
    LocalDate day = LocalDate.parse("2024-05-01");
    write(WriteOptions.overwrite(), row(1L, "a", day), row(2L, "b", day));
    assertThat(metadata(EVENTS).path("metadata-log").size()).isEqualTo(0);
    write(WriteOptions.append(), row(3L, "c", day));
    JsonNode afterAppend = metadata(EVENTS);
    assertThat(afterAppend.path("metadata-log").size()).isEqualTo(1);

    DatasetInfo replaced = write(WriteOptions.overwrite(), row(9L, "z", day));

    JsonNode afterReplace = metadata(EVENTS);
    assertThat(afterReplace.path("metadata-log").size()).as("the replace is one commit").isEqualTo(2);
    List<String> replaceQueries = new ArrayList<>();
    for (JsonNode snapshot : afterReplace.path("snapshots")) {
      if (snapshot.path("sequence-number").asLong() > afterAppend.path("last-sequence-number").asLong()) {
        replaceQueries.add(snapshot.path("summary").path("trino_query_id").asText());
      }
    }
    assertThat(replaceQueries).isNotEmpty().containsOnly(replaceQueries.get(0));
    assertThat(replaced.version()).isEqualTo(3);
    assertThat(replaced.rows()).isEqualTo(1);
    assertThat(backend.lake().read(EVENTS, Event.class)).containsExactly(new Event(9L, "z", day));
  }

  record Event(long id, String label, LocalDate day) {}

  @Test
  void moreThanAHundredPartitionsAreWrittenInBatchesAthenaAccepts() {
    LocalDate first = LocalDate.parse("2024-01-01");
    List<List<?>> rows = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      rows.add(row((long) i, "r" + i, first.plusDays(i)));
    }
    rows.add(row(999L, "no day", null));
    DatasetInfo info = backend.lake().write(EVENTS, WriteSource.rows(SCHEMA, rows),
        WriteOptions.overwrite().partitionedBy("day"));

    assertThat(info.rows()).isEqualTo(131);
    assertThat(info.partitions()).as("%s", info.partitions()).hasSize(131);
    List<AthenaOnTrino.StatementRecord> writes = env.athenaOnTrino().statements().stream()
        .filter(s -> s.athenaSql() != null && s.athenaSql().contains("\"events\"") && (s.athenaSql().startsWith("CREATE TABLE")
            || s.athenaSql().startsWith("INSERT INTO")))
        .toList();
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0).parameters()).hasSize(100);
  }

  @Test
  void aFailedFirstWriteLeavesNoTableNoFilesAndARetrySucceeds() {
    DatasetId broken = DatasetId.of(Zone.CLEANED, "broken");
    assertThatThrownBy(() -> backend.lake().write(broken, WriteSource.query(
        "SELECT CAST(label AS bigint) AS n FROM events", Map.of("events", EVENTS)), WriteOptions.overwrite()))
        .isInstanceOf(dev.takwimu.core.NoSuchDatasetException.class);
    write(WriteOptions.overwrite(), row(1L, "not a number", LocalDate.parse("2024-05-01")));

    assertThatThrownBy(() -> backend.lake().write(broken, WriteSource.query(
        "SELECT CAST(label AS bigint) AS n FROM events", Map.of("events", EVENTS)), WriteOptions.overwrite()))
        .isInstanceOf(TakwimuException.class).hasMessageContaining("failed");

    assertThat(backend.lake().describe(broken)).isEmpty();
    S3Location zone = backend.settings().zone(Zone.CLEANED);
    assertThat(env.s3Client().listObjectsV2(r -> r.bucket(zone.bucket()).prefix(zone.key("broken/"))).contents())
        .isEmpty();
    DatasetInfo retried = backend.lake().write(broken, WriteSource.query(
        "SELECT length(label) AS n FROM events", Map.of("events", EVENTS)), WriteOptions.overwrite());
    assertThat(retried.rows()).isEqualTo(1);
  }

  @Test
  void valuesTravelOnlyAsExecutionParametersAndTemporaryTablesAreDropped() {
    String hostile = "O'Brien'); DROP TABLE events; --";
    write(WriteOptions.overwrite(), row(1L, hostile, LocalDate.parse("2024-05-01")));
    DatasetInfo filtered = backend.lake().write(DatasetId.of(Zone.CLEANED, "matches"), WriteSource.query(
        "SELECT id FROM events WHERE label = ?", Map.of("events", EVENTS), hostile), WriteOptions.overwrite());

    assertThat(filtered.rows()).isEqualTo(1);
    assertThat(env.athenaOnTrino().statements()).isNotEmpty()
        .allSatisfy(s -> assertThat(s.athenaSql()).doesNotContain("Brien"));
    assertThat(env.athenaOnTrino().statements()).anySatisfy(s -> assertThat(s.parameters())
        .contains("'O''Brien''); DROP TABLE events; --'"));
    for (Zone zone : List.of(Zone.CURATED, Zone.CLEANED)) {
      List<String> names = env.glueClient().getTablesPaginator(r -> r.databaseName(backend.settings().database(zone)))
          .stream().flatMap(p -> p.tableList().stream()).map(Table::name).toList();
      assertThat(names).noneMatch(n -> n.startsWith("tk_"));
    }
    S3Location work = backend.settings().work();
    assertThat(env.s3Client().listObjectsV2(r -> r.bucket(work.bucket()).prefix(work.key("staging/"))).contents())
        .isEmpty();
  }
}
