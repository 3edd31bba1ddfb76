package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.SupportsCompaction;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction across processes: racing two processes that stream into the lake, it loses and duplicates no offset; a
 * process stopped at any step of a compaction's commit (the {@code takwimu.test.halt-at} hook) leaves the old version
 * or the new one, with the same rows and offsets, and the next writer carries on.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CompactionProcessTest {
  @TempDir
  Path workDirectory;

  @Test
  void compactingWhileTwoProcessesStreamLosesAndDuplicatesNothing() throws Exception {
    Path lake = workDirectory.resolve("lake");
    Process first = start(lake, "writer-a");
    Process second = start(lake, "writer-b");
    int compactions = 0;
    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).build()) {
      SupportsCompaction compactor = (SupportsCompaction) backend.lake();
      while (first.isAlive() || second.isAlive()) {
        if (backend.lake().describe(StreamWriter.FORMAT.raw()).isPresent()) {
          CompactionReport raw = compactor.compact(StreamWriter.FORMAT.raw(), CompactionOptions.DEFAULT);
          compactions += raw.compacted() ? 1 : 0;
        }
        if (backend.lake().describe(StreamWriter.FORMAT.quarantine()).isPresent()) {
          compactor.compact(StreamWriter.FORMAT.quarantine(), CompactionOptions.DEFAULT);
        }
      }
      assertThat(first.waitFor(5, TimeUnit.SECONDS) && second.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as(log("writer-a")).isZero();
      assertThat(second.exitValue()).as(log("writer-b")).isZero();
      assertThat(compactions).as("compactions that raced the writers").isGreaterThan(2);

      List<String> landed = new ArrayList<>();
      for (var id : List.of(StreamWriter.FORMAT.raw(), StreamWriter.FORMAT.quarantine())) {
        try (Stream<Row> rows = backend.lake().stream(id)) {
          rows.forEach(r -> landed.add(((Number) r.get("_partition")).intValue() + "-" + r.getLong("_offset")));
        }
      }
      Set<String> expected = new HashSet<>();
      for (int p = 0; p < StreamWriter.PARTITIONS; p++) {
        for (long o = 0; o < StreamWriter.OFFSETS; o++) {
          expected.add(p + "-" + o);
        }
      }
      assertThat(landed).hasSize(expected.size());
      assertThat(new HashSet<>(landed)).isEqualTo(expected);
      assertThat(backend.lake().describe(StreamWriter.FORMAT.raw()).orElseThrow().properties())
          .containsEntry("stream.offset.events.0", "700").containsEntry("stream.offset.events.1", "700");
    } finally {
      first.destroyForcibly();
      second.destroyForcibly();
    }
  }

  @Test
  void aCompactionStoppedAtAnyCommitPointLeavesTheOldVersionOrTheNewOne() throws Exception {
    Path base = workDirectory.resolve("base");
    DatasetInfo before = streamSmallFlushes(base);
    Map<String, Boolean> points = new LinkedHashMap<>();
    points.put("data-in-place", false);
    points.put("manifest-written", true);
    points.put("committed", true);
    for (Map.Entry<String, Boolean> point : points.entrySet()) {
      Path lake = copy(base, workDirectory.resolve("compact-" + point.getKey()));
      haltAt(point.getKey(), "compact", lake.toString());

      try (LocalBackend backend = open(lake)) {
        DatasetInfo seen = backend.lake().describe(StreamCompactionTest.FORMAT.raw()).orElseThrow();
        assertThat(seen.files()).as(point.getKey()).isEqualTo(point.getValue() ? 1 : before.files());
        assertThat(seen.version()).isEqualTo(before.version() + (point.getValue() ? 1 : 0));
        assertSameRowsAndOffsets(backend, seen, before, 0);

        // the next writer carries on: a flush, then a compaction
        try (StreamSink sink = backend.streams().open(StreamCompactionTest.FORMAT, BufferHints.DEFAULT)) {
          for (long o = 60; o < 65; o++) {
            sink.put(StreamCompactionTest.record(0, o));
          }
        }
        ((SupportsCompaction) backend.lake()).compact(StreamCompactionTest.FORMAT.raw(), CompactionOptions.DEFAULT);
        DatasetInfo next = backend.lake().describe(StreamCompactionTest.FORMAT.raw()).orElseThrow();
        assertThat(next.files()).isEqualTo(1);
        assertThat(next.rows()).isEqualTo(before.rows() + 5);
        assertThat(next.properties()).containsEntry("stream.offset.pay.0", "65");
      }
      assertEveryVersionWhole(lake);
    }
  }

  @Test
  void aSinkStoppedWhileCompactingAfterItsFlushKeepsTheFlush() throws Exception {
    Path base = workDirectory.resolve("base");
    DatasetInfo before = streamSmallFlushes(base);
    // the flush's commit is the first data-in-place and manifest-written; the raw dataset's compaction the second
    Map<String, Boolean> points = new LinkedHashMap<>();
    points.put("data-in-place#2", false);
    points.put("manifest-written#2", true);
    for (Map.Entry<String, Boolean> point : points.entrySet()) {
      Path lake = copy(base, workDirectory.resolve("flush-" + point.getKey().replace('#', '-')));
      haltAt(point.getKey(), "flush", lake.toString());

      try (LocalBackend backend = open(lake)) {
        DatasetInfo seen = backend.lake().describe(StreamCompactionTest.FORMAT.raw()).orElseThrow();
        assertThat(seen.rows()).as(point.getKey()).isEqualTo(before.rows() + 5);
        assertThat(seen.files()).isEqualTo(point.getValue() ? 1 : before.files() + 1);
        assertThat(seen.properties()).containsEntry("stream.offset.pay.0", "65")
            .containsEntry("stream.offset.pay.1", "60");
        assertSameRowsAndOffsets(backend, seen, seen, 0);
      }
      assertEveryVersionWhole(lake);
    }
  }

  /** Streams offsets 0..59 of two partitions in flushes of 7 records into a lake that never compacts. */
  private static DatasetInfo streamSmallFlushes(Path lake) {
    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1)
        .streamCompaction(null).build()) {
      try (StreamSink sink = backend.streams().open(StreamCompactionTest.FORMAT,
          new BufferHints(7, 1 << 20, Duration.ofHours(1)))) {
        for (long o = 0; o < 60; o++) {
          sink.put(StreamCompactionTest.record(0, o));
          sink.put(StreamCompactionTest.record(1, o));
        }
      }
      DatasetInfo info = backend.lake().describe(StreamCompactionTest.FORMAT.raw()).orElseThrow();
      assertThat(info.files()).isGreaterThan(10);
      return info;
    }
  }

  private static LocalBackend open(Path lake) {
    return LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).streamCompaction(null).build();
  }

  /** The version reads whole, with the rows and offsets of {@code expected}, no offset twice. */
  private static void assertSameRowsAndOffsets(LocalBackend backend, DatasetInfo seen, DatasetInfo expected,
      int extraRows) {
    List<String> keys = new ArrayList<>();
    try (Stream<Row> rows = backend.lake().stream(StreamCompactionTest.FORMAT.raw())) {
      rows.forEach(r -> keys.add(((Number) r.get("_partition")).intValue() + "-" + r.getLong("_offset")));
    }
    assertThat(keys).doesNotHaveDuplicates().hasSize((int) (expected.rows() + extraRows));
    assertThat(seen.rows()).isEqualTo(expected.rows());
    Map<String, String> offsets = new LinkedHashMap<>(seen.properties());
    offsets.keySet().removeIf(k -> !k.startsWith("stream.offset."));
    assertThat(offsets).hasSize(2);
    expected.properties().entrySet().stream().filter(e -> e.getKey().startsWith("stream.offset."))
        .forEach(e -> assertThat(offsets).containsEntry(e.getKey(), e.getValue()));
  }

  private Process start(Path lake, String name) throws IOException {
    return new ProcessBuilder(java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        StreamWriter.class.getName(), lake.toString())
        .redirectError(workDirectory.resolve(name + ".log").toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private String log(String name) {
    try {
      Path file = workDirectory.resolve(name + ".log");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Runs {@link CompactStep} in a child JVM that halts at the point, and checks that it did stop there. */
  private void haltAt(String point, String... args) throws Exception {
    Path log = workDirectory.resolve("child.log");
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-Dtakwimu.test.halt-at=" + point,
        "-cp", System.getProperty("java.class.path"), CompactStep.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("halted at %s; log:%n%s", point, Files.readString(log)).isEqualTo(137);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Every manifest has its version's data, every file it names is there, and no version is left marked. */
  private static void assertEveryVersionWhole(Path lake) throws IOException {
    try (Stream<Path> files = Files.walk(lake)) {
      for (Path manifest : files.filter(p -> p.getParent().getFileName().toString().equals("_meta")
          && p.getFileName().toString().endsWith(".json")).toList()) {
        String text = Files.readString(manifest);
        assertThat(text).as("%s", manifest).doesNotContain("\"transaction\"");
        Path data = manifest.getParent().resolveSibling(manifest.getFileName().toString().replace(".json", ""));
        assertThat(data).as("data of %s", manifest).isDirectory();
        java.util.regex.Matcher paths = java.util.regex.Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        while (paths.find()) {
          assertThat(data.resolve(paths.group(1))).as("file of %s", manifest).isRegularFile();
        }
      }
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().endsWith(".lock")) {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }
}
