package dev.takwimu.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Row;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.engine.duckdb.DuckDb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's compaction packs only a full size tier (the newest flushes' files), leaving an earlier packed file alone,
 * and puts the pack where its files were; compaction on demand packs every small file.
 */
class TieredCompactionTest {
  private static final DatasetId DATASET = DatasetId.of(Zone.RAW, "tiers");
  private static final CompactionOptions FOUR = CompactionOptions.DEFAULT.withMinFiles(4);

  @TempDir
  Path lake;

  @Test
  void aStreamsCompactionPacksTheFullTierOnlyAndKeepsCommitOrder() {
    try (DuckDb duck = new DuckDb("128MB", 1, lake.resolve(".spill"))) {
      LocalLakeStore store = new LocalLakeStore(lake, duck, 3, null);
      String packed = writeFiles(store);
      assertThat(LocalCompactor.tier(bytes(store, packed), 4)).isEqualTo(1);

      CompactionReport report = store.compactIfExists(DATASET, FOUR).orElseThrow();

      assertThat(report.filesBefore()).isEqualTo(5);
      assertThat(report.filesRewritten()).isEqualTo(4);
      List<Manifest.FileEntry> files = store.directory(DATASET).current().orElseThrow().files();
      assertThat(files).hasSize(2);
      assertThat(files.get(1).path()).as("the earlier pack, untouched and still the oldest").isEqualTo(packed);
      assertThat(ids(store)).containsExactlyInAnyOrderElementsOf(expectedIds());
      assertThat(store.compactIfExists(DATASET, FOUR).orElseThrow().filesRewritten())
          .as("two tiers of one file each: nothing to do").isZero();
    }
  }

  @Test
  void compactionOnDemandPacksEverySmallFile() {
    try (DuckDb duck = new DuckDb("128MB", 1, lake.resolve(".spill"))) {
      LocalLakeStore store = new LocalLakeStore(lake, duck, 3, null);
      writeFiles(store);

      CompactionReport report = store.compact(DATASET, FOUR);

      assertThat(report.filesRewritten()).isEqualTo(5);
      assertThat(store.directory(DATASET).current().orElseThrow().files()).hasSize(1);
      assertThat(ids(store)).containsExactlyInAnyOrderElementsOf(expectedIds());
    }
  }

  /** One file of about 100 KiB (tier 1 with four files per tier), then four tiny ones (tier 0); the big one's path. */
  private static String writeFiles(LocalLakeStore store) {
    store.write(DATASET, WriteSource.query("SELECT range AS id, md5(range::VARCHAR) || md5((range + 1)::VARCHAR)"
        + " AS payload FROM range(2000)", Map.of()), WriteOptions.append());
    String big = store.directory(DATASET).current().orElseThrow().files().get(0).path();
    for (int i = 0; i < 4; i++) {
      store.write(DATASET, WriteSource.query("SELECT ? + range AS id, 'x' AS payload FROM range(10)", Map.of(),
          10_000 + i * 10), WriteOptions.append());
    }
    return big;
  }

  private static long bytes(LocalLakeStore store, String path) {
    return store.directory(DATASET).current().orElseThrow().files().stream().filter(f -> f.path().equals(path))
        .findFirst().orElseThrow().bytes();
  }

  private static List<Long> ids(LocalLakeStore store) {
    try (Stream<Row> rows = store.stream(DATASET)) {
      return rows.map(r -> r.getLong("id")).toList();
    }
  }

  private static List<Long> expectedIds() {
    return Stream.concat(Stream.iterate(0L, i -> i + 1).limit(2000), Stream.iterate(10_000L, i -> i + 1).limit(40))
        .toList();
  }
}
