package dev.takwimu.serving.postgres;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.local.LocalBackend;
import java.nio.file.Path;

/** A migration in a JVM of its own, for tests that kill it: {@code MigrateMain LAKE JDBC_URL ZONE/NAME KEY}. */
public final class MigrateMain {
  private MigrateMain() {}

  public static void main(String[] args) {
    try (LocalBackend backend = LakeFixture.backend(Path.of(args[0]));
        PostgresServingStore store = PostgresServingStore.builder(args[1]).open()) {
      MigrationReport report = store.migrate(backend.lake(), TableSpec.of(DatasetId.parse(args[2]))
          .withPrimaryKey(args[3]));
      System.out.println(report);
    }
  }
}
