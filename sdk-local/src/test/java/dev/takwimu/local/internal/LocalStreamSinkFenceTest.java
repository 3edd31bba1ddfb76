package dev.takwimu.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writers of one stream race: the one whose records another committed first is fenced and commits the rest. */
class LocalStreamSinkFenceTest {
  private static final StreamFormat FORMAT = StreamFormat.of(DatasetId.of(Zone.RAW, "race_stream"),
      DatasetId.of(Zone.QUARANTINE, "race_stream"), List.of("id"));
  private static final BufferHints HINTS = new BufferHints(1_000, 1 << 20, Duration.ofHours(1));

  @TempDir
  Path lake;

  @Test
  void aFlushOverlappingAnotherWritersCommitAddsOnlyTheRest() {
    try (DuckDb zombieDuck = new DuckDb("128MB", 1, lake.resolve(".spill-a"));
         DuckDb ownerDuck = new DuckDb("128MB", 1, lake.resolve(".spill-b"))) {
      LocalLakeStore zombieLake = new LocalLakeStore(lake, zombieDuck, 3, null);
      LocalLakeStore ownerLake = new LocalLakeStore(lake, ownerDuck, 3, null);
      LocalStreamSink zombie = new LocalStreamSink(zombieDuck, zombieLake, FORMAT, HINTS, Clock.systemUTC());
      LocalStreamSink owner = new LocalStreamSink(ownerDuck, ownerLake, FORMAT, HINTS, Clock.systemUTC());
      records(0, 10).forEach(zombie::put);
      boolean[] raced = {false};
      zombie.beforeCommit(() -> {
        if (!raced[0]) {
          raced[0] = true;
          records(0, 7).forEach(owner::put);
          owner.flush();
        }
      });

      FlushReport report = zombie.flush();

      assertThat(report.rows()).isEqualTo(3);
      assertThat(report.quarantined()).isZero();
      assertThat(report.alreadyCommitted()).isEqualTo(7);
      assertThat(report.version()).isEqualTo(2);
      try (Stream<Row> rows = zombieLake.stream(FORMAT.raw())) {
        assertThat(rows.map(r -> r.getLong("_offset")).sorted().toList())
            .containsExactlyElementsOf(LongStream.range(0, 10).filter(o -> o != 3).boxed().toList());
      }
      try (Stream<Row> rows = zombieLake.stream(FORMAT.quarantine())) {
        assertThat(rows.map(r -> r.getLong("_offset")).toList()).containsExactly(3L);
      }
    }
  }

  private static Stream<StreamRecord> records(long from, long to) {
    return LongStream.range(from, to).mapToObj(o -> new StreamRecord("race", 0, o,
        (o == 3 ? "not json" : "{\"id\": \"" + o + "\"}").getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
  }
}
