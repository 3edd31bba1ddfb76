package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers querying a table while migrations replace it see one whole version each time, never an error. */
class ConcurrentReaderTest {
  private static final DatasetId ID = DatasetId.parse("cleaned/versions");

  @TempDir
  Path work;

  @Test
  void readersSeeWholeVersions() throws Exception {
    String url = SharedPostgres.newDatabase();
    TableSpec spec = TableSpec.of(ID).withPrimaryKey("id").withIndex("version");
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      writeVersion(backend, 1);
      assertThat(store.migrate(backend.lake(), spec).outcome()).isEqualTo(Outcome.MIGRATED);

      AtomicBoolean stop = new AtomicBoolean();
      List<String> problems = new CopyOnWriteArrayList<>();
      Set<Long> seen = ConcurrentHashMap.newKeySet();
      List<Thread> readers = List.of(reader(url, stop, problems, seen), reader(url, stop, problems, seen));
      readers.forEach(Thread::start);
      try {
        for (int version = 2; version <= 6; version++) {
          writeVersion(backend, version);
          assertThat(store.migrate(backend.lake(), spec).outcome()).isEqualTo(Outcome.MIGRATED);
        }
      } finally {
        stop.set(true);
        for (Thread reader : readers) {
          reader.join();
        }
      }
      assertThat(problems).isEmpty();
      assertThat(seen).contains(1L, 6L);
    }
  }

  @Test
  void twoMigrationsOfOneVersionAtOnceLoadItOnce() throws Exception {
    String url = SharedPostgres.newDatabase();
    TableSpec spec = TableSpec.of(ID).withPrimaryKey("id");
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"))) {
      writeVersion(backend, 3);
      List<MigrationReport> reports = new CopyOnWriteArrayList<>();
      List<Thread> migrations = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        migrations.add(new Thread(() -> {
          try (PostgresServingStore store = PostgresServingStore.builder(url).open()) {
            reports.add(store.migrate(backend.lake(), spec));
          }
        }, "migration-" + i));
      }
      migrations.forEach(Thread::start);
      for (Thread migration : migrations) {
        migration.join();
      }
      assertThat(reports).extracting(MigrationReport::outcome)
          .containsExactlyInAnyOrder(Outcome.MIGRATED, Outcome.UP_TO_DATE);
      assertThat(reports).extracting(MigrationReport::checksum).doesNotContain("").containsOnly(reports.get(0)
          .checksum());
      assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM cleaned.versions")).isEqualTo(30_000L);
    }
  }

  /** Version v: 10,000 * v rows, each saying v. */
  private static void writeVersion(LocalBackend backend, int version) {
    backend.lake().write(ID, WriteSource.query("SELECT CAST(i AS BIGINT) AS id, CAST(? AS BIGINT) AS version"
        + " FROM range(CAST(? AS BIGINT)) t(i)", Map.of(), version, 10_000L * version), WriteOptions.overwrite());
  }

  private static Thread reader(String url, AtomicBoolean stop, List<String> problems, Set<Long> seen) {
    return new Thread(() -> {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        while (!stop.get()) {
          try (ResultSet rs = statement.executeQuery(
              "SELECT count(*), min(version), max(version) FROM cleaned.versions")) {
            rs.next();
            long count = rs.getLong(1);
            long min = rs.getLong(2);
            long max = rs.getLong(3);
            if (min != max || count != 10_000L * min) {
              problems.add("saw " + count + " rows of versions " + min + ".." + max);
            }
            seen.add(min);
          }
        }
      } catch (Exception e) {
        problems.add(e.toString());
      }
    }, "reader");
  }
}
