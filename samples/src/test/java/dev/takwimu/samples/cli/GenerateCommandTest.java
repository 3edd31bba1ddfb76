package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.samples.cli.TakwimuCliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu generate}, run in-process as a user or a script would. */
class GenerateCommandTest {
  private static final List<String> EXPORTS = List.of("customerdata.csv", "mpesatransactionsdata.csv",
      "fulizadata.csv");

  @TempDir
  Path temp;

  @Test
  void generatesTheThreeExportsThatThePipelineCuratesWithoutQuarantine() throws IOException {
    Path out = temp.resolve("exports");
    Run run = succeeds("generate", "--out", out, "--customers", 400, "--seed", 3);
    assertThat(run.out().lines()).hasSize(4);
    assertThat(run.out()).contains(out.resolve("customerdata.csv") + ": 400 rows (0 for quarantine)",
        out.resolve("mpesatransactionsdata.csv") + ": ", out.resolve("fulizadata.csv") + ": ",
        "generated 400 customers (seed 3, as of 2025-01-01, dirty rate 0.0) in ");
    assertThat(run.err()).isEmpty();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(EXPORTS);
    }
    assertThat(Files.readAllLines(out.resolve("customerdata.csv"))).hasSize(401)
        .first().isEqualTo("Customer_ID,Name,County,Registration_Date,Deactivation_Date,Status");

    Run pipeline = succeeds("pipeline", "--lake", temp.resolve("lake"), "--input", out, "--as-of", "2025-01-01");
    assertThat(pipeline.out()).contains("curated/customers (version 1): 400 rows in, 400 out, 0 quarantined")
        .doesNotContain("rows broke not_empty", "rows broke unique", "rows broke reference");
  }

  @Test
  void theSameOptionsGiveTheSameBytes() throws IOException {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    succeeds("generate", "--out", first, "--customers", 300, "--dirty-rate", 0.1, "--as-of", "2024-06-30");
    Run run = succeeds("generate", "--out", second, "--customers", 300, "--dirty-rate", 0.1, "--as-of", "2024-06-30");
    assertThat(run.out()).containsPattern("mpesatransactionsdata.csv: \\d+ rows \\([1-9]\\d* for quarantine\\)");
    for (String name : EXPORTS) {
      assertThat(Files.mismatch(first.resolve(name), second.resolve(name))).as(name).isEqualTo(-1L);
    }
  }

  @Test
  void badOptionsAreUsageErrorsOnOneLine() {
    Path out = temp.resolve("never");
    assertThat(fails(2, "generate", "--out", out, "--dirty-rate", 0.7).err())
        .contains("--dirty-rate", "between 0 and 0.5", "0.7", "generate --help");
    assertThat(fails(2, "generate", "--out", out, "--customers", 0).err()).contains("--customers", "was 0");
    assertThat(fails(2, "generate", "--out", out, "--customers", "many").err()).contains("--customers", "many");
    assertThat(fails(2, "generate", "--out", out, "--as-of", "2025-13-01").err()).contains("YYYY-MM-DD");
    assertThat(fails(2, "generate", "--out", out, "--as-of", "1999-01-01").err()).contains("--as-of", "2008-01-01");
    assertThat(fails(2, "generate", "--customers", 10).err()).contains("--out");
    assertThat(out).doesNotExist();
  }

  @Test
  void anUnwritableDestinationFailsWithOneLineAndLeavesNothing() throws IOException {
    Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
    assertThat(fails(1, "generate", "--out", file, "--customers", 10).err())
        .startsWith("takwimu: Cannot write synthetic exports to " + file);
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files).containsExactly(file);
    }
  }
}
