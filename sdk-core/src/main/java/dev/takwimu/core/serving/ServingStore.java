package dev.takwimu.core.serving;

import dev.takwimu.core.LakeStore;
import dev.takwimu.core.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A database that serves lake datasets as tables, kept in step with the lake by migrations.
 *
 * <p>Each dataset's table is replaced whole and at once: a reader sees the previous version or the new one, never a
 * mix; a migration that fails or is killed leaves the previous table. A migration reads the lake only through
 * {@link LakeStore#describe} and {@link LakeStore#stream}, so any backend's lake can be the source.
 */
public interface ServingStore extends AutoCloseable {

  /**
   * Brings one dataset's table to the lake's current version: loads it when the table holds another version (or
   * none), and does nothing when it already holds this one. A problem with this dataset's data or table is reported
   * as a {@link MigrationReport.Outcome#FAILED} report, not thrown.
   *
   * @throws dev.takwimu.core.TakwimuException when the database cannot be used at all (connection lost...)
   */
  MigrationReport migrate(LakeStore lake, TableSpec table);

  /** What the store holds, one entry per migrated dataset, ordered by dataset. */
  List<MigratedDataset> migrated();

  /**
   * The served row whose primary key has these values (in the key's column order), e.g. a customer's churn score:
   * {@code lookup(spec, "C0001")}. Served rows have the lake's column names and value kinds.
   *
   * @throws IllegalArgumentException when the spec has no primary key or the number of values differs from it
   * @throws dev.takwimu.core.NoSuchDatasetException when the dataset has not been migrated
   */
  Optional<Row> lookup(TableSpec table, Object... key);

  /** Migrates the datasets one after the other, telling {@code onEach} about each as soon as it is done. */
  default List<MigrationReport> migrate(LakeStore lake, List<TableSpec> tables, Consumer<MigrationReport> onEach) {
    List<MigrationReport> reports = new ArrayList<>();
    for (TableSpec table : tables) {
      MigrationReport report = migrate(lake, table);
      onEach.accept(report);
      reports.add(report);
    }
    return reports;
  }

  /** Releases the store's connections; never throws. */
  @Override
  void close();
}
