package dev.takwimu.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.TopicPartition;
import dev.takwimu.engine.duckdb.DuckDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush whose commit fails half-way (after its rows and quarantine were staged) commits nothing and keeps its
 * buffer: the sink's next flush, or a restarted sink that is re-delivered the records, lands each offset once.
 */
class LocalStreamSinkFailureTest {
  private static final StreamFormat FORMAT = StreamFormat.of(DatasetId.of(Zone.RAW, "failing_stream"),
      DatasetId.of(Zone.QUARANTINE, "failing_stream"), List.of("id"));
  private static final BufferHints HINTS = new BufferHints(1_000, 1 << 20, Duration.ofHours(1));
  private static final TopicPartition PARTITION = new TopicPartition("fail", 0);

  @TempDir
  Path lake;

  @Test
  void aFailedCommitLeavesNothingAndTheNextFlushOfTheSameSinkCommitsEveryRecordOnce() throws Exception {
    try (DuckDb duck = new DuckDb("128MB", 1, lake.resolve(".spill"))) {
      LocalLakeStore store = new LocalLakeStore(lake, duck, 3, null);
      LocalStreamSink sink = new LocalStreamSink(duck, store, FORMAT, HINTS, Clock.systemUTC());
      records(0, 10).forEach(sink::put);
      sink.flush();
      records(10, 20).forEach(sink::put);
      failOnce(sink);

      assertThatThrownBy(sink::flush).hasMessageContaining("injected");

      assertThat(store.describe(FORMAT.raw()).orElseThrow().version()).isEqualTo(1);
      assertThat(store.describe(FORMAT.quarantine()).orElseThrow().version()).isEqualTo(1);
      assertThat(sink.committedOffsets()).isEqualTo(Map.of(PARTITION, 10L));
      assertThat(sink.buffered()).isEqualTo(10);
      assertThat(staged(FORMAT.raw())).as("staging left by the failed flush").isEmpty();

      FlushReport retried = sink.flush();
      assertThat(retried.rows() + retried.quarantined()).isEqualTo(10);
      assertThat(offsets(store)).containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
      assertThat(sink.committedOffsets()).isEqualTo(Map.of(PARTITION, 20L));
    }
  }

  @Test
  void aSinkRestartedAfterAFailedCommitIsRedeliveredTheRecordsAndLandsEachOnce() throws Exception {
    try (DuckDb duck = new DuckDb("128MB", 1, lake.resolve(".spill"))) {
      LocalLakeStore store = new LocalLakeStore(lake, duck, 3, null);
      LocalStreamSink failing = new LocalStreamSink(duck, store, FORMAT, HINTS, Clock.systemUTC());
      records(0, 15).forEach(failing::put);
      failing.flush();
      records(15, 30).forEach(failing::put);
      failOnce(failing);
      assertThatThrownBy(failing::flush).hasMessageContaining("injected");
      // the failing process is gone; its successor resumes where the lake says and the broker re-delivers from there
      LocalStreamSink restarted = new LocalStreamSink(duck, store, FORMAT, HINTS, Clock.systemUTC());
      long from = restarted.committedOffsets().get(PARTITION);
      assertThat(from).isEqualTo(15);
      records(from - 5, 40).forEach(restarted::put); // an over-eager re-delivery too
      FlushReport report = restarted.flush();

      assertThat(report.alreadyCommitted()).isEqualTo(5);
      assertThat(offsets(store)).containsExactlyElementsOf(LongStream.range(0, 40).boxed().toList());
    }
  }

  private static void failOnce(LocalStreamSink sink) {
    boolean[] failed = {false};
    sink.beforeCommit(() -> {
      if (!failed[0]) {
        failed[0] = true;
        throw new IllegalStateException("injected: the disk went away");
      }
    });
  }

  /** Every offset in raw and quarantine, sorted; a duplicate would show twice. */
  private static List<Long> offsets(LocalLakeStore store) {
    try (Stream<Row> raw = store.stream(FORMAT.raw()); Stream<Row> rejected = store.stream(FORMAT.quarantine())) {
      return Stream.concat(raw, rejected).map(r -> r.getLong("_offset")).sorted().toList();
    }
  }

  private List<Path> staged(DatasetId id) throws Exception {
    Path staging = lake.resolve(id.zone().name().toLowerCase()).resolve(id.name()).resolve("_staging");
    if (!Files.isDirectory(staging)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(staging)) {
      return entries.filter(p -> !p.getFileName().toString().endsWith(".lock")).toList();
    }
  }

  /** Records of partition 0; every seventh is not JSON (quarantined in the same commit). */
  private static Stream<StreamRecord> records(long from, long to) {
    return LongStream.range(from, to).mapToObj(o -> new StreamRecord(PARTITION.topic(), PARTITION.partition(), o,
        (o % 7 == 3 ? "not json" : "{\"id\": \"" + o + "\"}").getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
  }
}
