package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SyntheticExports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several processes on one lake at once: none crashes, raw holds each export once, spill space is cleaned up. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiProcessLakeTest {
  private static final int PROCESSES = 3;
  private static final int ROUNDS = 2;

  @TempDir
  Path workDirectory;

  @Test
  void processesIngestingAndCuratingTogetherLeaveEveryExportInRawOnce() throws Exception {
    Path exports = workDirectory.resolve("exports");
    SyntheticExports.Summary summary = SyntheticExports.builder().customers(300).build().write(exports);
    for (int round = 0; round < ROUNDS; round++) {
      Path lake = workDirectory.resolve("lake-" + round);
      List<Process> processes = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        Path log = workDirectory.resolve("round-" + round + "-process-" + i + ".log");
        logs.add(log);
        processes.add(start(log, lake.toString(), exports.toString()));
      }
      for (int i = 0; i < PROCESSES; i++) {
        assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).as("process %d of round %d ended", i, round)
            .isTrue();
        assertThat(processes.get(i).exitValue()).as("exit of process %d of round %d; its log:%n%s", i, round,
            Files.readString(logs.get(i))).isZero();
      }

      assertThat(entries(lake.resolve(".spill"))).as("spill directories left in round %d", round).isEmpty();
      try (LocalBackend backend = LocalBackend.open(lake)) {
        for (RawExport export : RawExport.values()) {
          DatasetInfo raw = backend.lake().describe(export.dataset()).orElseThrow();
          assertThat(raw.version()).as("commits to %s in round %d", export.dataset(), round).isEqualTo(1);
          assertThat(raw.rows()).isEqualTo(summary.rows(export));
        }
        List<DatasetInfo> all = backend.lake().list();
        assertThat(all).hasSizeGreaterThanOrEqualTo(RawExport.values().length + 4);
        for (DatasetInfo info : all) {
          try (Stream<?> rows = backend.lake().stream(info.id())) {
            assertThat(rows.count()).as("rows read from %s", info.id()).isEqualTo(info.rows());
          }
        }
        assertThat(backend.lake().describe(LakeUser.SORTED).orElseThrow().rows()).isEqualTo(LakeUser.SORTED_ROWS);
      }
    }
  }

  @Test
  void backendsIngestingOneFileTogetherInOneProcessAppendItOnce() throws Exception {
    Path exports = workDirectory.resolve("exports");
    SyntheticExports.builder().customers(200).build().write(exports);
    Path lake = workDirectory.resolve("lake");
    int backends = 4;
    ExecutorService pool = Executors.newFixedThreadPool(backends);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<IngestReport>> reports = new ArrayList<>();
      for (int i = 0; i < backends; i++) {
        reports.add(pool.submit(() -> {
          try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).build()) {
            start.await();
            return backend.ingestor().ingest(RawExport.TRANSACTIONS.in(exports));
          }
        }));
      }
      start.countDown();
      List<IngestReport> done = new ArrayList<>();
      for (Future<IngestReport> report : reports) {
        done.add(report.get(60, TimeUnit.SECONDS));
      }
      assertThat(done).filteredOn(report -> !report.skipped()).hasSize(1);
      assertThat(done).extracting(IngestReport::batchId).containsOnly(done.get(0).batchId());
      try (LocalBackend backend = LocalBackend.open(lake)) {
        assertThat(backend.lake().describe(RawExport.TRANSACTIONS.dataset()).orElseThrow().version()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSpillDirectoryOfAKilledProcessIsRemovedByTheNextBackendAndALiveOneIsKept() throws Exception {
    Path lake = workDirectory.resolve("lake");
    Process holder = start(workDirectory.resolve("holder.log"), lake.toString(), "--hold");
    try {
      Path held;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertThat(line).as("the holder's first line; its log:%n%s", read(workDirectory.resolve("holder.log")))
            .startsWith("spill ");
        held = Path.of(line.substring("spill ".length()));
      }
      assertThat(held).isDirectory().hasParent(lake.toAbsolutePath().resolve(".spill"));

      try (LocalBackend backend = LocalBackend.open(lake)) {
        assertThat(held).as("a live process's spill directory").isDirectory();
        assertThat(backend.spillDirectory()).isDirectory().isNotEqualTo(held);
      }
      holder.destroyForcibly();
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(held).as("the killed process's spill directory, before the next start").isDirectory();

      try (LocalBackend backend = LocalBackend.open(lake)) {
        assertThat(held).as("the killed process's spill directory").doesNotExist();
        assertThat(entries(lake.resolve(".spill"))).hasSize(2); // this backend's directory and its lock file
      }
      assertThat(entries(lake.resolve(".spill"))).isEmpty();
    } finally {
      holder.destroyForcibly();
    }
  }

  private static Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), LakeUser.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }

  private static List<Path> entries(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(directory)) {
      return list.toList();
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
