package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Issue 14's "done when", as a user types it: {@code takwimu demo}, then {@code takwimu migrate --lake L} into the
 * lake's embedded PostgreSQL, then the insights, a churn score and the dashboard read from it (docs/serving.md).
 */
class DemoToDatabaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void demoThenMigrateThenEverythingFromTheEmbeddedDatabaseEqualsTheLake() throws Exception {
    Path lake = temp.resolve("demo-lake");
    TakwimuCliTest.Run demo = succeeds("demo", "--lake", lake, "--customers", 800);
    assertThat(demo.out()).contains("Next, serve it from PostgreSQL (docs/serving.md):\n  takwimu migrate --lake "
        + lake + "\n  takwimu insights --database embedded --lake " + lake + " --all\nOpen the dashboard:\n");
    Document demoPage = DashboardPages.parse(lake.resolve("dashboard/index.html"));

    TakwimuCliTest.Run migrate = succeeds("migrate", "--lake", lake);
    assertThat(migrate.out())
        .containsPattern("cleaned/churn_scores -> cleaned\\.churn_scores: \\d+ rows, checksum [0-9a-f]{16} ok")
        .containsPattern("cleaned/loan_activity_scores -> cleaned\\.loan_activity_scores: \\d+ rows, checksum ")
        .containsPattern("cleaned/churn_risk -> cleaned\\.churn_risk: \\d+ rows, checksum ")
        .contains("migrated 7, up to date 0, failed 0 of 7 datasets in ");

    String fromLake = succeeds("insights", "--lake", lake, "--all", "--format", "json").out();
    TakwimuCliTest.Run fromDatabase = succeeds("insights", "--database", "embedded", "--lake", lake, "--all",
        "--format", "json");
    assertThat(SameInsights.differences(fromLake, fromDatabase.out())).isEmpty();
    assertThat(JSON.readTree(fromDatabase.out()).size()).isEqualTo(JSON.readTree(fromLake).size()).isPositive();

    // a customer's churn score, as the lake holds it
    Path scores = temp.resolve("scores.json");
    succeeds("export", "--lake", lake, "--dataset", "cleaned/churn_scores", "--format", "json", "--out", scores);
    JsonNode expected = JSON.readTree(scores.toFile()).get(417);
    String customer = expected.get("customer_id").asText();
    JsonNode served = JSON.readTree(succeeds("lookup", "--database", "embedded", "--lake", lake, "--dataset",
        "cleaned/churn_scores", customer, "--format", "json").out());
    assertThat(served).isEqualTo(expected);

    // the dashboard from the database: the demo's figures, models included, and the heading names the server
    Document page = DashboardPages.parse(Path.of(succeeds("dashboard", "--database", "embedded", "--lake", lake)
        .out().strip()));
    assertThat(DashboardPages.insightFigures(page)).isEqualTo(DashboardPages.insightFigures(demoPage));
    assertThat(DashboardPages.sectionText(page, "models")).isEqualTo(DashboardPages.sectionText(demoPage, "models"))
        .contains("churn", "loan-activity");
    assertThat(DashboardPages.header(page)).startsWith("Insights from the lake's embedded PostgreSQL in "
        + lake.resolve("_serving/postgres").toAbsolutePath() + " (cleaned/customer_features v");
  }
}
