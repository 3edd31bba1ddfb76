package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Zone;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SafaricomServing;
import dev.takwimu.safaricom.SyntheticExports;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a synthetic book (3,000 customers, every county, damaged rows), the insights on PostgreSQL equal the lake's, live
 * and stored.
 */
class SyntheticInsightsTest {
  @TempDir
  Path work;

  @Test
  void insightsOnTheServedTablesEqualTheLakes() throws Exception {
    Path exports = work.resolve("exports");
    SyntheticExports.builder().customers(3_000).seed(7).build().write(exports);
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      backend.ingestor().ingestAll(Stream.of(RawExport.values()).map(export -> export.in(exports)).toList());
      SafaricomPipeline.pipeline(LocalDate.parse("2025-01-01")).run(backend.stages(), report -> { });
      List<TableSpec> specs = TableSpec.resolve(backend.lake().list().stream().map(DatasetInfo::id)
          .filter(id -> id.zone() == Zone.CURATED || id.zone() == Zone.CLEANED).toList(), SafaricomServing.TABLES);
      assertThat(store.migrate(backend.lake(), specs, report -> { })).allSatisfy(
          report -> assertThat(report.succeeded()).as(report.error()).isTrue()).extracting(MigrationReport::rows)
          .allSatisfy(rows -> assertThat(rows).isPositive());

      for (InsightQuery<?> insight : SafaricomInsights.ALL) {
        SeedReportMigrationTest.assertSameResult(insight.name(), backend.insights().runUntyped(insight),
            store.insights().runUntyped(insight));
      }

      // a store that stores the insights finds every dataset up to date and stores their results: served stored,
      // they equal the live ones exactly, and so the lake's to 1e-9
      try (PostgresServingStore storing = PostgresServingStore.builder(url).storeInsights(SafaricomInsights.ALL)
          .open()) {
        assertThat(storing.migrate(backend.lake(), specs, report -> { })).extracting(MigrationReport::outcome)
            .containsOnly(MigrationReport.Outcome.UP_TO_DATE);
        assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM takwimu.insights"))
            .isEqualTo((long) SafaricomInsights.ALL.size());
        for (InsightQuery<?> insight : SafaricomInsights.ALL) {
          QueryResult stored = storing.insights().runUntyped(insight);
          assertThat(stored).as(insight.name()).isEqualTo(storing.liveInsights().runUntyped(insight));
          SeedReportMigrationTest.assertSameResult(insight.name(), backend.insights().runUntyped(insight), stored);
          assertThat(storing.insights().run(insight)).as(insight.name())
              .isEqualTo(storing.liveInsights().run(insight));
        }
      }
    }
  }
}
