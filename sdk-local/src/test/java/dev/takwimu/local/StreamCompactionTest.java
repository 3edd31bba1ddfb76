package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.SupportsCompaction;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many small flushes into a lake whose stream sinks compact: the datasets stay at a few files, and rows, offsets and a
 * resuming consumer see exactly what a lake that never compacts sees.
 */
class StreamCompactionTest {
  static final StreamFormat FORMAT = StreamFormat.of(DatasetId.of(Zone.RAW, "pay_stream"),
      DatasetId.of(Zone.QUARANTINE, "pay_stream"), List.of("id", "amount"));
  static final String TOPIC = "pay";
  private static final BufferHints SMALL = new BufferHints(7, 1 << 20, Duration.ofHours(1));
  private static final CompactionOptions EVERY_10 = CompactionOptions.DEFAULT.withMinFiles(10);

  @TempDir
  Path temp;

  /** Offset o of a partition; every 13th is not JSON (quarantined). */
  static StreamRecord record(int partition, long offset) {
    String value = offset % 13 == 4 ? "broken " + offset
        : "{\"id\": \"" + partition + "-" + offset + "\", \"amount\": " + offset * 2 + "}";
    return new StreamRecord(TOPIC, partition, offset, value.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
  }

  private static LocalBackend open(Path lake, CompactionOptions compaction) {
    return LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(2).streamCompaction(compaction).build();
  }

  /** Streams offsets {@code from..to-1} of partitions 0 and 1, interleaved in chunks, flushing every 7 records. */
  private static List<FlushReport> stream(LocalBackend backend, long from, long to) {
    List<FlushReport> flushes = new ArrayList<>();
    try (StreamSink sink = backend.streams().open(FORMAT, SMALL)) {
      sink.onFlush(flushes::add);
      for (long o = from; o < to; o += 5) {
        for (int p = 0; p < 2; p++) {
          for (long i = o; i < Math.min(o + 5, to); i++) {
            sink.put(record(p, i));
          }
        }
      }
    }
    return flushes;
  }

  @Test
  void manySmallFlushesStayAFewFilesWithTheSameRowsAndOffsets() {
    Map<String, List<String>> compacted;
    Map<String, String> compactedProperties;
    try (LocalBackend backend = open(temp.resolve("compacting"), EVERY_10)) {
      List<FlushReport> flushes = stream(backend, 0, 300);
      assertThat(flushes).hasSizeGreaterThan(80);
      DatasetInfo raw = backend.lake().describe(FORMAT.raw()).orElseThrow();
      DatasetInfo quarantine = backend.lake().describe(FORMAT.quarantine()).orElseThrow();
      assertThat(raw.files()).isLessThan(10);
      assertThat(quarantine.files()).isLessThan(10);
      assertThat(raw.version()).isGreaterThan(flushes.size()); // the compactions' versions
      compacted = contents(backend);
      compactedProperties = offsetProperties(raw);
    }
    try (LocalBackend backend = open(temp.resolve("plain"), null)) {
      List<FlushReport> flushes = stream(backend, 0, 300);
      DatasetInfo raw = backend.lake().describe(FORMAT.raw()).orElseThrow();
      assertThat(raw.files()).isEqualTo(flushes.size());
      assertThat(compacted).isEqualTo(contents(backend));
      assertThat(compactedProperties).isEqualTo(offsetProperties(raw))
          .containsEntry("stream.offset.pay.0", "300").containsEntry("stream.offset.pay.1", "300");
    }
    assertThat(compacted.get("raw")).hasSize(2 * (300 - 23));
    assertThat(compacted.get("quarantine")).hasSize(2 * 23);
  }

  @Test
  void aConsumerResumingAfterCompactionSeeksToTheRecordedOffsetsAndAddsNoDuplicate() {
    Path lake = temp.resolve("lake");
    try (LocalBackend backend = open(lake, EVERY_10)) {
      stream(backend, 0, 120);
    }
    try (LocalBackend backend = open(lake, null)) {
      CompactionReport report = ((SupportsCompaction) backend.lake()).compact(FORMAT.raw(), CompactionOptions.DEFAULT);
      assertThat(report.filesAfter()).isEqualTo(1);
    }
    try (LocalBackend backend = open(lake, EVERY_10);
         StreamSink sink = backend.streams().open(FORMAT, SMALL)) {
      Map<TopicPartition, Long> resumeAt = sink.committedOffsets();
      assertThat(resumeAt).containsOnly(Map.entry(new TopicPartition(TOPIC, 0), 120L),
          Map.entry(new TopicPartition(TOPIC, 1), 120L));
      for (int p = 0; p < 2; p++) {
        for (long o = resumeAt.get(new TopicPartition(TOPIC, p)) - 30; o < 200; o++) { // 30 re-delivered
          sink.put(record(p, o));
        }
      }
      sink.flush();
      assertThat(sink.committedOffsets()).containsOnly(Map.entry(new TopicPartition(TOPIC, 0), 200L),
          Map.entry(new TopicPartition(TOPIC, 1), 200L));
      Map<String, List<String>> contents = contents(backend);
      assertThat(contents.get("raw")).doesNotHaveDuplicates().hasSize(2 * (200 - 16));
      assertThat(contents.get("quarantine")).doesNotHaveDuplicates().hasSize(2 * 16);
    }
  }

  @Test
  void aCompactedStreamReadsInOffsetOrderWithinEachPartition() {
    try (LocalBackend backend = open(temp.resolve("lake"), null)) {
      stream(backend, 0, 100);
      ((SupportsCompaction) backend.lake()).compact(FORMAT.raw(), CompactionOptions.DEFAULT);
      Map<Integer, List<Long>> offsets = new HashMap<>();
      try (Stream<Row> rows = backend.lake().stream(FORMAT.raw())) {
        rows.forEach(r -> offsets.computeIfAbsent(((Number) r.get("_partition")).intValue(), k -> new ArrayList<>())
            .add(r.getLong("_offset")));
      }
      assertThat(offsets).hasSize(2);
      offsets.values().forEach(list -> assertThat(list).hasSize(100 - 8).isSorted());
    }
  }

  @Test
  void theConfigurationSetsWhenSinksCompactOrTurnsItOff() {
    for (String files : List.of("3", "0")) {
      Path lake = temp.resolve("lake-" + files);
      try (dev.takwimu.core.Backend backend = dev.takwimu.core.Backends.open(Map.of(
          dev.takwimu.core.Backends.LAKE, lake.toString(), LocalBackendProvider.STREAM_COMPACT_FILES, files,
          LocalBackendProvider.STREAM_COMPACT_TARGET_MB, "64"))) {
        try (StreamSink sink = ((dev.takwimu.core.stream.SupportsStreaming) backend).streams().open(FORMAT, SMALL)) {
          for (long o = 0; o < 21; o++) {
            sink.put(new StreamRecord(TOPIC, 0, o, ("{\"id\": \"" + o + "\", \"amount\": 1}")
                .getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
          }
        }
        assertThat(backend.lake().describe(FORMAT.raw()).orElseThrow().files()).as(files)
            .isEqualTo(files.equals("0") ? 3 : 1);
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.takwimu.core.Backends.open(Map.of(
        dev.takwimu.core.Backends.LAKE, temp.toString(), LocalBackendProvider.STREAM_COMPACT_FILES, "1")))
        .isInstanceOf(dev.takwimu.core.InvalidInputException.class)
        .hasMessageContaining(LocalBackendProvider.STREAM_COMPACT_FILES);
  }

  /** The stream properties of a version: the offsets (batch ids differ from lake to lake). */
  private static Map<String, String> offsetProperties(DatasetInfo info) {
    Map<String, String> offsets = new HashMap<>(info.properties());
    offsets.keySet().removeIf(key -> !key.startsWith("stream.offset."));
    return offsets;
  }

  /** Each dataset's rows as sorted text, lineage included but the batch id. */
  static Map<String, List<String>> contents(LocalBackend backend) {
    Map<String, List<String>> contents = new HashMap<>();
    for (DatasetId id : List.of(FORMAT.raw(), FORMAT.quarantine())) {
      try (Stream<Row> rows = backend.lake().stream(id)) {
        contents.put(id.zone().id(), rows.map(r -> {
          Map<String, Object> values = new java.util.TreeMap<>(r.asMap());
          values.remove("_batch_id");
          return values.toString();
        }).sorted().toList());
      }
    }
    return contents;
  }
}
