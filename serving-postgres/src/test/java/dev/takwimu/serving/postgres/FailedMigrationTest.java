package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration whose process is killed mid-COPY leaves the served version and no staging table; the next one
 * completes (failures within a run: {@link dev.takwimu.core.contract.ServingStoreContract}).
 */
class FailedMigrationTest {
  private static final DatasetId ID = DatasetId.parse("cleaned/big");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("text", DataType.STRING),
      Column.of("amount", DataType.DOUBLE));

  @TempDir
  Path work;

  @Test
  void aMigrationKilledMidCopyLeavesTheServedVersionAndTheNextRunCompletesIt() throws Exception {
    String url = SharedPostgres.newDatabase();
    Path lake = work.resolve("lake");
    long rows = 2_000_000;
    MigrationReport first;
    try (LocalBackend backend = LakeFixture.backend(lake);
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      LakeFixture.write(backend.lake(), ID, SCHEMA, List.of(List.of(1L, "served", 1.0)));
      first = store.migrate(backend.lake(), TableSpec.of(ID).withPrimaryKey("id"));
      assertThat(first.outcome()).isEqualTo(Outcome.MIGRATED);
      backend.lake().write(ID, WriteSource.query("SELECT CAST(i AS BIGINT) AS id, 'row ' || i AS text, i * 0.5 AS amount"
          + " FROM range(" + rows + ") t(i)", Map.of()), WriteOptions.overwrite());
    }

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), MigrateMain.class.getName(), lake.toString(), url,
        ID.toString(), "id").redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      long copied = 0;
      while (copied == 0 && child.isAlive() && System.nanoTime() < deadline) {
        Object progress = LakeFixture.scalar(url, "SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy"
            + " WHERE datname = current_database()");
        copied = ((Number) progress).longValue();
        Thread.sleep(20);
      }
      assertThat(copied).as("rows COPY had stored when the child was killed").isBetween(1L, rows - 1);
    } finally {
      child.destroyForcibly().waitFor();
    }
    // the server rolls the killed session's transaction back once it sees the connection closed
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (((Number) LakeFixture.scalar(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
        + " 'takwimu migrate' AND datname = current_database()")).longValue() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(LakeFixture.tableRows(url, "SELECT id, text FROM cleaned.big")).containsExactly(List.of(1L, "served"));
    assertThat(LakeFixture.scalar(url, "SELECT lake_version FROM takwimu.migrations")).isEqualTo(first.lakeVersion());
    assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_tk\\_%'"))
        .isEqualTo(0L);

    try (LocalBackend backend = LakeFixture.backend(lake);
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      MigrationReport report = store.migrate(backend.lake(), TableSpec.of(ID).withPrimaryKey("id"));
      assertThat(report.outcome()).as(report.error()).isEqualTo(Outcome.MIGRATED);
      assertThat(report.rows()).isEqualTo(rows);
      assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM cleaned.big")).isEqualTo(rows);
    }
  }
}
