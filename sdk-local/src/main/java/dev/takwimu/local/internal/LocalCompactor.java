package dev.takwimu.local.internal;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.engine.duckdb.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rewrites a dataset's small files into files near a target size, in one commit. The rewrite reads and writes outside
 * the dataset's lock; under the lock the new version is built on whatever version is current by then: files other
 * writers added meanwhile are kept, and properties (a stream's offsets) are those of that version, unchanged. When a
 * file it rewrote is gone from the current version (another compaction, an overwrite), it starts over.
 *
 * <p>A stream's compaction after its flushes is tiered: small files are grouped by size into tiers a factor of
 * {@code minFiles} apart, and only a tier holding {@code minFiles} files is packed. The flushes' files become one file
 * of the next tier, {@code minFiles} of those one of the tier after, so each row is rewritten about
 * log<sub>minFiles</sub>(target / flush size) times in all, not at every compaction. On demand, every small file is
 * packed.
 */
final class LocalCompactor {
  private static final int ATTEMPTS = 5;

  private final DuckDb duck;
  private final LocalLakeStore lake;
  private final int retainVersions;
  private Runnable beforeCommit = () -> {};

  LocalCompactor(DuckDb duck, LocalLakeStore lake, int retainVersions) {
    this.duck = duck;
    this.lake = lake;
    this.retainVersions = retainVersions;
  }

  /** Runs the hook between writing the new files and committing them: lets a test commit from another writer. */
  void beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
  }

  /** Compacts the dataset (tiered: only full size tiers, as after a stream's flush); empty when it does not exist. */
  Optional<CompactionReport> compact(DatasetId id, CompactionOptions options, boolean tiered) {
    long started = System.nanoTime();
    DatasetDirectory directory = lake.directory(id);
    for (int attempt = 1; ; attempt++) {
      Optional<Manifest> found = directory.current();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Manifest manifest = found.get();
      Map<String, List<Manifest.FileEntry>> groups = smallFilesByDirectory(manifest, options, tiered);
      if (groups.isEmpty()) {
        return Optional.of(new CompactionReport(id, manifest.files().size(), manifest.files().size(), 0,
            manifest.rows(), manifest.version(), manifest.version(), elapsed(started)));
      }
      CompactionReport report = rewrite(directory, manifest, groups, options, started);
      if (report != null) {
        return Optional.of(report);
      }
      if (attempt >= ATTEMPTS) {
        throw new TakwimuException("Cannot compact " + id + ": its files changed under " + ATTEMPTS
            + " attempts in a row (other compactions or overwrites); try again");
      }
    }
  }

  /**
   * The small files of each directory (one per partition) that holds enough of them, oldest first: a manifest lists
   * each commit's new files before the files it kept, so reversing it gives commit order.
   */
  private static Map<String, List<Manifest.FileEntry>> smallFilesByDirectory(Manifest manifest,
      CompactionOptions options, boolean tiered) {
    Map<String, List<Manifest.FileEntry>> groups = new LinkedHashMap<>();
    List<Manifest.FileEntry> files = new ArrayList<>(manifest.files());
    java.util.Collections.reverse(files);
    for (Manifest.FileEntry file : files) {
      if (file.bytes() < options.smallFileBytes()) {
        int slash = file.path().lastIndexOf('/');
        String directory = slash < 0 ? "" : file.path().substring(0, slash);
        String group = tiered ? directory + "\u0000" + tier(file.bytes(), options.minFiles()) : directory;
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(file);
      }
    }
    groups.values().removeIf(group -> group.size() < options.minFiles());
    return groups;
  }

  /** Writes the groups' rows into new files and commits them; null when the files changed meanwhile. */
  private CompactionReport rewrite(DatasetDirectory directory, Manifest manifest,
      Map<String, List<Manifest.FileEntry>> groups, CompactionOptions options, long started) {
    String writeId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Path source = directory.versionDirectory(manifest.version());
    try (DatasetDirectory.Staging staging = directory.stage(writeId)) {
      List<Manifest.FileEntry> written = new ArrayList<>();
      Map<String, Manifest.FileEntry> replaced = new java.util.HashMap<>();
      int group = 0;
      duck.lock().lock();
      try {
        for (Map.Entry<String, List<Manifest.FileEntry>> entry : groups.entrySet()) {
          String relativeDirectory = entry.getKey().split("\u0000", -1)[0];
          written.addAll(rewriteGroup(directory.id(), source, staging.directory(), relativeDirectory,
              entry.getValue(), options, "part-" + writeId + "-" + group++, replaced));
        }
      } catch (RuntimeException e) {
        if (directory.current().map(Manifest::version).orElse(-1L) != manifest.version()) {
          return null; // e.g. the version read was expired by newer commits meanwhile: start over from the newest
        }
        throw e;
      } finally {
        duck.lock().unlock();
      }
      if (written.isEmpty()) {
        return new CompactionReport(directory.id(), manifest.files().size(), manifest.files().size(), 0,
            manifest.rows(), manifest.version(), manifest.version(), elapsed(started));
      }
      beforeCommit.run();
      long[] before = new long[2];
      Manifest committed = directory.commit(staging.directory(), (previous, version, stagingDirectory) -> {
        if (previous.isEmpty()) {
          return null;
        }
        Manifest current = previous.get();
        List<Manifest.FileEntry> files = new ArrayList<>();
        Set<String> present = new HashSet<>();
        Path currentDirectory = directory.versionDirectory(current.version());
        Set<Manifest.FileEntry> placed = new HashSet<>();
        for (Manifest.FileEntry file : current.files()) {
          present.add(file.path());
          Manifest.FileEntry pack = replaced.get(file.path());
          if (pack == null) {
            DatasetDirectory.linkOrCopy(currentDirectory.resolve(file.path()), stagingDirectory.resolve(file.path()));
            files.add(file);
          } else if (placed.add(pack)) {
            files.add(pack); // where the newest of its files was, so the manifest stays in commit order
          }
        }
        if (!present.containsAll(replaced.keySet())
            || !current.partitionColumns().equals(manifest.partitionColumns())) {
          return null;
        }
        before[0] = current.files().size();
        before[1] = current.version();
        return new Manifest(Manifest.FORMAT, current.dataset(), version, Instant.now().toString(), current.schema(),
            current.partitionColumns(), files, current.properties());
      }, retainVersions);
      if (committed == null) {
        return null;
      }
      return new CompactionReport(directory.id(), before[0], committed.files().size(), replaced.size(),
          committed.rows(), before[1], committed.version(), elapsed(started));
    }
  }

  /**
   * Copies one directory's small files into files of about the target size: consecutive files (in commit order) are
   * packed until the next would pass the target, and each pack is written as one file, its rows in the order read.
   * A pack of one file is left as it is. Checks that every row arrived.
   */
  private List<Manifest.FileEntry> rewriteGroup(DatasetId id, Path source, Path staging, String relativeDirectory,
      List<Manifest.FileEntry> inputs, CompactionOptions options, String filePrefix,
      Map<String, Manifest.FileEntry> replaced) {
    List<List<Manifest.FileEntry>> packs = new ArrayList<>();
    List<Manifest.FileEntry> pack = new ArrayList<>();
    long packBytes = 0;
    for (Manifest.FileEntry file : inputs) {
      if (!pack.isEmpty() && packBytes + file.bytes() > options.targetFileBytes()) {
        packs.add(pack);
        pack = new ArrayList<>();
        packBytes = 0;
      }
      pack.add(file);
      packBytes += file.bytes();
    }
    packs.add(pack);
    packs.removeIf(p -> p.size() < 2);
    Path target = relativeDirectory.isEmpty() ? staging : staging.resolve(relativeDirectory);
    List<Manifest.FileEntry> written = new ArrayList<>();
    for (int n = 0; n < packs.size(); n++) {
      List<Manifest.FileEntry> files = packs.get(n);
      Path output = target.resolve(filePrefix + "-" + n + ".parquet");
      long rows = copy(source, files, output);
      long expected = files.stream().mapToLong(Manifest.FileEntry::rows).sum();
      if (rows != expected) {
        throw new TakwimuException(String.format("Cannot compact %s: read %d rows from %d files of %s, expected %d",
            id, rows, files.size(), relativeDirectory.isEmpty() ? "it" : relativeDirectory, expected));
      }
      Manifest.FileEntry packed = new Manifest.FileEntry(staging.relativize(output).toString().replace('\\', '/'), rows,
          size(output), files.get(0).partition());
      files.forEach(f -> replaced.put(f.path(), packed));
      written.add(packed);
    }
    return written;
  }

  /**
   * Writes the files' rows, in the order listed and each file's rows in order, into one Parquet file (DuckDB keeps
   * the insertion order when writing a single file); returns the rows written.
   */
  private long copy(Path source, List<Manifest.FileEntry> files, Path output) {
    String table = "tk_compact_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    duck.execute("CREATE TEMP TABLE " + table + " (i INTEGER, path VARCHAR)");
    try {
      for (int i = 0; i < files.size(); i++) {
        duck.execute("INSERT INTO " + table + " VALUES (?, ?)", List.of(i, source.resolve(files.get(i).path())
            .toString()));
      }
      duck.execute("SET VARIABLE tk_compact_files = (SELECT list(path ORDER BY i) FROM " + table + ")");
      Files.createDirectories(output.getParent());
      // partition values live in the directory names only, as the files of a partitioned write have them
      return duck.copyWithStats("COPY (SELECT * FROM read_parquet(getvariable('tk_compact_files'),"
          + " union_by_name = true, hive_partitioning = false)) TO ? (FORMAT parquet, RETURN_STATS true)",
          List.of(output.toString()))
          .values().stream().mapToLong(Long::longValue).sum();
    } catch (java.io.IOException e) {
      throw new TakwimuException(e, "Cannot create %s: %s", output.getParent(), e.getMessage());
    } finally {
      duck.execute("DROP TABLE IF EXISTS " + table);
      duck.execute("RESET VARIABLE tk_compact_files");
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new TakwimuException(e, "Cannot read the size of %s: %s", file, e.getMessage());
    }
  }

  /** The size tier of a file: tiers are a factor of {@code minFiles} apart, from 64 KiB. */
  static int tier(long bytes, int minFiles) {
    int tier = 0;
    for (long bound = 64 * 1024; bytes >= bound && tier < 16; bound *= minFiles) {
      tier++;
    }
    return tier;
  }

  private static Duration elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
