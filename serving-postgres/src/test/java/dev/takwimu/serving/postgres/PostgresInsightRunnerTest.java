package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Insight queries on the served tables: their own WITH lists and parameters, and migrations running beside them,
 * live and with results stored.
 */
class PostgresInsightRunnerTest {
  private static final DatasetId ID = DatasetId.parse("cleaned/versions");
  record Count(long n, long version) {}

  private static final InsightQuery<Count> BIG = InsightQuery.of("big", Count.class, """
      WITH big AS (SELECT * FROM versions WHERE id >= ?)
      SELECT count(*) AS n, CAST(max(version) AS BIGINT) AS version FROM big""", Map.of("versions", ID), 5_000L);

  @TempDir
  Path work;

  @Test
  void aQueryWithItsOwnWithListAndParametersGivesTheLakesResult() {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      writeVersion(backend, 1);
      assertThat(store.migrate(backend.lake(), TableSpec.of(ID)).outcome()).isEqualTo(Outcome.MIGRATED);
      assertThat(store.insights().run(BIG)).isEqualTo(backend.insights().run(BIG))
          .containsExactly(new Count(5_000, 1));
      assertThat(store.insights().run(BIG.withParams(9_000L))).containsExactly(new Count(1_000, 1));
    }
  }

  @Test
  void migrationsReplaceTablesWhileInsightsRunOnThem() throws Exception {
    migrateWhileReading(List.of());
  }

  @Test
  void migrationsReplaceTablesAndStoredResultsWhileInsightsAreServed() throws Exception {
    migrateWhileReading(List.of(BIG));
  }

  private void migrateWhileReading(List<InsightQuery<?>> stored) throws Exception {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).storeInsights(stored).open()) {
      writeVersion(backend, 1);
      assertThat(store.migrate(backend.lake(), TableSpec.of(ID)).outcome()).isEqualTo(Outcome.MIGRATED);

      AtomicBoolean stop = new AtomicBoolean();
      List<String> problems = new CopyOnWriteArrayList<>();
      AtomicLong runs = new AtomicLong();
      Thread reader = new Thread(() -> {
        try (PostgresServingStore other = PostgresServingStore.builder(url).open()) {
          while (!stop.get()) {
            Count count = other.insights().run(BIG).get(0);
            if (count.n() != 10_000L * count.version() - 5_000) {
              problems.add("saw " + count);
            }
            runs.incrementAndGet();
          }
        } catch (RuntimeException e) {
          problems.add(e.toString());
        }
      }, "insights");
      reader.start();
      try {
        for (int version = 2; version <= 5; version++) {
          writeVersion(backend, version);
          var report = store.migrate(backend.lake(), TableSpec.of(ID));
          assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);
        }
      } finally {
        stop.set(true);
        reader.join();
      }
      assertThat(problems).isEmpty();
      assertThat(runs.get()).isPositive();
      assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM takwimu.insights")).isEqualTo((long) stored.size());
      assertThat(store.insights().run(BIG)).containsExactly(new Count(45_000, 5));
    }
  }

  /** Version v: 10,000 * v rows, each saying v. */
  private static void writeVersion(LocalBackend backend, int version) {
    backend.lake().write(ID, WriteSource.query("SELECT CAST(i AS BIGINT) AS id, CAST(? AS BIGINT) AS version"
        + " FROM range(CAST(? AS BIGINT)) t(i)", Map.of(), version, 10_000L * version), WriteOptions.overwrite());
  }
}
