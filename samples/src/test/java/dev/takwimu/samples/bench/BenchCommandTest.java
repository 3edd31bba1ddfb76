package dev.takwimu.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.samples.cli.TakwimuCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu bench} on a tiny book: every step measured, ratios and targets reported. No timed assertions. */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SDK_STEPS = List.of("ingest customerdata.csv", "ingest mpesatransactionsdata.csv",
      "ingest fulizadata.csv", "curate-customers", "curate-transactions", "curate-loans", "customer-features",
      "train churn", "train loan-activity", "score churn", "score loan-activity", "churn-risk");

  @TempDir
  Path temp;

  record Run(int code, String out, String err) {}

  static Run takwimu(Object... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    int code = TakwimuCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void streamMeasuresEveryRecordFromKafkaIntoCommittedRaw() throws IOException {
    Path work = temp.resolve("work");
    Run run = takwimu("bench", "--stream", "--count", 3000, "--flush-records", 1000, "--partitions", 2,
        "--repeat", 2, "--work", work, "--format", "json");
    assertThat(run.code()).as("stderr: %s", run.err()).isZero();

    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/settings/count").asLong()).isEqualTo(3000);
    assertThat(report.at("/settings/flushIntervalMillis").asLong()).isEqualTo(1000);
    assertThat(report.at("/runs")).hasSize(2);
    for (JsonNode r : report.at("/runs")) {
      assertThat(r.get("records").asLong()).as("%s", r).isEqualTo(3000);
      assertThat(r.get("flushes").asLong()).as("%s", r).isGreaterThanOrEqualTo(3);
      assertThat(r.get("committedPerSecond").asDouble()).as("%s", r).isPositive();
      assertThat(r.get("p99Millis").asLong()).as("%s", r).isGreaterThanOrEqualTo(r.get("p50Millis").asLong());
      assertThat(r.get("maxMillis").asLong()).as("%s", r).isGreaterThanOrEqualTo(r.get("p99Millis").asLong());
      assertThat(r.at("/cpu/producer").asDouble()).as("%s", r).isPositive();
      assertThat(r.at("/cpu/ingestor").asDouble()).as("%s", r).isPositive();
      assertThat(r.at("/cpu/broker").asDouble()).as("%s", r).isPositive();
    }
    assertThat(report.at("/median/records").asLong()).isEqualTo(3000);
    try (Stream<Path> results = Files.list(work.resolve("results"))) {
      assertThat(results.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-stream.json");
    }
  }

  @Test
  void servingMeasuresTheMigrationAndEveryInsightStoredAndLive() throws IOException {
    Path work = temp.resolve("work");
    Run run = takwimu("bench", "--serving", "--customers", 500, "--repeat", 2, "--runs", 5, "--warm-up", 1,
        "--work", work, "--format", "json");
    assertThat(run.code()).as("stderr: %s", run.err()).isZero();

    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/settings/customers").asLong()).isEqualTo(500);
    assertThat(report.at("/runs")).hasSize(2);
    List<JsonNode> parts = new ArrayList<>();
    report.get("runs").forEach(parts::add);
    parts.add(report.get("median"));
    for (JsonNode r : parts) {
      assertThat(names(r.at("/migration/datasets"), "dataset")).as("%s", r).containsExactly(
          "cleaned/churn_risk", "cleaned/churn_scores", "cleaned/customer_features", "cleaned/loan_activity_scores",
          "curated/customers", "curated/loans", "curated/transactions");
      long rows = 0;
      for (JsonNode d : r.at("/migration/datasets")) {
        assertThat(d.get("rows").asLong()).as("%s", d).isPositive();
        assertThat(d.get("rowsPerSecond").asDouble()).as("%s", d).isPositive();
        rows += d.get("rows").asLong();
      }
      assertThat(r.at("/migration/rows").asLong()).isEqualTo(rows);
      assertThat(r.at("/migration/rowsPerSecond").asDouble()).isPositive();
      assertThat(r.at("/migration/storedInsightsSeconds").asDouble()).isPositive();
      assertThat(names(r.get("insights"), "insight")).containsExactlyElementsOf(SafaricomInsights.names());
      for (JsonNode i : r.get("insights")) {
        assertThat(i.get("sameResult").asBoolean()).as("%s", i).isTrue();
        for (String way : List.of("stored", "live")) {
          assertLatency(i.get(way), 5);
        }
      }
      assertLatency(r.get("lookup"), 5);
    }
    assertThat(report.at("/target/met").isBoolean()).isTrue();
    try (Stream<Path> results = Files.list(work.resolve("results"))) {
      assertThat(results.map(p -> p.getFileName().toString())).singleElement().asString()
          .endsWith("-serving-c500.json");
    }

    Run again = takwimu("bench", "--serving", "--customers", 500, "--runs", 3, "--work", work);
    assertThat(again.code()).as("stderr: %s", again.err()).isZero();
    assertThat(again.err()).contains("reusing the lake").doesNotContain("generating");
    assertThat(again.out()).contains("| curated/transactions |", "| total-loan-amount |", "Look-up of a churn score",
        "Target at 100,000 customers");
  }

  private static void assertLatency(JsonNode latency, int calls) {
    assertThat(latency.get("calls").asInt()).as("%s", latency).isEqualTo(calls);
    assertThat(latency.get("p50Millis").asDouble()).as("%s", latency).isPositive();
    assertThat(latency.get("p99Millis").asDouble()).as("%s", latency)
        .isGreaterThanOrEqualTo(latency.get("p50Millis").asDouble());
    assertThat(latency.get("maxMillis").asDouble()).as("%s", latency)
        .isGreaterThanOrEqualTo(latency.get("p99Millis").asDouble());
  }

  @Test
  void reportsEveryStepOfBothPartsWithRatiosAndTargets() throws IOException {
    Path work = temp.resolve("work");
    Run run = takwimu("bench", "--customers", 2000, "--repeat", 1, "--work", work, "--format", "json");
    assertThat(run.code()).as("stderr: %s", run.err()).isZero();

    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/settings/customers").asLong()).isEqualTo(2000);
    assertThat(names(report.at("/sdk/steps"))).containsExactlyElementsOf(SDK_STEPS);
    assertThat(names(report.at("/direct/steps"))).containsExactly("customers", "transactions", "loans", "features");
    for (String part : List.of("sdk", "direct")) {
      for (JsonNode step : report.at("/" + part + "/steps")) {
        assertThat(step.get("seconds").asDouble()).as("%s %s", part, step).isPositive();
        assertThat(step.get("rows_in").asLong()).as("%s %s", part, step).isPositive();
        assertThat(step.get("rows_per_second").asDouble()).as("%s %s", part, step).isPositive();
      }
      assertThat(report.at("/" + part + "/seconds").asDouble()).isPositive();
      assertThat(report.at("/" + part + "/runs")).hasSize(1);
      if (Files.isWritable(Path.of("/proc/self/clear_refs"))) {
        assertThat(report.at("/" + part + "/peak_rss_mb").asLong()).isPositive();
      }
    }
    assertThat(report.at("/sdk/data_seconds").asDouble()).isPositive()
        .isLessThan(report.at("/sdk/seconds").asDouble());

    JsonNode ratios = report.get("ratios");
    assertThat(names(ratios, "work")).containsExactly("customers: ingest + curate", "transactions: ingest + curate",
        "loans: ingest + curate", "features", "data run: open to close, without train and score");
    for (JsonNode ratio : ratios) {
      assertThat(ratio.get("ratio").asDouble()).as("%s", ratio).isPositive()
          .isCloseTo(ratio.get("sdk_seconds").asDouble() / ratio.get("direct_seconds").asDouble(),
              org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(report.get("targets")).hasSize(4);
    assertThat(report.at("/targets/3/met").isBoolean()).as("the overhead target is judged").isTrue();

    try (Stream<Path> files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("inputs", "lake", "direct", "logs", "results");
    }
    assertThat(Files.readString(work.resolve("logs/sdk-1.log"))).contains("curate-loans -> curated/loans");
  }

  @Test
  void tableFormatReusesTheInputsAndCanSkipDirectDuckDb() {
    Path work = temp.resolve("work");
    Run first = takwimu("bench", "--customers", 300, "--work", work, "--skip-direct");
    assertThat(first.code()).as("stderr: %s", first.err()).isZero();
    assertThat(first.err()).contains("generating 300 customers");
    Run second = takwimu("bench", "--customers", 300, "--work", work, "--skip-direct");
    assertThat(second.code()).as("stderr: %s", second.err()).isZero();
    assertThat(second.err()).doesNotContain("generating");
    assertThat(second.out()).contains("takwimu bench: 300 customers", "(reused)", "ingest customerdata.csv",
        "curate-transactions", "whole run", "targets", "n/a: direct DuckDB skipped")
        .doesNotContain("SDK / direct");
  }

  @Test
  void aRepeatBelowOneIsAUsageError() {
    Run run = takwimu("bench", "--repeat", 0, "--work", temp.resolve("never"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("takwimu: ").contains("--repeat");
    assertThat(temp.resolve("never")).doesNotExist();
  }

  private static List<String> names(JsonNode array) {
    return names(array, "step");
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> names = new ArrayList<>();
    array.forEach(node -> names.add(node.get(field).asText()));
    return names;
  }
}
