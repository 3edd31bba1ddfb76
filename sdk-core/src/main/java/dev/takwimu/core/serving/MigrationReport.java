package dev.takwimu.core.serving;

import dev.takwimu.core.DatasetId;
import java.util.Objects;

/**
 * What migrating one dataset did.
 *
 * @param dataset the lake dataset
 * @param table the table serving it, e.g. {@code curated.customers}
 * @param outcome migrated, already up to date, or failed
 * @param lakeVersion the lake version the table now holds (for a failure: the version that was tried, or -1)
 * @param rows rows in the table (for a failure: 0)
 * @param checksum order-independent checksum of the rows, equal on the lake and in the table (16 hex digits);
 *     empty for a failure
 * @param seconds time taken
 * @param error for a failure, one line saying what failed; empty otherwise
 */
public record MigrationReport(DatasetId dataset, String table, Outcome outcome, long lakeVersion, long rows,
    String checksum, double seconds, String error) {

  /** The three ways a dataset's migration ends. */
  public enum Outcome {
    /** The lake's current version was loaded and is now visible. */
    MIGRATED,
    /** The table already held the lake's current version; nothing was done. */
    UP_TO_DATE,
    /** Nothing changed in the table: it still holds what it held before (or does not exist). */
    FAILED
  }

  public MigrationReport {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(error, "error");
  }

  /** True unless the migration failed. */
  public boolean succeeded() {
    return outcome != Outcome.FAILED;
  }
}
