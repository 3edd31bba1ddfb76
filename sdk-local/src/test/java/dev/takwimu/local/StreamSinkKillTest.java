package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Row;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that streams into the lake at random moments, restarts it from the offsets recorded in the lake
 * (re-delivering some records), then lets two such processes finish side by side: every offset lands exactly once.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StreamSinkKillTest {
  @TempDir
  Path workDirectory;

  @Test
  void everyOffsetLandsExactlyOnceThroughKillsAndRestarts() throws Exception {
    Path lake = workDirectory.resolve("lake");
    Random random = new Random(20261203);
    List<String> rounds = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      Process writer = start(lake, "killed-" + round);
      assertThat(awaitLine(writer, "started", 30)).as("log: %s", log("killed-" + round)).isTrue();
      Thread.sleep(150 + random.nextInt(800));
      writer.destroyForcibly();
      assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
      rounds.add("round " + round + ": " + offsets(lake));
    }
    Process first = start(lake, "final-a");
    Process second = start(lake, "final-b");
    try {
      assertThat(awaitLine(first, "done", 90)).as("first final writer; log: %s", log("final-a")).isTrue();
      assertThat(awaitLine(second, "done", 90)).as("second final writer; log: %s", log("final-b")).isTrue();
    } finally {
      first.destroyForcibly();
      second.destroyForcibly();
    }
    System.out.println(String.join(System.lineSeparator(), rounds));

    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").build()) {
      List<String> landed = new ArrayList<>();
      long malformed = 0;
      try (Stream<Row> rows = backend.lake().stream(StreamWriter.FORMAT.raw())) {
        for (Row row : (Iterable<Row>) rows::iterator) {
          String key = ((Number) row.get("_partition")).intValue() + "-" + row.getLong("_offset");
          assertThat(row.getString("id")).isEqualTo(key);
          assertThat(row.getString("value")).isEqualTo(Long.toString(row.getLong("_offset") * 3));
          landed.add(key);
        }
      }
      try (Stream<Row> rows = backend.lake().stream(StreamWriter.FORMAT.quarantine())) {
        for (Row row : (Iterable<Row>) rows::iterator) {
          assertThat(StreamWriter.malformed(row.getLong("_offset"))).isTrue();
          assertThat(row.getString("_rejected_by")).isEqualTo("not JSON");
          landed.add(((Number) row.get("_partition")).intValue() + "-" + row.getLong("_offset"));
          malformed++;
        }
      }
      Set<String> expected = new HashSet<>();
      for (int p = 0; p < StreamWriter.PARTITIONS; p++) {
        for (long o = 0; o < StreamWriter.OFFSETS; o++) {
          expected.add(p + "-" + o);
        }
      }
      assertThat(landed).as(rounds.toString()).hasSize(expected.size());
      assertThat(new HashSet<>(landed)).isEqualTo(expected);
      assertThat(malformed).isEqualTo(StreamWriter.PARTITIONS
          * java.util.stream.LongStream.range(0, StreamWriter.OFFSETS).filter(StreamWriter::malformed).count());
    }
  }

  private Process start(Path lake, String name) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), StreamWriter.class.getName(), lake.toString())
        .redirectError(workDirectory.resolve(name + ".log").toFile())
        .start();
  }

  private String log(String name) throws IOException {
    Path file = workDirectory.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Waits for the process to print the line; false when it ended or the time ran out first. */
  private static boolean awaitLine(Process process, String expected, int seconds) throws Exception {
    CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals(expected)) {
            return true;
          }
        }
      } catch (IOException e) {
        // killed
      }
      return false;
    });
    return seen.get(seconds, TimeUnit.SECONDS);
  }

  /** The committed offsets, read as a new process would, for the record of each round. */
  private static Map<TopicPartition, Long> offsets(Path lake) {
    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("128MB").threads(1).build();
         StreamSink sink = backend.streams().open(StreamWriter.FORMAT, BufferHints.DEFAULT)) {
      return sink.committedOffsets();
    }
  }
}
