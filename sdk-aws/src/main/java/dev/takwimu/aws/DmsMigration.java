package dev.takwimu.aws;

import dev.takwimu.aws.internal.DmsHandover;
import dev.takwimu.core.serving.TableSpec;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;

/**
 * Moves the lake's datasets into PostgreSQL (RDS, Aurora) with AWS Database Migration Service: each dataset's current
 * Iceberg snapshot is exported as Parquet where a DMS S3 source reads it, with a table definition generated from the
 * lake schema and the {@link TableSpec}'s key, and loaded by a full-load task on the configured replication instance.
 * A manifest per exported version records what was handed over, so a second run skips versions already loaded.
 * Obtained from {@link AwsBackend#dms}; see docs/serving.md "DMS on AWS".
 *
 * <pre>{@code
 * try (DmsMigration dms = backend.dms(DmsSettings.fromProperties(properties, System.getenv()))) {
 *   dms.migrate(TableSpec.resolve(datasets, SafaricomServing.TABLES), System.out::println).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class DmsMigration implements AutoCloseable {
  private final DmsHandover handover;
  private final DatabaseMigrationClient owned;

  DmsMigration(DmsHandover handover, DatabaseMigrationClient owned) {
    this.handover = handover;
    this.owned = owned;
  }

  /**
   * Hands the datasets' current versions to DMS, in one full-load task for those not loaded yet.
   *
   * @param tables what to migrate, with keys ({@code TableSpec.resolve})
   * @param progress receives a line per step (exports, replication instance, task)
   * @return one report per table, in order; a failure is a report, not an exception
   */
  public List<DmsReport> migrate(List<TableSpec> tables, Consumer<String> progress) {
    return handover.migrate(tables, progress);
  }

  /** Closes the DMS client if this migration created it. */
  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
