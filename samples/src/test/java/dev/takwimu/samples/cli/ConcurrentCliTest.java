package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.Row;
import dev.takwimu.core.Severity;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SyntheticExports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code takwimu} processes on one lake at once, round after round: writers ({@code pipeline}, {@code curate},
 * {@code features}) and readers ({@code insights}, and a process reading in a loop) started at the same instant. None
 * crashes, raw holds each export exactly once, every dataset reads in full, each curate stage's raw input equals its
 * curated plus quarantined rows, and the insights equal a single-process run's.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConcurrentCliTest {
  private static final int ROUNDS = 2;
  static final LocalDate AS_OF = SyntheticExports.DEFAULT_AS_OF;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the children's output and the lake
  Path temp;

  /**
   * The one-line error of a command that reads before the writers' first commits: no lake directory yet, or a dataset
   * not written yet. Only allowed in the first round, and never for {@code pipeline}.
   */
  static Pattern notFound(String lake) {
    return Pattern.compile("takwimu: (no lake at " + Pattern.quote(lake) + "|Dataset [a-z]+/[a-z_]+ does not exist.*)");
  }

  @Test
  void processesRunningPipelineCurateFeaturesAndInsightsTogetherKeepTheLakeWhole() throws Exception {
    Path exports = temp.resolve("exports");
    SyntheticExports.Summary summary = SyntheticExports.builder().customers(1_500).dirtyRate(0.02).build()
        .write(exports);
    String reference = reference(exports);
    Path referenceFile = Files.writeString(temp.resolve("reference.json"), reference);

    String lake = temp.resolve("lake").toString();
    String asOf = AS_OF.toString();
    List<List<String>> commands = List.of(
        List.of("pipeline", "--lake", lake, "--input", exports.toString(), "--as-of", asOf, "--no-models"),
        List.of("pipeline", "--lake", lake, "--input", exports.toString(), "--as-of", asOf, "--no-models"),
        List.of("curate", "--lake", lake),
        List.of("features", "--lake", lake, "--as-of", asOf),
        List.of("insights", "--lake", lake, "--all", "--format", "json"));
    for (int round = 0; round < ROUNDS; round++) {
      Path roundDirectory = Files.createDirectory(temp.resolve("round-" + round));
      Path start = roundDirectory.resolve("start");
      Path stop = roundDirectory.resolve("stop");
      List<Child> children = new ArrayList<>();
      for (int i = 0; i < commands.size(); i++) {
        List<String> args = new ArrayList<>(List.of(LatchedCli.class.getName(), start.toString()));
        args.addAll(commands.get(i));
        children.add(Child.start(roundDirectory.resolve(i + "-" + commands.get(i).get(0)), args));
      }
      Child reader = Child.start(roundDirectory.resolve("reader"), List.of(ReadingLoop.class.getName(),
          start.toString(), stop.toString(), lake, referenceFile.toString(), String.valueOf(round == 0)));
      Files.createFile(start);

      for (Child child : children) {
        String what = "round " + round + ", " + child.directory.getFileName();
        int code = child.await();
        String err = child.err();
        assertThat(child.hsErrFiles()).as("JVM crash logs of %s", what).isEmpty();
        assertThat(err).as("stderr of %s", what).doesNotContain("\tat ").doesNotContain("Exception");
        boolean reads = !child.directory.getFileName().toString().endsWith("pipeline");
        if (round == 0 && reads && code == 1) {
          assertThat(err.strip()).as("stderr of %s", what).matches(notFound(lake));
        } else {
          assertThat(code).as("exit code of %s; stderr:%n%s", what, err).isZero();
          assertThat(err).as("stderr of %s", what).isEmpty();
        }
        if (child.directory.getFileName().toString().endsWith("insights") && code == 0) {
          assertThat(SameInsights.differences(reference, child.out())).as("insights of %s", what).isEmpty();
        }
      }
      Files.createFile(stop);
      int readerCode = reader.await();
      assertThat(reader.hsErrFiles()).as("JVM crash logs of the reader of round %d", round).isEmpty();
      assertThat(readerCode).as("exit code of the reader of round %d; stderr:%n%s", round, reader.err()).isZero();
      assertThat(reader.out()).as("the reader of round %d: reads succeeded, not yet", round).startsWith("reads ");

      checkLake(Path.of(lake), summary, round);
      assertThat(SameInsights.differences(reference, insights(lake))).as("insights after round %d", round)
          .isEmpty();
    }
  }

  /** The insights of one process running the whole pipeline alone on its own lake. */
  private String reference(Path exports) {
    String lake = temp.resolve("reference-lake").toString();
    String[] pipeline = {"pipeline", "--lake", lake, "--input", exports.toString(), "--as-of", AS_OF.toString(),
        "--no-models"};
    assertThat(TakwimuCli.run(pipeline, new PrintStream(new ByteArrayOutputStream()), System.err)).isZero();
    return insights(lake);
  }

  private static String insights(String lake) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = TakwimuCli.run(new String[] {"insights", "--lake", lake, "--all", "--format", "json"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void checkLake(Path lake, SyntheticExports.Summary summary, int round) throws IOException {
    try (Backend backend = Backends.open(Map.of(Backends.LAKE, lake.toString()))) {
      List<DatasetInfo> datasets = backend.lake().list();
      for (DatasetInfo info : datasets) {
        try (Stream<Row> rows = backend.lake().stream(info.id())) {
          assertThat(rows.count()).as("rows read from %s after round %d", info.id(), round).isEqualTo(info.rows());
        }
      }
      for (RawExport export : RawExport.values()) {
        Set<List<Object>> lineage = new HashSet<>();
        long rows;
        try (Stream<Row> raw = backend.lake().stream(export.dataset())) {
          rows = raw.peek(row -> lineage.add(List.of(row.get("_source_file"), row.get("_record_number")))).count();
        }
        assertThat(rows).as("rows of %s after round %d", export.dataset(), round).isEqualTo(summary.rows(export));
        assertThat(lineage).as("distinct (source file, record number) in %s", export.dataset()).hasSize((int) rows);
      }
      int checked = 0;
      for (EtlStage stage : SafaricomPipeline.pipeline(AS_OF).stages()) {
        if (stage.rules().stream().noneMatch(rule -> rule.severity() == Severity.QUARANTINE)) {
          continue;
        }
        // curate-transactions also reads raw/transactions_stream, which this lake never has
        List<DatasetId> raw = stage.inputs().values().stream()
            .filter(id -> id.zone() == Zone.RAW && backend.lake().describe(id).isPresent()).toList();
        assertThat(raw).as("raw inputs of %s", stage.name()).hasSize(1);
        long in = rows(backend, raw.get(0));
        long out = rows(backend, stage.output());
        long quarantined = rows(backend, stage.quarantine());
        assertThat(quarantined).as("rows %s quarantined (the exports are dirty)", stage.name()).isPositive();
        assertThat(out + quarantined).as("%s: %s = %s + %s after round %d", stage.name(), raw.get(0),
            stage.output(), stage.quarantine(), round).isEqualTo(in);
        checked++;
      }
      assertThat(checked).as("stages with a quarantine").isEqualTo(3);
    }
    try (Stream<Path> spill = Files.exists(lake.resolve(".spill")) ? Files.list(lake.resolve(".spill")) : Stream.of()) {
      assertThat(spill.toList()).as("spill directories left after round %d", round).isEmpty();
    }
  }

  private static long rows(Backend backend, DatasetId id) {
    return backend.lake().describe(id).orElseThrow(() -> new AssertionError(id + " missing")).rows();
  }

  /** A child JVM on the test class path, in its own working directory (where a crash leaves hs_err_pid*.log). */
  private record Child(Path directory, Process process) {
    static Child start(Path directory, List<String> mainAndArgs) throws IOException {
      Files.createDirectories(directory);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-cp", System.getProperty("java.class.path")));
      command.addAll(mainAndArgs);
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
          .redirectOutput(directory.resolve("stdout").toFile()).redirectError(directory.resolve("stderr").toFile());
      builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
      return new Child(directory, builder.start());
    }

    int await() throws InterruptedException {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(directory + " did not end within 120 s");
      }
      return process.exitValue();
    }

    String out() throws IOException {
      return Files.readString(directory.resolve("stdout"));
    }

    String err() throws IOException {
      return Files.readString(directory.resolve("stderr"));
    }

    List<Path> hsErrFiles() throws IOException {
      try (Stream<Path> files = Files.list(directory)) {
        return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).toList();
      }
    }
  }
}
