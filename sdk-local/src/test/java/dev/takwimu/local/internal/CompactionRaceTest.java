package dev.takwimu.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.engine.duckdb.DuckDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction whose files are written while another writer (its own DuckDB, as another backend or process) commits:
 * the compaction applies on top of that version and loses none of its files or offsets.
 */
class CompactionRaceTest {
  private static final StreamFormat FORMAT = StreamFormat.of(DatasetId.of(Zone.RAW, "race_stream"),
      DatasetId.of(Zone.QUARANTINE, "race_stream"), List.of("id"));
  private static final BufferHints HINTS = new BufferHints(5, 1 << 20, Duration.ofHours(1));

  @TempDir
  Path lake;

  private DuckDb compactorDuck;
  private DuckDb writerDuck;
  private LocalLakeStore compactorLake;
  private LocalStreamSink writer;

  @BeforeEach
  void open() {
    compactorDuck = new DuckDb("128MB", 1, lake.resolve(".spill-a"));
    writerDuck = new DuckDb("128MB", 1, lake.resolve(".spill-b"));
    compactorLake = new LocalLakeStore(lake, compactorDuck, 3, null);
    writer = new LocalStreamSink(writerDuck, new LocalLakeStore(lake, writerDuck, 3, null), FORMAT, HINTS,
        Clock.systemUTC());
    records(0, 30).forEach(writer::put); // six flushes of five
  }

  @AfterEach
  void close() {
    writerDuck.close();
    compactorDuck.close();
  }

  @Test
  void aFlushCommittedWhileTheCompactionWritesIsKeptWithItsOffsets() {
    compactorLake.compactor().beforeCommit(() -> records(30, 35).forEach(writer::put));

    CompactionReport report = compactorLake.compact(FORMAT.raw(), CompactionOptions.DEFAULT);

    DatasetInfo after = compactorLake.describe(FORMAT.raw()).orElseThrow();
    assertThat(report.versionBefore()).isEqualTo(7); // the racing flush's version, not the one the rewrite read
    assertThat(report.version()).isEqualTo(8).isEqualTo(after.version());
    assertThat(report.filesBefore()).isEqualTo(7);
    assertThat(report.filesRewritten()).isEqualTo(6);
    assertThat(after.files()).isEqualTo(2); // the compacted file and the racing flush's
    assertThat(after.properties()).containsEntry("stream.offset.race.0", "35");
    assertThat(writer.committedOffsets()).containsValue(35L);
    assertThat(offsets()).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 35).boxed().toList());
  }

  @Test
  void aCompactionWhoseFilesAnotherCompactionReplacedStartsOverAndDuplicatesNothing() {
    LocalLakeStore other = new LocalLakeStore(lake, writerDuck, 3, null);
    compactorLake.compactor().beforeCommit(() -> {
      compactorLake.compactor().beforeCommit(() -> {});
      other.compact(FORMAT.raw(), CompactionOptions.DEFAULT);
      records(30, 35).forEach(writer::put);
    });

    CompactionReport report = compactorLake.compact(FORMAT.raw(), CompactionOptions.DEFAULT);

    // the second attempt found the other compaction's file and the new flush's: two small files, packed into one
    assertThat(report.versionBefore()).isEqualTo(8);
    assertThat(report.filesRewritten()).isEqualTo(2);
    assertThat(report.version()).isEqualTo(9);
    assertThat(compactorLake.describe(FORMAT.raw()).orElseThrow().files()).isEqualTo(1);
    assertThat(offsets()).containsExactlyElementsOf(LongStream.range(0, 35).boxed().toList()); // one file, in order
    assertThat(compactorLake.describe(FORMAT.raw()).orElseThrow().properties())
        .containsEntry("stream.offset.race.0", "35");
  }

  private List<Long> offsets() {
    try (Stream<Row> rows = compactorLake.stream(FORMAT.raw())) {
      return rows.map(r -> r.getLong("_offset")).toList();
    }
  }

  private static Stream<StreamRecord> records(long from, long to) {
    return LongStream.range(from, to).mapToObj(o -> new StreamRecord("race", 0, o,
        ("{\"id\": \"" + o + "\"}").getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
  }
}
