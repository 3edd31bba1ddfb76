package dev.takwimu.samples.cli;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.Zone;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A child process of {@link ConcurrentCliTest} that only reads: after the start file appears, runs {@code datasets} and
 * {@code insights --all --format json} in a loop until the stop file appears, then once more. Every run must succeed,
 * the insights equal to the reference ({@link SameInsights}); in the first round, before the writers' first commits, a
 * run may instead fail with the one-line "not found" error. Prints one line per unexpected result to stderr (keeping
 * its output in the working directory) and then exits 1; prints {@code reads SUCCEEDED NOT_YET} to stdout. Between
 * runs it also checks, through the library, that every curate stage whose output and quarantine exist shows
 * {@code rows(raw input) = rows(output) + rows(quarantine)} at that instant.
 */
final class ReadingLoop {
  private ReadingLoop() {}

  /** {@code START_FILE STOP_FILE LAKE REFERENCE_JSON ALLOW_NOT_FOUND}. */
  public static void main(String[] args) throws Exception {
    Path stop = Path.of(args[1]);
    String lake = args[2];
    String reference = Files.readString(Path.of(args[3]));
    boolean allowNotFound = Boolean.parseBoolean(args[4]);
    Pattern notFound = ConcurrentCliTest.notFound(lake);
    List<List<String>> commands = List.of(List.of("datasets", "--lake", lake, "--format", "json"),
        List.of("insights", "--lake", lake, "--all", "--format", "json"));
    LatchedCli.await(Path.of(args[0]));
    long succeeded = 0;
    long notYet = 0;
    int failures = 0;
    boolean last = false;
    while (!last) {
      last = Files.exists(stop);
      for (List<String> command : commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TakwimuCli.run(command.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        String error = err.toString(StandardCharsets.UTF_8);
        String output = out.toString(StandardCharsets.UTF_8);
        List<String> differences = code == 0 && command.get(0).equals("insights")
            ? SameInsights.differences(reference, output) : List.of();
        if (code == 0 && error.isEmpty() && differences.isEmpty()) {
          succeeded++;
        } else if (code == 1 && allowNotFound && !last && notFound.matcher(error.strip()).matches()) {
          notYet++;
        } else {
          failures++;
          Path kept = Files.writeString(Path.of("output-" + failures), output);
          System.err.println(command.get(0) + (last ? " (after the writers)" : "") + " exited " + code
              + ", stderr: " + error.strip() + ", differences: " + differences
              + ", stdout in " + kept.toAbsolutePath());
        }
      }
      if (Files.isDirectory(Path.of(lake))) {
        for (String broken : unbalancedStages(Path.of(lake))) {
          failures++;
          System.err.println(broken);
        }
      }
    }
    System.out.println("reads " + succeeded + " " + notYet);
    System.exit(failures == 0 ? 0 : 1);
  }

  /** Curate stages whose visible output and quarantine do not add up to their visible raw input. */
  private static List<String> unbalancedStages(Path lake) {
    List<String> broken = new java.util.ArrayList<>();
    try (LocalBackend backend = LocalBackend.builder().lake(lake).threads(1).build()) {
      for (EtlStage stage : SafaricomPipeline.pipeline(ConcurrentCliTest.AS_OF).stages()) {
        // the raw inputs that exist (curate-transactions' raw/transactions_stream does not here)
        List<DatasetId> raw = stage.inputs().values().stream()
            .filter(id -> id.zone() == Zone.RAW && backend.lake().describe(id).isPresent()).toList();
        if (raw.size() != 1 || stage.rules().isEmpty()) {
          continue;
        }
        Optional<DatasetInfo> in = backend.lake().describe(raw.get(0));
        Optional<DatasetInfo> out = backend.lake().describe(stage.output());
        Optional<DatasetInfo> quarantined = backend.lake().describe(stage.quarantine());
        if (in.isPresent() && out.isPresent() && quarantined.isPresent()
            && in.get().rows() != out.get().rows() + quarantined.get().rows()) {
          broken.add(stage.name() + ": " + in.get().rows() + " in, " + out.get().rows() + " out + "
              + quarantined.get().rows() + " quarantined (v" + out.get().version() + ", v"
              + quarantined.get().version() + ")");
        }
      }
    }
    return broken;
  }
}
