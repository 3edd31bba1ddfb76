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

/** A migration that fails, or whose process is killed mid-COPY, leaves the served version; the next one completes. */
class FailedMigrationTest {
  private static final DatasetId ID = DatasetId.parse("cleaned/big");
  private static final Schema SCHEMA = Schema.of(Column.of("id", DataType.LONG), Column.of("text", DataType.STRING),
      Column.of("amount", DataType.DOUBLE));

  @TempDir
  Path work;

  @Test
  void aBrokenKeyFailsInOneLineAndKeepsTheServedVersion() throws Exception {
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      TableSpec spec = TableSpec.of(ID).withPrimaryKey("id").withIndex("text");
      LakeFixture.write(backend.lake(), ID, SCHEMA, List.of(List.of(1L, "a", 1.0), List.of(2L, "b", 2.0)));
      MigrationReport first = store.migrate(backend.lake(), spec);
      assertThat(first.outcome()).isEqualTo(Outcome.MIGRATED);

      LakeFixture.write(backend.lake(), ID, SCHEMA, List.of(List.of(1L, "a", 1.0), List.of(1L, "again", 3.0)));
      MigrationReport broken = store.migrate(backend.lake(), spec);
      assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(broken.error()).startsWith("Cannot migrate cleaned/big: primary key (id) does not hold: ")
          .doesNotContain("\n");
      assertThat(LakeFixture.tableRows(url, "SELECT id, text FROM cleaned.big ORDER BY id"))
          .containsExactly(List.of(1L, "a"), List.of(2L, "b"));
      assertThat(store.migrated()).singleElement().satisfies(m -> {
        assertThat(m.lakeVersion()).isEqualTo(first.lakeVersion());
        assertThat(m.checksum()).isEqualTo(first.checksum());
      });

      LakeFixture.write(backend.lake(), ID, SCHEMA, List.of(List.of(3L, "c", 3.0)));
      assertThat(store.migrate(backend.lake(), spec).outcome()).isEqualTo(Outcome.MIGRATED);
      assertThat(LakeFixture.tableRows(url, "SELECT id FROM cleaned.big")).containsExactly(List.of(3L));
      assertThat(LakeFixture.tableRows(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'big' ORDER BY 1"))
          .containsExactly(List.of("big_pkey"), List.of("big_text_idx"));
    }
  }

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
