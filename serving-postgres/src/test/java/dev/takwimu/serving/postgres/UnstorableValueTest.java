package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Schema;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What PostgreSQL cannot store fails the dataset in one line (values that arrive unchanged: the contract's
 * {@code valuesArriveUnchanged}, plus the seed report's datasets value for value in SeedReportMigrationTest).
 */
class UnstorableValueTest {
  private static final DatasetId ID = DatasetId.parse("cleaned/hostile");

  @TempDir
  Path work;

  @Test
  void aNulCharacterFailsTheDatasetAndKeepsTheServedVersion() throws Exception {
    Schema schema = Schema.of(Column.of("id", DataType.INT), Column.of("text", DataType.STRING));
    String url = SharedPostgres.newDatabase();
    try (LocalBackend backend = LakeFixture.backend(work.resolve("lake"));
        PostgresServingStore store = PostgresServingStore.builder(url).open()) {
      LakeFixture.write(backend.lake(), ID, schema, List.of(List.of(1, "fine")));
      assertThat(store.migrate(backend.lake(), TableSpec.of(ID)).outcome()).isEqualTo(Outcome.MIGRATED);

      LakeFixture.write(backend.lake(), ID, schema, List.of(List.of(1, "fine"), List.of(2, "nul\0inside")));
      MigrationReport report = store.migrate(backend.lake(), TableSpec.of(ID));
      assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(report.error()).isEqualTo("Cannot migrate cleaned/hostile: row 2, column text holds a NUL character"
          + " (U+0000), which PostgreSQL text cannot store");
      assertThat(LakeFixture.tableRows(url, "SELECT * FROM cleaned.hostile")).containsExactly(List.of(1, "fine"));
      assertThat(store.migrated()).singleElement().extracting(m -> m.lakeVersion()).isEqualTo(1L);
      assertThat(LakeFixture.scalar(url, "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_tk\\_%'"))
          .isEqualTo(0L);
    }
  }
}
