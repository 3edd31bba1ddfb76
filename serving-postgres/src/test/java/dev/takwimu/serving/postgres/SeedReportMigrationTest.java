package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SafaricomServing;
import dev.takwimu.safaricom.SeedReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed report's lake, migrated in full, then incrementally, into a real PostgreSQL. */
class SeedReportMigrationTest {
  @TempDir
  Path work;

  @Test
  void migratesTheSeedReportThenOnlyWhatChanged() throws Exception {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"))) {
      Path exports = SeedReport.copyTo(work.resolve("exports"));
      backend.ingestor().ingestAll(Stream.of(RawExport.values()).map(export -> export.in(exports)).toList());
      SafaricomPipeline.pipeline(LocalDate.parse("2025-01-01")).run(backend.stages(), report -> { });
      List<DatasetId> served = backend.lake().list().stream().map(DatasetInfo::id)
          .filter(id -> id.zone() == Zone.CURATED || id.zone() == Zone.CLEANED).toList();
      assertThat(served).containsExactlyInAnyOrder(SafaricomPipeline.CUSTOMERS, SafaricomPipeline.TRANSACTIONS,
          SafaricomPipeline.LOANS, SafaricomPipeline.CUSTOMER_FEATURES);
      List<TableSpec> specs = TableSpec.resolve(served, SafaricomServing.TABLES);

      try (PostgresServingStore store = PostgresServingStore.builder(url).open()) {
        List<MigrationReport> first = store.migrate(backend.lake(), specs, report -> { });
        for (MigrationReport report : first) {
          DatasetInfo info = backend.lake().describe(report.dataset()).orElseThrow();
          assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);
          assertThat(report.rows()).isEqualTo(info.rows()).isPositive();
          assertThat(report.lakeVersion()).isEqualTo(info.version());
          assertThat(report.checksum()).matches("[0-9a-f]{16}");
          assertSameRows(backend, url, SafaricomServing.spec(report.dataset()));
        }
        assertThat(LakeFixture.tableRows(url, "SELECT indexname FROM pg_indexes WHERE schemaname = 'curated'"
            + " AND tablename = 'transactions' ORDER BY 1").stream().map(r -> r.get(0)))
            .containsExactly("transactions_customer_id_txn_timestamp_idx", "transactions_pkey");
        assertThat(LakeFixture.scalar(url, "SELECT data_type FROM information_schema.columns WHERE table_schema ="
            + " 'curated' AND table_name = 'transactions' AND column_name = 'txn_timestamp'"))
            .isEqualTo("timestamp without time zone");

        // the same insights as on the lake (doubles to 1e-9 relative, as the seed report check), same order
        for (InsightQuery<?> insight : SafaricomInsights.ALL) {
          assertSameResult(insight.name(), backend.insights().runUntyped(insight),
              store.insights().runUntyped(insight));
          assertThat(store.insights().run(insight)).hasSize(backend.insights().run(insight).size());
        }

        // nothing new: every dataset is up to date, same figures
        List<MigrationReport> again = store.migrate(backend.lake(), specs, report -> { });
        assertThat(again).extracting(MigrationReport::outcome).containsOnly(Outcome.UP_TO_DATE);
        assertThat(again).extracting(MigrationReport::checksum)
            .containsExactlyElementsOf(first.stream().map(MigrationReport::checksum).toList());

        // a new version of one dataset: only it is loaded again
        backend.stages().run(SafaricomPipeline.curateLoans());
        List<MigrationReport> third = store.migrate(backend.lake(), specs, report -> { });
        Map<DatasetId, Outcome> outcomes = third.stream()
            .collect(Collectors.toMap(MigrationReport::dataset, MigrationReport::outcome));
        assertThat(outcomes).containsEntry(SafaricomPipeline.LOANS, Outcome.MIGRATED)
            .containsEntry(SafaricomPipeline.CUSTOMERS, Outcome.UP_TO_DATE)
            .containsEntry(SafaricomPipeline.TRANSACTIONS, Outcome.UP_TO_DATE)
            .containsEntry(SafaricomPipeline.CUSTOMER_FEATURES, Outcome.UP_TO_DATE);
        assertThat(store.migrated()).filteredOn(m -> m.dataset().equals(SafaricomPipeline.LOANS)).singleElement()
            .satisfies(m -> assertThat(m.lakeVersion())
                .isEqualTo(backend.lake().describe(SafaricomPipeline.LOANS).orElseThrow().version()));
        assertSameRows(backend, url, SafaricomServing.spec(SafaricomPipeline.LOANS));
      }
    }
  }

  static void assertSameResult(String name, QueryResult lake, QueryResult served) {
    assertThat(served.schema().names()).as(name).isEqualTo(lake.schema().names());
    assertThat(served.rows()).as(name).hasSameSizeAs(lake.rows());
    for (int i = 0; i < lake.rows().size(); i++) {
      for (int c = 0; c < lake.schema().columns().size(); c++) {
        Object expected = lake.rows().get(i).get(c);
        Object actual = served.rows().get(i).get(c);
        if (expected instanceof Double e && actual instanceof Double a) {
          assertThat(Math.abs(a - e)).as("%s row %d column %d: %s vs %s", name, i, c, a, e)
              .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(a), Math.abs(e)));
        } else {
          assertThat(actual).as("%s row %d column %d", name, i, c).isEqualTo(expected);
        }
      }
    }
  }

  /** Every row of the table equals the lake's, value for value (doubles bit for bit), in key order. */
  static void assertSameRows(LocalBackend backend, String url, TableSpec spec) throws Exception {
    DatasetId id = spec.dataset();
    List<String> names = backend.lake().describe(id).orElseThrow().schema().names();
    Function<List<Object>, String> key = row -> spec.primaryKey().stream()
        .map(column -> String.valueOf(row.get(names.indexOf(column)))).collect(Collectors.joining("\u0001"));
    List<List<Object>> lake = LakeFixture.lakeRows(backend.lake(), id).stream().map(Row::values)
        .map(values -> (List<Object>) new ArrayList<>(values)).sorted(Comparator.comparing(key)).toList();
    List<List<Object>> table = LakeFixture.tableRows(url, "SELECT " + names.stream().map(n -> '"' + n + '"')
        .collect(Collectors.joining(", ")) + " FROM " + id.zone().id() + "." + id.name()).stream()
        .sorted(Comparator.comparing(key)).toList();
    assertThat(table).as(id.toString()).isEqualTo(lake);
  }
}
