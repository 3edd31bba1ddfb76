package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.serving.postgres.SharedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code takwimu lookup} and {@code takwimu dashboard --database} on the seed report's lake, migrated once. */
class ServingCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;
  static Path lake;
  static String url;

  @TempDir
  Path temp;

  @BeforeAll
  static void pipelineAndMigrate() {
    lake = shared.resolve("lake");
    succeeds("pipeline", "--lake", lake, "--input", TakwimuCliTest.seedReport(shared), "--as-of", "2025-01-01",
        "--no-models");
    url = SharedPostgres.newDatabase();
    succeeds("migrate", "--lake", lake, "--to", url);
  }

  @Test
  void lookupPrintsTheServedRowAsTheLakeHoldsIt() throws Exception {
    Path export = temp.resolve("features.json");
    succeeds("export", "--lake", lake, "--dataset", "cleaned/customer_features", "--format", "json", "--out", export);
    JsonNode expected = null;
    for (JsonNode row : JSON.readTree(export.toFile())) {
      if (row.get("customer_id").asText().equals("C0007")) {
        expected = row;
      }
    }
    assertThat(expected).isNotNull();

    TakwimuCliTest.Run json = succeeds("lookup", "--database", url, "--dataset", "cleaned/customer_features", "C0007",
        "--format", "json");
    assertThat(json.err()).isEmpty();
    assertThat(JSON.readTree(json.out())).isEqualTo(expected);   // doubles bit for bit: the migration is exact

    List<String> csv = succeeds("lookup", "--database", url, "--dataset", "cleaned/customer_features", "C0007",
        "--format", "csv").out().lines().toList();
    assertThat(csv).hasSize(2);
    List<String> columns = new ArrayList<>();
    expected.fieldNames().forEachRemaining(columns::add);
    assertThat(csv.get(0).split(",")).containsExactlyElementsOf(columns);
    assertThat(csv.get(1)).startsWith("C0007,");

    String wide = succeeds("lookup", "--database", url, "--dataset", "cleaned/customer_features", "C0007").out();
    for (String column : columns) {
      JsonNode value = expected.get(column);
      String shown = value.isNull() ? "" : value.isFloatingPointNumber() ? Values.decimal(value.doubleValue())
          : value.asText();
      assertThat(wide).as(column).containsPattern("(?m)^" + column + (shown.isEmpty() ? "" : " +" + Pattern.quote(shown)) + "$");
    }

    String table = succeeds("lookup", "--database", url, "--dataset", "curated/customers", "C0002").out();
    assertThat(table).containsPattern("(?m)^column +value$").containsPattern("(?m)^customer_id +C0002$")
        .containsPattern("(?m)^name +Otieno Odhiambo$").containsPattern("(?m)^county +Mombasa$");
  }

  @Test
  void lookupMistakesAreOneLineWithTheirExitCode() {
    TakwimuCliTest.Run missing = fails(3, "lookup", "--database", url, "--dataset", "curated/customers", "C9999");
    assertThat(missing.err()).isEqualTo("takwimu: no row of curated/customers has customer_id C9999\n");
    assertThat(missing.out()).isEmpty();
    // the key is a bound parameter: SQL in it is just a value no row has
    assertThat(fails(3, "lookup", "--database", url, "--dataset", "curated/customers", "C0001' OR '1'='1").err())
        .contains("no row of curated/customers has customer_id C0001' OR '1'='1");

    assertThat(fails(2, "lookup", "--database", url, "--dataset", "raw/customers", "C0001").err())
        .contains("No key to look up raw/customers by (datasets with a key: curated/customers, ")
        .contains("cleaned/churn_scores");
    assertThat(fails(2, "lookup", "--database", url, "--dataset", "cleaned/customer_features", "C0001", "C0002")
        .err()).contains("cleaned/customer_features is keyed by (customer_id): give 1 value, not 2");
    assertThat(fails(1, "lookup", "--database", url, "--dataset", "cleaned/churn_scores", "C0001").err())
        .startsWith("takwimu: cleaned/churn_scores is not in PostgreSQL " + ServedDatabase.withoutParameters(url)
            + "; run 'takwimu migrate --lake DIR --to " + ServedDatabase.withoutParameters(url)
            + " --datasets cleaned/churn_scores' first");
    assertThat(fails(2, "lookup", "--database", url, "--lake", lake, "--dataset", "curated/customers", "C0001")
        .err()).contains("Give --lake or --database JDBC_URL, not both");
    assertThat(fails(2, "lookup", "--dataset", "curated/customers", "C0001").err()).contains("--database");
    assertThat(fails(1, "lookup", "--database", "embedded", "--lake", temp.resolve("other"), "--dataset",
        "curated/customers", "C0001").err()).startsWith("takwimu: no embedded PostgreSQL at ");
  }

  @Test
  void dashboardFromTheDatabaseShowsTheLakesFiguresAndSaysWhereTheyCameFrom() throws Exception {
    Document fromLake = DashboardPages.parse(Path.of(succeeds("dashboard", "--lake", lake, "--out",
        temp.resolve("lake-board")).out().strip()));
    Document fromDatabase = DashboardPages.parse(Path.of(succeeds("dashboard", "--database", url, "--lake", lake,
        "--out", temp.resolve("db-board")).out().strip()));

    List<List<String>> figures = DashboardPages.insightFigures(fromLake);
    assertThat(figures).hasSizeGreaterThan(20).contains(List.of("county", "total_transactions"));
    assertThat(DashboardPages.insightFigures(fromDatabase)).isEqualTo(figures);
    assertThat(DashboardPages.sectionText(fromDatabase, "insights"))
        .isEqualTo(DashboardPages.sectionText(fromLake, "insights"));
    assertThat(DashboardPages.sectionText(fromDatabase, "stages"))
        .isEqualTo(DashboardPages.sectionText(fromLake, "stages")).contains("curate-transactions");

    String lakePath = lake.toAbsolutePath().toString();
    assertThat(DashboardPages.header(fromLake)).startsWith("Lake " + lakePath + " · generated ");
    assertThat(DashboardPages.header(fromDatabase))
        .startsWith("Insights from PostgreSQL " + ServedDatabase.withoutParameters(url)
            + " (cleaned/customer_features v")
        .contains(", migrated ").contains(" · stages and models from lake " + lakePath + " · generated ")
        .doesNotContain("user=");

    // without a lake: the insights alone, and the heading says why the rest is missing
    Document alone = DashboardPages.parse(Path.of(succeeds("dashboard", "--database", url, "--out",
        temp.resolve("alone")).out().strip()));
    assertThat(DashboardPages.insightFigures(alone)).isEqualTo(figures);
    assertThat(DashboardPages.header(alone)).contains(" · no lake given: no stages or models · generated ");
  }

  @Test
  void dashboardFromTheDatabaseMistakesAreOneLine() {
    assertThat(fails(2, "dashboard", "--database", url).err())
        .contains("Give --out DIR (or --lake, to write into <lake>/dashboard)");
    assertThat(fails(1, "dashboard", "--database", SharedPostgres.newDatabase(), "--out", temp.resolve("x")).err())
        .contains(": cleaned/customer_features is not there (run 'takwimu migrate --lake DIR --to jdbc:postgresql:");
    assertThat(fails(2, "dashboard", "--lake", lake, "--user", "me").err())
        .contains("--user and --password-env go with --database");
    assertThat(temp.resolve("x")).doesNotExist();
  }
}
