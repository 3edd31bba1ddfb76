package dev.takwimu.core.serving;

import dev.takwimu.core.DatasetId;
import java.time.Instant;

/**
 * What a serving store holds of one dataset, as its bookkeeping recorded at the last migration.
 *
 * @param dataset the lake dataset
 * @param table the table serving it
 * @param lakeVersion the lake version the table holds
 * @param lakeCommittedAt when that version was committed to the lake
 * @param rows rows in the table
 * @param checksum the rows' checksum (see {@link MigrationReport#checksum()})
 * @param migratedAt when the table was replaced
 */
public record MigratedDataset(DatasetId dataset, String table, long lakeVersion, Instant lakeCommittedAt, long rows,
    String checksum, Instant migratedAt) {}
