package dev.takwimu.aws;

import dev.takwimu.core.DatasetId;
import java.util.Objects;

/**
 * What handing one dataset to DMS did.
 *
 * @param dataset the lake dataset
 * @param table the target table, {@code <zone>.<name>}
 * @param outcome loaded, already handed over, or failed
 * @param version the lake version exported (for a failure: the version tried, or -1)
 * @param snapshotId the Iceberg snapshot exported (-1 when unknown)
 * @param rows the rows of that version
 * @param loadedRows the rows DMS reports loaded into the table (its table statistics); 0 for a failure before loading
 * @param files the Parquet files exported
 * @param manifest the manifest recording the handover ({@code s3://...}); empty when none was written
 * @param seconds time taken (the whole run's task for the datasets it loaded)
 * @param error for a failure, one line saying what failed; empty otherwise
 */
public record DmsReport(DatasetId dataset, String table, Outcome outcome, long version, long snapshotId, long rows,
    long loadedRows, int files, String manifest, double seconds, String error) {

  /** The three ways a dataset's handover ends. */
  public enum Outcome {
    /** Exported and loaded by a DMS full-load task; the row count DMS reports equals the lake version's. */
    LOADED,
    /** A manifest says this version was already loaded; nothing was done. */
    UP_TO_DATE,
    /** Not loaded (or not confirmed); the error says what failed. */
    FAILED
  }

  public DmsReport {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(error, "error");
  }

  public boolean succeeded() {
    return outcome != Outcome.FAILED;
  }

  /** One line for a console: {@code curated/customers -> curated.customers: 19 rows loaded by DMS, v1, 2.1 s}. */
  @Override
  public String toString() {
    return switch (outcome) {
      case LOADED -> String.format(java.util.Locale.ROOT, "%s -> %s: %d rows loaded by DMS, v%d (snapshot %d), %d files,"
          + " %.1f s", dataset, table, loadedRows, version, snapshotId, files, seconds);
      case UP_TO_DATE -> String.format(java.util.Locale.ROOT, "%s -> %s: up to date (v%d, %d rows handed over before)",
          dataset, table, version, rows);
      case FAILED -> dataset + " -> " + table + ": FAILED: " + error;
    };
  }
}
