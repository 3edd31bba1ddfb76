package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Insight results stored at migration: served while their inputs' versions are the served ones, live otherwise (a
 * dataset migrated by another store, a partial migration, other parameters), and through a pool from many threads.
 */
class StoredInsightsTest {
  private static final DatasetId A = DatasetId.parse("cleaned/a");
  private static final DatasetId B = DatasetId.parse("cleaned/b");
  private static final TableSpec SPEC_A = TableSpec.of(A).withPrimaryKey("id");
  private static final TableSpec SPEC_B = TableSpec.of(B).withPrimaryKey("id");

  record Pair(long n, long aVersion, long bVersion) {}

  private static final InsightQuery<Pair> PAIR = InsightQuery.of("pair", Pair.class, """
      SELECT count(*) AS n, CAST(max(a.version) AS BIGINT) AS a_version, CAST(max(b.version) AS BIGINT) AS b_version
      FROM a JOIN b ON a.id = b.id
      WHERE a.id >= ?""", Map.of("a", A, "b", B), 0L);

  private static final InsightQuery<Pair> BROKEN = InsightQuery.of("broken", Pair.class,
      "SELECT no_such_column AS n, 0 AS a_version, 0 AS b_version FROM a", Map.of("a", A));

  @TempDir
  Path work;

  @Test
  void servesTheStoredResultOnlyWhileItsInputsVersionsAreTheServedOnes() throws Exception {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).storeInsights(List.of(PAIR)).open();
        PostgresServingStore plain = PostgresServingStore.builder(url).open()) {
      write(backend, A, 1, 100);
      write(backend, B, 1, 100);
      assertThat(store.migrate(backend.lake(), SPEC_A).outcome()).isEqualTo(Outcome.MIGRATED);
      assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM takwimu.insights")).as("b not migrated yet")
          .isEqualTo(0L);
      assertThat(store.migrate(backend.lake(), SPEC_B).outcome()).isEqualTo(Outcome.MIGRATED);

      Pair expected = new Pair(100, 1, 1);
      assertThat(backend.insights().run(PAIR)).containsExactly(expected);
      assertThat(store.insights().run(PAIR)).isEqualTo(store.liveInsights().run(PAIR)).containsExactly(expected);
      assertThat(store.insights().runUntyped(PAIR)).isEqualTo(store.liveInsights().runUntyped(PAIR));
      // served from the stored table: a change made to it shows, the live query does not see it
      tamper(url, "pair", -1);
      assertThat(store.insights().run(PAIR)).containsExactly(new Pair(-1, 1, 1));
      assertThat(plain.insights().run(PAIR)).as("any reader serves it").containsExactly(new Pair(-1, 1, 1));
      assertThat(store.liveInsights().run(PAIR)).containsExactly(expected);
      // other parameters: another query, run live
      assertThat(store.insights().run(PAIR.withParams(50L))).containsExactly(new Pair(50, 1, 1));

      // a new version of a, migrated by a store that stores no insights: b is as before, a is newer, so live
      write(backend, A, 2, 200);
      assertThat(plain.migrate(backend.lake(), SPEC_A).outcome()).isEqualTo(Outcome.MIGRATED);
      Pair partial = new Pair(100, 2, 1);
      assertThat(backend.insights().run(PAIR)).containsExactly(partial);
      assertThat(store.insights().run(PAIR)).containsExactly(partial);

      // the storing store finds a up to date and stores the result again, from a v2 and b v1
      assertThat(store.migrate(backend.lake(), SPEC_A).outcome()).isEqualTo(Outcome.UP_TO_DATE);
      assertThat(store.insights().run(PAIR)).isEqualTo(store.liveInsights().run(PAIR)).containsExactly(partial);
      tamper(url, "pair", -2);
      assertThat(store.insights().run(PAIR)).containsExactly(new Pair(-2, 2, 1));

      // a new version of b migrated by the storing store: stored again in the migration's transaction
      write(backend, B, 3, 300);
      assertThat(store.migrate(backend.lake(), SPEC_B).outcome()).isEqualTo(Outcome.MIGRATED);
      assertThat(store.insights().run(PAIR)).containsExactly(new Pair(200, 2, 3));
      assertThat(LakeFixture.scalar(url, "SELECT inputs FROM takwimu.insights WHERE insight = 'pair'")).asString()
          .startsWith("cleaned/a=").contains(";cleaned/b=");

      // a stored table dropped by hand: run live
      execute(url, "DROP TABLE takwimu_insights.pair");
      assertThat(store.insights().run(PAIR)).containsExactly(new Pair(200, 2, 3));
    }
  }

  @Test
  void anInsightThatCannotRunKeepsNoStoredResultAndTheMigrationGoesOn() {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).storeInsights(List.of(BROKEN, PAIR)).open()) {
      write(backend, A, 1, 100);
      write(backend, B, 1, 100);
      assertThat(store.migrate(backend.lake(), SPEC_A).outcome()).isEqualTo(Outcome.MIGRATED);
      assertThat(store.migrate(backend.lake(), SPEC_B).outcome()).isEqualTo(Outcome.MIGRATED);
      assertThat(store.insights().run(PAIR)).containsExactly(new Pair(100, 1, 1));
      assertThatThrownBy(() -> store.insights().run(BROKEN)).isInstanceOf(TakwimuException.class)
          .hasMessageStartingWith("Cannot run insight broken on PostgreSQL: ").hasMessageContaining("no_such_column");
    }
  }

  @Test
  void aReaderOverADataSourceServesManyThreadsAtOnce() throws Exception {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).storeInsights(List.of(PAIR)).open()) {
      write(backend, A, 1, 100);
      write(backend, B, 1, 100);
      store.migrate(backend.lake(), List.of(SPEC_A, SPEC_B), report -> { });
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(url);
      PostgresServingReader reader = PostgresServingReader.of(source);

      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          calls.add(() -> {
            for (int i = 0; i < 25; i++) {
              assertThat(reader.insights().run(PAIR)).containsExactly(new Pair(100, 1, 1));
              assertThat(reader.liveInsights().run(PAIR.withParams(90L))).containsExactly(new Pair(10, 1, 1));
              assertThat(reader.lookup(SPEC_A, (long) i).orElseThrow().get("version")).isEqualTo(1L);
            }
            return 25;
          });
        }
        for (Future<Integer> done : threads.invokeAll(calls)) {
          assertThat(done.get()).isEqualTo(25);
        }
      } finally {
        threads.shutdownNow();
      }
      tamper(url, "pair", -3);
      assertThat(reader.insights().run(PAIR)).as("served stored").containsExactly(new Pair(-3, 1, 1));
      execute(url, "DROP TABLE takwimu_insights.pair");
      assertThat(reader.insights().run(PAIR)).as("dropped by hand: live").containsExactly(new Pair(100, 1, 1));
    }
  }

  /** Version v of a dataset: ids 0 to rows - 1, each saying v. */
  private static void write(LocalBackend backend, DatasetId id, int version, long rows) {
    backend.lake().write(id, WriteSource.query("SELECT CAST(i AS BIGINT) AS id, CAST(? AS BIGINT) AS version"
        + " FROM range(CAST(? AS BIGINT)) t(i)", Map.of(), version, rows), WriteOptions.overwrite());
  }

  /** Changes the stored result behind the store's back, to tell a served stored result from a live one. */
  private static void tamper(String url, String insight, long n) throws Exception {
    assertThat(execute(url, "UPDATE takwimu_insights.\"" + insight + "\" SET n = " + n)).isEqualTo(1);
  }

  private static int execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }
}
