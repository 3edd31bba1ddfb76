package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command treats a bad value the same way, and its help reads cleanly. */
class CliConsistencyTest {
  /** What fits beside the command names of the top-level help on an 80-column terminal. */
  private static final int SUMMARY_WIDTH = 66;

  @TempDir
  Path temp;

  @Test
  void badValuesAreUsageErrorsThatTouchNothing() {
    Path lake = temp.resolve("lake");
    assertThat(fails(2, "demo", "--lake", lake, "--customers", -5).err())
        .contains("Invalid value for option '--customers': customers must be between 1 and");
    assertThat(fails(2, "demo", "--lake", lake, "--customers", 0).err()).contains("'--customers'");
    assertThat(fails(2, "demo", "--lake", lake, "--dirty-rate", 2).err()).contains("'--dirty-rate'");
    assertThat(fails(2, "demo", "--lake", lake, "--as-of", "1800-01-01").err()).contains("'--as-of'");
    assertThat(fails(2, "demo", "--lake", lake, "--algorithm", "forest").err()).contains("'--algorithm'");
    assertThat(fails(2, "pipeline", "--lake", lake, "--input", temp, "--model", "fraud").err())
        .contains("'--model'");
    assertThat(fails(2, "train", "--lake", lake, "--seed", "x").err()).contains("'--seed'");
    assertThat(fails(2, "generate", "--out", temp.resolve("g"), "--customers", 0).err()).contains("'--customers'");
    assertThat(fails(2, "bench", "plain", temp, temp.resolve("p"), "--as-of", "2025-02-30").err())
        .contains("'2025-02-30' is not a date; expected YYYY-MM-DD");
    assertThat(fails(2, "export", "--lake", lake, "--dataset", "curated/loans", "--format", "xml", "--out",
        temp.resolve("x")).err()).contains("'--format'");
    assertThat(lake).doesNotExist();
    assertThat(temp.resolve("g")).doesNotExist();
  }

  @Test
  void helpPrintsNoWarnings() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      for (List<String> command : commands()) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        TakwimuCliTest.Run run = succeeds(args.toArray());
        assertThat(run.err()).as("stderr of %s", args).isEmpty();
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void everySummaryIsOneCompleteShortSentence() {
    for (CommandLine command : subcommands(new CommandLine(new TakwimuCli()))) {
      String summary = command.getCommandSpec().usageMessage().description()[0];
      assertThat(summary).as(command.getCommandSpec().qualifiedName())
          .endsWith(".").hasSizeLessThanOrEqualTo(SUMMARY_WIDTH);
    }
    String help = succeeds("--help").out();
    assertThat(help).contains("  demo       Try everything on synthetic data: pipeline, models and dashboard.\n");
  }

  private static List<List<String>> commands() {
    List<List<String>> commands = new ArrayList<>();
    for (CommandLine command : subcommands(new CommandLine(new TakwimuCli()))) {
      List<String> path = List.of(command.getCommandSpec().qualifiedName().split(" "));
      commands.add(path.subList(1, path.size()));
    }
    return commands;
  }

  private static List<CommandLine> subcommands(CommandLine parent) {
    List<CommandLine> all = new ArrayList<>();
    for (CommandLine child : parent.getSubcommands().values()) {
      all.add(child);
      all.addAll(subcommands(child));
    }
    return all;
  }
}
