package dev.takwimu.samples.bench;

import static dev.takwimu.samples.bench.BenchCommandTest.takwimu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SyntheticExports;
import dev.takwimu.samples.bench.BenchCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu bench plain}, the process-level baseline: its files, its step log, and the SDK's insights. */
class PlainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate AS_OF = LocalDate.of(2025, 1, 1);

  @TempDir
  Path temp;

  @Test
  void writesTheZonesAndTheSameInsightsAsTheSdk() throws IOException {
    Path exports = temp.resolve("exports");
    SyntheticExports.builder().customers(400).seed(7).asOf(AS_OF).dirtyRate(0.02).build().write(exports);
    Path out = temp.resolve("plain");

    Run plain = takwimu("bench", "plain", exports, out, "--as-of", AS_OF, "--partition-transactions", "--profile");
    assertThat(plain.code()).as("stderr: %s", plain.err()).isZero();
    assertThat(plain.err().lines().filter(l -> l.startsWith("plain-duckdb step "))
        .map(l -> l.substring(18, 46).strip()))
        .containsExactly("curate customers", "write curated/customers", "curate transactions",
            "write curated/transactions", "curate loans", "write curated/loans", "features", "insights");
    assertThat(plain.err()).containsPattern("plain-duckdb customers: \\d+ rows in, \\d+ out, [1-9]\\d* quarantined")
        .contains("plain-duckdb total ");
    for (String file : List.of("curated/customers.parquet", "curated/loans.parquet", "quarantine/customers.parquet",
        "quarantine/transactions.parquet", "quarantine/loans.parquet", "cleaned/customer_features.parquet",
        "profile/features-1.json", "profile/curate_transactions-1.json")) {
      assertThat(out.resolve(file)).as(file).isNotEmptyFile();
    }
    try (Stream<Path> days = Files.list(out.resolve("curated/transactions"))) {
      assertThat(days.map(p -> p.getFileName().toString())).isNotEmpty().allMatch(d -> d.startsWith("txn_date="));
    }

    Path lake = temp.resolve("lake");
    Run pipeline = takwimu("pipeline", "--lake", lake, "--input", exports, "--as-of", AS_OF, "--no-models");
    assertThat(pipeline.code()).as("stderr: %s", pipeline.err()).isZero();
    Run insights = takwimu("insights", "--lake", lake, "--all", "--format", "json");
    assertThat(insights.code()).as("stderr: %s", insights.err()).isZero();
    assertSameInsights(JSON.readTree(out.resolve("insights.json").toFile()), JSON.readTree(insights.out()));
  }

  @Test
  void aMissingDateIsAUsageError() {
    Run run = takwimu("bench", "plain", temp, temp.resolve("never"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("takwimu: Missing required option: '--as-of=DATE'");
    assertThat(temp.resolve("never")).doesNotExist();
  }

  /** The same insights, rows and columns in the same order; doubles may differ in summation order only. */
  private static void assertSameInsights(JsonNode plain, JsonNode sdk) {
    assertThat(names(plain)).hasSize(SafaricomInsights.ALL.size()).containsExactlyElementsOf(names(sdk));
    for (String insight : names(sdk)) {
      JsonNode expected = sdk.get(insight);
      JsonNode actual = plain.get(insight);
      assertThat(actual).as(insight).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(names(actual.get(i))).as("%s[%d]", insight, i).isEqualTo(names(expected.get(i)));
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get(i).fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          JsonNode value = actual.get(i).get(field.getKey());
          String where = insight + "[" + i + "]." + field.getKey();
          if (field.getValue().isFloatingPointNumber()) {
            double want = field.getValue().asDouble();
            assertThat(value.asDouble()).as(where).isCloseTo(want, within(1e-9 * Math.max(1, Math.abs(want))));
          } else {
            assertThat(value).as(where).isEqualTo(field.getValue());
          }
        }
      }
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
