package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a process at every step of a commit across datasets (a stage's output and quarantine; a delivery of two
 * exports) with the {@code takwimu.test.halt-at} hook, then checks what a reader sees: before the transaction's record
 * is written, the previous versions of both datasets; from then on, the new versions of both. The next commit rolls
 * the unfinished versions back or finishes them, and leaves no record or marked manifest behind.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KillAtCommitPointsTest {
  /** Each step in commit order, and whether the commit is visible when the process stops there. */
  private static final Map<String, Boolean> POINTS = new java.util.LinkedHashMap<>();

  static {
    POINTS.put("data-in-place", false);
    POINTS.put("manifest-written#1", false);
    POINTS.put("manifest-written#2", false);
    POINTS.put("transaction-recorded", true);
    POINTS.put("manifest-finalized#1", true);
    POINTS.put("manifest-finalized#2", true);
    POINTS.put("committed", true);
  }

  private static final DatasetId CURATED = CommitStep.STAGE.output();
  private static final DatasetId QUARANTINE = CommitStep.STAGE.quarantine();

  @TempDir
  Path workDirectory;

  @Test
  void aStageStoppedAtAnyCommitPointShowsReadersOneWholeRunOfOutputAndQuarantine() throws Exception {
    Path base = workDirectory.resolve("base");
    try (LocalBackend backend = LocalBackend.open(base)) {
      appendPayments(backend, 0, 100, 10); // 10 bad of 100
      backend.stages().run(CommitStep.STAGE);
      appendPayments(backend, 100, 150, 5); // 10 more bad of 50 more
    }
    List<String> seen = new ArrayList<>();
    for (Map.Entry<String, Boolean> point : POINTS.entrySet()) {
      Path lake = copy(base, workDirectory.resolve("stage-" + point.getKey().replace('#', '-')));
      haltAt(point.getKey(), "stage", lake.toString());

      try (LocalBackend backend = LocalBackend.open(lake)) {
        long out = backend.lake().describe(CURATED).orElseThrow().rows();
        long quarantined = backend.lake().describe(QUARANTINE).orElseThrow().rows();
        seen.add(point.getKey() + ": " + out + " + " + quarantined);
        if (point.getValue()) {
          assertThat(List.of(out, quarantined)).as(seen.toString()).containsExactly(130L, 20L);
        } else {
          assertThat(List.of(out, quarantined)).as(seen.toString()).containsExactly(90L, 10L);
        }
        assertThat(rowsRead(backend, CURATED) + rowsRead(backend, QUARANTINE)).isEqualTo(out + quarantined);

        backend.stages().run(CommitStep.STAGE);
        assertThat(backend.lake().describe(CURATED).orElseThrow().rows()).isEqualTo(130);
        assertThat(backend.lake().describe(QUARANTINE).orElseThrow().rows()).isEqualTo(20);
      }
      assertNothingUnfinished(lake);
    }
  }

  @Test
  void aDeliveryStoppedAtAnyCommitPointIsInRawWhollyOrNotAtAll() throws Exception {
    Path customers = Files.writeString(workDirectory.resolve("customers.csv"), "id,name\nC1,a\nC2,b\nC3,c\n");
    Path loans = Files.writeString(workDirectory.resolve("loans.csv"), "id,amount\nL1,10\nL2,20\n");
    DatasetId rawCustomers = DatasetId.of(Zone.RAW, "customers");
    DatasetId rawLoans = DatasetId.of(Zone.RAW, "loans");
    List<String> seen = new ArrayList<>();
    for (Map.Entry<String, Boolean> point : POINTS.entrySet()) {
      Path lake = Files.createDirectories(workDirectory.resolve("deliver-" + point.getKey().replace('#', '-')));
      haltAt(point.getKey(), "deliver", lake.toString(), customers.toString(), loans.toString());

      try (LocalBackend backend = LocalBackend.open(lake)) {
        long customerRows = backend.lake().describe(rawCustomers).map(DatasetInfo::rows).orElse(0L);
        long loanRows = backend.lake().describe(rawLoans).map(DatasetInfo::rows).orElse(0L);
        seen.add(point.getKey() + ": " + customerRows + " + " + loanRows);
        assertThat(List.of(customerRows, loanRows)).as(seen.toString())
            .containsExactlyElementsOf(point.getValue() ? List.of(3L, 2L) : List.of(0L, 0L));

        List<IngestReport> again = backend.ingestor().ingestAll(CommitStep.delivery(List.of(customers, loans)));
        assertThat(again).extracting(IngestReport::skipped).as(seen.toString())
            .containsOnly(point.getValue());
        assertThat(backend.lake().describe(rawCustomers).orElseThrow().rows()).isEqualTo(3);
        assertThat(backend.lake().describe(rawLoans).orElseThrow().rows()).isEqualTo(2);

        // the next commit to each dataset finishes (or has rolled back) what the stopped one left
        backend.ingestor().ingestAll(CommitStep.delivery(List.of(
            Files.writeString(workDirectory.resolve("customers.csv"), "id,name\nC4,d\n"),
            Files.writeString(workDirectory.resolve("loans.csv"), "id,amount\nL3,30\n"))));
        Files.writeString(customers, "id,name\nC1,a\nC2,b\nC3,c\n");
        Files.writeString(loans, "id,amount\nL1,10\nL2,20\n");
        assertThat(backend.lake().describe(rawCustomers).orElseThrow().rows()).isEqualTo(4);
      }
      assertNothingUnfinished(lake);
    }
  }

  /** Appends payments {@code from..to-1} as text, the ids divisible by {@code badEvery} with amount -1. */
  private static void appendPayments(LocalBackend backend, int from, int to, int badEvery) {
    backend.lake().write(CommitStep.PAYMENTS, WriteSource.query("SELECT CAST(range AS VARCHAR) AS id, CASE WHEN range"
        + " % ? = 0 THEN '-1' ELSE CAST(range AS VARCHAR) END AS amount FROM range(?, ?)", Map.of(), badEvery, from,
        to), WriteOptions.append());
  }

  private static long rowsRead(LocalBackend backend, DatasetId id) {
    try (Stream<?> rows = backend.lake().stream(id)) {
      return rows.count();
    }
  }

  /** Runs {@link CommitStep} in a child JVM that halts at the point, and checks that it did stop there. */
  private void haltAt(String point, String... args) throws Exception {
    Path log = workDirectory.resolve("child.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dtakwimu.test.halt-at=" + point, "-cp", System.getProperty("java.class.path"),
        CommitStep.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("halted at %s; log:%n%s", point, Files.readString(log)).isEqualTo(137);
  }

  /** No transaction record, no manifest still marked, no version directory without its manifest. */
  private static void assertNothingUnfinished(Path lake) throws IOException {
    Path records = lake.resolve("_transactions");
    if (Files.isDirectory(records)) {
      try (Stream<Path> left = Files.list(records)) {
        assertThat(left.toList()).as("transaction records left in %s", lake).isEmpty();
      }
    }
    try (Stream<Path> files = Files.walk(lake)) {
      for (Path manifest : files.filter(p -> p.getParent().getFileName().toString().equals("_meta")
          && p.getFileName().toString().endsWith(".json")).toList()) {
        assertThat(Files.readString(manifest)).as("%s", manifest).doesNotContain("\"transaction\"");
        String version = manifest.getFileName().toString().replace(".json", "");
        assertThat(manifest.getParent().resolveSibling(version)).as("data of %s", manifest).isDirectory();
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
