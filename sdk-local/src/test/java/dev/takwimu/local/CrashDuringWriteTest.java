package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process at arbitrary moments and checks that the lake still holds a whole committed version, that any
 * reader sees exactly its rows, and that the next write cleans up and commits.
 */
// generous: four 2-million-row writers on a loaded 2-core machine, each commit fsyncing its files
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashDuringWriteTest {
  private static final Pattern VERSION_DIRECTORY = Pattern.compile("v\\d{8}");

  @TempDir
  Path workDirectory;

  @Test
  void aKilledWriterLeavesTheLastCommittedVersionWhole() throws Exception {
    Path lake = workDirectory.resolve("lake");
    Random random = new Random(20240422);
    long[] delaysMillis = {0, 250, 500, 800};
    List<String> outcomes = new ArrayList<>();
    List<String> stagingLeftAfterCommit = new ArrayList<>();
    for (int round = 0; round < delaysMillis.length; round++) {
      long lastPrinted = runAndKill(lake, delaysMillis[round] + random.nextInt(150), round);

      try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").build()) {
        DatasetInfo info = backend.lake().describe(CrashWriter.DATASET).orElseThrow();
        long version = info.version();
        outcomes.add("round " + round + ": child printed v" + lastPrinted + ", lake at v" + version
            + debris(lake.resolve("cleaned").resolve("big")));
        assertThat(version).as(outcomes.toString()).isGreaterThanOrEqualTo(Math.max(lastPrinted, 1));
        assertThat(version).as(outcomes.toString()).isLessThanOrEqualTo(lastPrinted + 1);
        long expected = CrashWriter.expectedRows(version);
        assertThat(info.rows()).isEqualTo(expected);
        assertThat(info.properties()).containsEntry("expected_rows", Long.toString(expected));

        assertThat(countWithPlainDuckDb(info.location())).containsExactly(expected, CrashWriter.expectedIdSum(version));
        Row viaBackend = backend.insights().runUntyped(InsightQuery.of("count", Counted.class,
            "SELECT count(*) AS n, CAST(sum(id) AS BIGINT) AS ids FROM big", Map.of("big", CrashWriter.DATASET)))
            .rows().get(0);
        assertThat(List.of(viaBackend.getLong("n"), viaBackend.getLong("ids")))
            .containsExactly(expected, CrashWriter.expectedIdSum(version));

        DatasetInfo next = CrashWriter.writeNext(backend.lake());
        assertThat(next.version()).isEqualTo(version + 1);
        assertThat(next.rows()).isEqualTo(CrashWriter.expectedRows(version + 1));
        assertEveryVersionDirectoryIsCommitted(lake.resolve("cleaned").resolve("big"));
        String left = debris(lake.resolve("cleaned").resolve("big"));
        if (!left.isEmpty()) {
          stagingLeftAfterCommit.add("round " + round + left);
        }
      }
    }
    System.out.println(String.join(System.lineSeparator(), outcomes));
    // checked last so that every round's data checks run first: a killed write's staging files are debris too
    assertThat(stagingLeftAfterCommit).as("staging debris still there after the next commit").isEmpty();
  }

  public record Counted(long n, long ids) {}

  /** Describes what a killed write left behind, for the record of each round. */
  private static String debris(Path dataset) throws IOException {
    Path staging = dataset.resolve("_staging");
    long left = 0;
    if (Files.isDirectory(staging)) {
      try (Stream<Path> entries = Files.list(staging)) {
        left = entries.count();
      }
    }
    return left == 0 ? "" : " (" + left + " staging directories left)";
  }

  /** Starts a writer, waits for its first commit, kills it after the delay; returns the last version it reported. */
  private long runAndKill(Path lake, long delayMillis, int round) throws Exception {
    Path log = workDirectory.resolve("writer-" + round + ".log");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), lake.toString())
        .redirectError(log.toFile())
        .start();
    BlockingQueue<Long> committed = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("committed v")) {
            committed.add(Long.parseLong(line.substring("committed v".length())));
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      Long first = committed.poll(20, TimeUnit.SECONDS);
      assertThat(first).as("the writer committed nothing; its log:\n%s", read(log)).isNotNull();
      Thread.sleep(delayMillis);
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      long last = first;
      for (Long v; (v = committed.poll()) != null; ) {
        last = v;
      }
      return last;
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Row count and id sum of a version, read with DuckDB alone from the directory the lake reports. */
  private static List<Long> countWithPlainDuckDb(String location) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
         PreparedStatement statement = connection.prepareStatement(
             "SELECT count(*), CAST(sum(id) AS BIGINT) FROM read_parquet(?, union_by_name = true)")) {
      statement.setString(1, location + "/**/*.parquet");
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return List.of(result.getLong(1), result.getLong(2));
      }
    }
  }

  /** After a commit, no version directory is left without its manifest (debris of a killed write). */
  private static void assertEveryVersionDirectoryIsCommitted(Path dataset) throws IOException {
    try (Stream<Path> children = Files.list(dataset)) {
      for (Path child : children.filter(p -> VERSION_DIRECTORY.matcher(p.getFileName().toString()).matches()).toList()) {
        assertThat(dataset.resolve("_meta").resolve(child.getFileName() + ".json"))
            .as("manifest of %s", child.getFileName()).exists();
      }
    }
  }
}
