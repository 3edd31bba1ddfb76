package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.serving.postgres.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu migrate} on the seed report's lake: into a given server, and into the lake's embedded one. */
class MigrateCommandTest {
  @TempDir
  static Path shared;
  static Path lake;

  @TempDir
  Path temp;

  @BeforeAll
  static void pipeline() {
    lake = shared.resolve("lake");
    succeeds("pipeline", "--lake", lake, "--input", TakwimuCliTest.seedReport(shared), "--as-of", "2025-01-01",
        "--no-models");
  }

  @Test
  void migratesCuratedAndCleanedDatasetsThenSaysUpToDate() throws Exception {
    String url = SharedPostgres.newDatabase();
    TakwimuCliTest.Run run = succeeds("migrate", "--lake", lake, "--to", url);
    assertThat(run.out())
        .containsPattern("curated/customers -> curated\\.customers: 19 rows, checksum [0-9a-f]{16} ok, v\\d+, ")
        .containsPattern("curated/loans -> curated\\.loans: \\d+ rows, checksum [0-9a-f]{16} ok, ")
        .containsPattern("curated/transactions -> curated\\.transactions: \\d+ rows, checksum [0-9a-f]{16} ok, ")
        .containsPattern("cleaned/customer_features -> cleaned\\.customer_features: 19 rows, checksum ")
        .containsPattern("migrated 4, up to date 0, failed 0 of 4 datasets in \\d+\\.\\d\\d s\n")
        .contains("connect: " + url);
    assertThat(run.err()).isEmpty();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM cleaned.customer_features WHERE county IS NOT"
            + " NULL")) {
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
    }
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT insight FROM takwimu.insights ORDER BY insight")) {
      List<String> stored = new ArrayList<>();
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
      assertThat(stored).as("insight results stored by migrate")
          .containsExactlyInAnyOrderElementsOf(SafaricomInsights.names());
    }

    TakwimuCliTest.Run again = succeeds("migrate", "--lake", lake, "--to", url, "--datasets", "curated/customers");
    assertThat(again.out()).startsWith("curated/customers -> curated.customers: up to date (v")
        .contains("migrated 0, up to date 1, failed 0 of 1 dataset in ");
  }

  @Test
  void insightsFromTheDatabaseEqualTheLakes() throws Exception {
    String url = SharedPostgres.newDatabase();
    succeeds("migrate", "--lake", lake, "--to", url);
    String fromLake = succeeds("insights", "--lake", lake, "--all", "--format", "json").out();
    TakwimuCliTest.Run fromDatabase = succeeds("insights", "--database", url, "--all", "--format", "json");
    assertThat(fromDatabase.err()).isEmpty();
    assertThat(SameInsights.differences(fromLake, fromDatabase.out())).isEmpty();
    assertThat(succeeds("insights", "--database", url, "--name", "total-loans-by-county").out())
        .isEqualTo(succeeds("insights", "--lake", lake, "--name", "total-loans-by-county").out());

    assertThat(fails(2, "insights", "--database", url, "--lake", lake, "--all").err())
        .contains("Give --lake or --database JDBC_URL, not both");
    assertThat(fails(2, "insights", "--lake", lake, "--user", "me", "--all").err())
        .contains("--user and --password-env go with --database");
    String empty = SharedPostgres.newDatabase();
    assertThat(fails(1, "insights", "--database", empty, "--all").err()).matches("takwimu: Cannot run insight"
        + " avg-transaction-amount-by-county on PostgreSQL jdbc:postgresql://[^ ]+: cleaned/customer_features is not"
        + " there; run 'takwimu migrate --lake DIR --to jdbc:postgresql://[^ ]+ --datasets"
        + " cleaned/customer_features' first\n");
  }

  @Test
  void aMissingDatasetFailsInOneLineAndTheOthersStillMigrate() {
    String url = SharedPostgres.newDatabase();
    TakwimuCliTest.Run run = fails(1, "migrate", "--lake", lake, "--to", url, "--datasets", "cleaned/nothing",
        "curated/customers");
    assertThat(run.err()).isEqualTo("takwimu: Cannot migrate cleaned/nothing: no such dataset in the lake\n");
    assertThat(run.out()).contains("curated/customers -> curated.customers: 19 rows")
        .contains("migrated 1, up to date 0, failed 1 of 2 datasets");
  }

  @Test
  void badConnectionSettingsAreOneLine() {
    assertThat(fails(2, "migrate", "--lake", lake, "--to", "jdbc:postgresql://localhost:1/x", "--password-env",
        "TAKWIMU_NO_SUCH_VARIABLE").err())
        .contains("--password-env TAKWIMU_NO_SUCH_VARIABLE: no such environment variable is set");
    assertThat(fails(1, "migrate", "--lake", lake, "--to", "jdbc:mysql://localhost/x").err())
        .startsWith("takwimu: Not a PostgreSQL JDBC URL: 'jdbc:mysql://localhost/x'");
    assertThat(fails(2, "migrate", "--lake", lake, "--user", "me").err()).contains("--user and --password-env go "
        + "with --to JDBC_URL");
  }

  @Test
  void withoutATargetTheLakesEmbeddedServerIsFilledAndKept() {
    Path own = temp.resolve("lake");
    succeeds("pipeline", "--lake", own, "--input", TakwimuCliTest.seedReport(temp), "--as-of", "2025-01-01",
        "--no-models");
    TakwimuCliTest.Run run = succeeds("migrate", "--lake", own, "--datasets", "curated/customers");
    assertThat(run.out()).contains("curated/customers -> curated.customers: 19 rows, checksum ")
        .contains("embedded PostgreSQL: data in " + own.resolve("_serving").resolve("postgres").toAbsolutePath())
        .contains("'takwimu serve-db --lake " + own + "'");
    assertThat(own.resolve("_serving/postgres/PG_VERSION")).hasContent("14");

    // the data stayed: the same version is up to date in the restarted server
    assertThat(succeeds("migrate", "--lake", own, "--datasets", "curated/customers").out())
        .contains("curated/customers -> curated.customers: up to date (v");

    // insights from the lake's embedded server (coverage and trends read the curated transactions and loans too)
    succeeds("migrate", "--lake", own, "--datasets", "cleaned/customer_features", "curated/transactions",
        "curated/loans");
    assertThat(SameInsights.differences(succeeds("insights", "--lake", own, "--all", "--format", "json").out(),
        succeeds("insights", "--database", "embedded", "--lake", own, "--all", "--format", "json").out())).isEmpty();
    assertThat(fails(2, "insights", "--database", "embedded", "--lake", own, "--user", "me", "--all").err())
        .contains("--user and --password-env go with --database JDBC_URL");
    assertThat(fails(1, "insights", "--database", "embedded", "--lake", temp.resolve("other"), "--all").err())
        .startsWith("takwimu: no embedded PostgreSQL at ");
  }
}
