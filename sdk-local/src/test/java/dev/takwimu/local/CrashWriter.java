package dev.takwimu.local;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process {@link CrashDuringWriteTest} kills: commits version after version of one big dataset, alternating a
 * large overwrite and an append (which hard-links the previous files), and prints {@code committed vN} after each.
 */
public final class CrashWriter {
  static final DatasetId DATASET = DatasetId.of(Zone.CLEANED, "big");
  static final long BASE_ROWS = 2_000_000;

  private CrashWriter() {}

  /** Rows written by version {@code v}: odd versions overwrite, even versions append. */
  static long writtenBy(long version) {
    return version % 2 == 1 ? BASE_ROWS + version : version;
  }

  /** Rows version {@code v} holds when every version was written by {@link #writeNext}. */
  static long expectedRows(long version) {
    return version % 2 == 1 ? writtenBy(version) : writtenBy(version - 1) + writtenBy(version);
  }

  /** Sum of the {@code id} column of version {@code v}: each write holds ids 0..n-1. */
  static long expectedIdSum(long version) {
    long sum = triangle(writtenBy(version));
    return version % 2 == 1 ? sum : sum + triangle(writtenBy(version - 1));
  }

  private static long triangle(long n) {
    return n * (n - 1) / 2;
  }

  /** Commits the next version of {@link #DATASET}, as every writer of the crash test does. */
  static DatasetInfo writeNext(LakeStore lake) {
    long next = lake.describe(DATASET).map(DatasetInfo::version).orElse(0L) + 1;
    WriteOptions options = (next % 2 == 1 ? WriteOptions.overwrite() : WriteOptions.append())
        .withProperties(Map.of("expected_rows", Long.toString(expectedRows(next))));
    DatasetInfo info = lake.write(DATASET, WriteSource.query(
        "SELECT range AS id, range * 2 AS twice, 'row-' || CAST(range AS VARCHAR) AS label FROM range(?)", Map.of(),
        writtenBy(next)), options);
    if (info.version() != next) {
      throw new IllegalStateException("Expected to commit v" + next + " but committed v" + info.version());
    }
    return info;
  }

  public static void main(String[] args) {
    try (LocalBackend backend = LocalBackend.builder().lake(Path.of(args[0])).memoryLimit("256MB").threads(2).build()) {
      long deadline = System.nanoTime() + 60_000_000_000L; // never outlive a test that forgot to kill it
      while (System.nanoTime() < deadline) {
        DatasetInfo info = writeNext(backend.lake());
        System.out.println("committed v" + info.version());
        System.out.flush();
      }
    }
  }
}
