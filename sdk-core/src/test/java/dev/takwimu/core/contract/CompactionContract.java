package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Column;
import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.Schema;
import dev.takwimu.core.SupportsCompaction;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SupportsCompaction} must do: fewer files in one new version, with the same rows, schema and
 * properties; partitions compacted each on its own; nothing committed when nothing is worth rewriting.
 */
public abstract class CompactionContract extends BackendContractSupport {
  protected static final DatasetId EVENTS = DatasetId.of(Zone.RAW, "events");
  protected static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING),
      Column.of("day", DataType.DATE));
  private static final LocalDate D1 = LocalDate.parse("2024-01-01");
  private static final LocalDate D2 = LocalDate.parse("2024-01-02");

  @BeforeEach
  void requireCompaction() {
    org.junit.jupiter.api.Assumptions.assumeTrue(lake() instanceof SupportsCompaction,
        backend.name() + " cannot compact");
  }

  protected CompactionReport compact(DatasetId id, CompactionOptions options) {
    return ((SupportsCompaction) lake()).compact(id, options);
  }

  /** Appends rows {@code from..to-1}, each commit recording {@code offset=to} as a stream sink would. */
  private DatasetInfo appendRange(DatasetId id, long from, long to, WriteOptions options) {
    List<List<?>> rows = new java.util.ArrayList<>();
    for (long i = from; i < to; i++) {
      rows.add(row(i, "n" + i, i % 2 == 0 ? D1 : D2));
    }
    return lake().write(id, WriteSource.rows(SCHEMA, rows), options.withProperties(Map.of("offset", "" + to)));
  }

  @Test
  void smallFilesBecomeOneVersionWithTheSameRowsSchemaAndProperties() {
    for (int i = 0; i < 6; i++) {
      appendRange(EVENTS, i * 10L, i * 10L + 10, WriteOptions.append());
    }
    DatasetInfo before = lake().describe(EVENTS).orElseThrow();
    List<Map<String, Object>> rowsBefore = rowsOf(EVENTS, "id");
    assertThat(before.files()).isEqualTo(6);

    CompactionReport report = compact(EVENTS, CompactionOptions.DEFAULT);

    DatasetInfo after = lake().describe(EVENTS).orElseThrow();
    assertThat(report.compacted()).isTrue();
    assertThat(report.filesBefore()).isEqualTo(6);
    assertThat(report.filesAfter()).isEqualTo(1).isEqualTo(after.files());
    assertThat(report.filesRewritten()).isEqualTo(6);
    assertThat(report.rows()).isEqualTo(60).isEqualTo(after.rows());
    assertThat(report.versionBefore()).isEqualTo(6);
    assertThat(report.version()).isEqualTo(7).isEqualTo(after.version());
    assertThat(after.schema()).isEqualTo(before.schema());
    assertThat(after.properties()).isEqualTo(before.properties()).containsEntry("offset", "60");
    assertThat(rowsOf(EVENTS, "id")).isEqualTo(rowsBefore);

    reopenBackend(); // what a later process reads, and appends after the compaction
    appendRange(EVENTS, 60, 65, WriteOptions.append());
    assertThat(count(EVENTS)).isEqualTo(65);
    assertThat(lake().describe(EVENTS).orElseThrow().files()).isEqualTo(2);
  }

  @Test
  void eachPartitionIsCompactedOnItsOwn() {
    DatasetId byDay = DatasetId.of(Zone.CURATED, "events_by_day");
    WriteOptions partitioned = WriteOptions.append().partitionedBy("day");
    for (int i = 0; i < 3; i++) {
      appendRange(byDay, i * 10L, i * 10L + 10, partitioned);
    }
    List<Map<String, Object>> rowsBefore = rowsOf(byDay, "id");
    assertThat(lake().describe(byDay).orElseThrow().files()).isEqualTo(6);

    CompactionReport report = compact(byDay, CompactionOptions.DEFAULT);

    DatasetInfo after = lake().describe(byDay).orElseThrow();
    assertThat(report.filesAfter()).isEqualTo(2);
    assertThat(after.partitions()).extracting(PartitionInfo::files).containsOnly(1L);
    assertThat(after.partitions()).extracting(PartitionInfo::rows).containsOnly(15L);
    assertThat(after.partitionColumns()).containsExactly("day");
    assertThat(rowsOf(byDay, "id")).isEqualTo(rowsBefore);
  }

  @Test
  void commitsNothingWhenTooFewFilesAreSmall() {
    appendRange(EVENTS, 0, 10, WriteOptions.append());
    appendRange(EVENTS, 10, 20, WriteOptions.append());

    CompactionReport report = compact(EVENTS, CompactionOptions.DEFAULT.withMinFiles(3));

    assertThat(report.compacted()).isFalse();
    assertThat(report.filesAfter()).isEqualTo(report.filesBefore()).isEqualTo(2);
    assertThat(report.rows()).isEqualTo(20);
    assertThat(version(EVENTS)).isEqualTo(2).isEqualTo(report.version());
  }

  @Test
  void oldRowsReadNullInAColumnAddedLater() {
    appendRange(EVENTS, 0, 3, WriteOptions.append());
    Schema wider = Schema.of(Column.of("id", DataType.LONG), Column.of("name", DataType.STRING),
        Column.of("day", DataType.DATE), Column.of("score", DataType.DOUBLE));
    lake().write(EVENTS, WriteSource.rows(wider, List.of(row(3L, "n3", D2, 0.5))), WriteOptions.append());

    compact(EVENTS, CompactionOptions.DEFAULT);

    DatasetInfo after = lake().describe(EVENTS).orElseThrow();
    assertThat(after.files()).isEqualTo(1);
    assertThat(after.schema().names()).containsExactly("id", "name", "day", "score");
    assertThat(rowsOf(EVENTS, "id")).extracting(r -> r.get("score")).containsExactly(null, null, null, 0.5);
  }

  @Test
  void aMissingDatasetAndBadOptionsFailClearly() {
    assertThatThrownBy(() -> compact(DatasetId.of(Zone.RAW, "nothing_here"), CompactionOptions.DEFAULT))
        .isInstanceOf(NoSuchDatasetException.class).hasMessageContaining("raw/nothing_here");
    assertThatThrownBy(() -> CompactionOptions.DEFAULT.withMinFiles(1))
        .hasMessage("minFiles must be at least 2, got 1");
    assertThatThrownBy(() -> CompactionOptions.DEFAULT.withTargetFileBytes(10))
        .hasMessage("targetFileBytes must be at least 1024, got 10");
  }
}
