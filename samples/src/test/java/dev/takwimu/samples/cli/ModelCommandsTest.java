package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo, train, score and dashboard end to end on a small generated book. */
class ModelCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;
  static Path lake;
  static TakwimuCliTest.Run demo;

  @TempDir
  Path temp;

  @BeforeAll
  static void runTheDemo() {
    lake = shared.resolve("demo-lake");
    demo = succeeds("demo", "--lake", lake, "--customers", 3000);
  }

  @Test
  void demoGeneratesRunsTrainsAndEndsWithTheDashboardPath() throws Exception {
    List<String> lines = demo.out().lines().toList();
    assertThat(demo.out()).contains("exports: 3000 customers", "curate-transactions -> curated/transactions",
        "churn (xgboost): AUC", "loan-activity (xgboost): AUC", "churn -> cleaned/churn_scores",
        "Open the dashboard:");
    Path page = lake.resolve("dashboard/index.html");
    assertThat(lines.get(lines.size() - 1)).isEqualTo(page.toAbsolutePath().toUri().toString());
    String html = Files.readString(page);
    assertThat(html).contains("<svg", "Churn", "ROC");
    assertThat(lake.resolve("models/churn.model")).isRegularFile();
    assertThat(lake.resolve("models/loan-activity.model")).isRegularFile();
    JsonNode report = JSON.readTree(lake.resolve("reports/pipeline.json").toFile());
    assertThat(report.get("stages")).hasSize(5);
    assertThat(report.get("stages").get(4).get("output").asText()).isEqualTo("cleaned/churn_risk");
    assertThat(report.get("models")).hasSize(2);
  }

  @Test
  void aSecondDemoReusesTheExportsAndIngestsNothingTwice() {
    TakwimuCliTest.Run again = succeeds("demo", "--lake", lake, "--customers", 3000);
    assertThat(again.out()).contains("exports: reusing", "skipped: already ingested");
  }

  @Test
  void trainPrintsTheIssuesJsonForBothModels() throws Exception {
    JsonNode json = JSON.readTree(succeeds("train", "--lake", lake, "--algorithm", "logistic-regression",
        "--format", "json", "--force").out());
    assertThat(json.fieldNames()).toIterable().containsExactly("churn", "loan-activity");
    for (JsonNode model : json) {
      assertThat(model.fieldNames()).toIterable().contains("algorithm", "auc", "accuracy", "precision", "recall",
          "f1", "top_decile_capture", "confusion_matrix", "train_rows", "test_rows", "features");
      assertThat(model.get("algorithm").asText()).isEqualTo("logistic-regression");
      // Behaviour drives the generated labels: far better than the 0.5 of a constant or random score.
      assertThat(model.get("auc").asDouble()).isGreaterThan(0.7);
      JsonNode matrix = model.get("confusion_matrix");
      long total = matrix.get(0).get(0).asLong() + matrix.get(0).get(1).asLong() + matrix.get(1).get(0).asLong()
          + matrix.get(1).get(1).asLong();
      assertThat(total).isEqualTo(model.get("test_rows").asLong());
    }
    assertThat(json.get("churn").get("features").toString()).doesNotContain("status", "deactivation", "tenure");
  }

  @Test
  void trainReplacesAModelFileOnlyWithForce() throws Exception {
    Path model = lake.resolve("models/churn.model");
    byte[] before = Files.readAllBytes(model);
    assertThat(fails(1, "train", "--lake", lake, "--model", "churn").err().strip())
        .isEqualTo("takwimu: Model file " + model + " exists; give --force to replace it");
    assertThat(Files.readAllBytes(model)).isEqualTo(before);
    assertThat(succeeds("train", "--lake", lake, "--model", "churn", "--force").out())
        .contains("churn: saved to " + model);
  }

  @Test
  void scoreWithASavedModelRewritesTheScores() {
    String out = succeeds("score", "--lake", lake, "--model", lake.resolve("models/churn.model")).out();
    assertThat(out).containsPattern("churn -> cleaned/churn_scores \\(version \\d+\\): \\d+ customers scored");
  }

  @Test
  void dashboardWritesWhereAsked() {
    Path out = temp.resolve("board");
    String printed = succeeds("dashboard", "--lake", lake, "--out", out).out().strip();
    assertThat(Path.of(printed)).isEqualTo(out.resolve("index.html").toAbsolutePath());
    assertThat(out.resolve("charts")).isDirectory();
  }

  @Test
  void mistakesGetOneLine() throws Exception {
    assertThat(fails(2, "train", "--lake", lake, "--model", "fraud").err())
        .contains("Invalid value for option '--model': unknown model 'fraud' (known: churn, loan-activity, all)");
    assertThat(fails(2, "train", "--lake", lake, "--algorithm", "forest").err())
        .contains("Invalid value for option '--algorithm': Unknown algorithm 'forest'");
    Path notes = Files.writeString(temp.resolve("notes.txt"), "hi");
    assertThat(fails(1, "score", "--lake", lake, "--model", notes).err()).contains("not a Takwimu model");
    Path empty = Files.createDirectories(temp.resolve("empty-lake"));
    assertThat(fails(1, "dashboard", "--lake", empty).err()).contains("run 'takwimu pipeline' first");
    assertThat(fails(1, "train", "--lake", empty).err()).contains("cleaned/customer_features");
  }
}
