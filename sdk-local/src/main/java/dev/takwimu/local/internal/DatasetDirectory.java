package dev.takwimu.local.internal;

import dev.takwimu.core.DatasetBusyException;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One dataset on disk and its commit protocol.
 *
 * <pre>
 * zone/name/
 *   v00000007/            exactly the Parquet files of version 7 (Hive-style subdirectories when partitioned)
 *   _meta/v00000007.json  the manifest; writing it (by atomic rename) is what commits version 7
 *   _staging/ID/          files of a write in progress; _staging/ID.lock is held by its writer
 *   .lock                 held by the committing writer, across processes
 * </pre>
 *
 * A write fills a staging directory, links the files it keeps from the previous version next to them, renames the
 * staging directory to the next version's name and then renames the manifest into place. Until that last rename,
 * readers see the previous version. A version directory without a manifest, and a staging directory whose writer no
 * longer holds its lock, are debris of a killed write and are removed by the next commit.
 */
final class DatasetDirectory {
  private static final Pattern MANIFEST = Pattern.compile("v(\\d{8})\\.json");
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();
  /**
   * Staging directories this process is writing. Their lock files must not even be opened by the clean-up: on POSIX,
   * closing any channel to a file drops every lock the process holds on it.
   */
  private static final Set<Path> ACTIVE_STAGING = ConcurrentHashMap.newKeySet();

  private final DatasetId id;
  private final Path root;
  private final Duration lockWait;

  /** A dataset of the lake; its commits wait at most {@code lockWait} for another writer (null: as long as it takes). */
  DatasetDirectory(Path lakeRoot, DatasetId id, Duration lockWait) {
    this.id = id;
    this.root = lakeRoot.resolve(id.zone().id()).resolve(id.name());
    this.lockWait = lockWait;
  }

  DatasetId id() {
    return id;
  }

  Path versionDirectory(long version) {
    return root.resolve(String.format("v%08d", version));
  }

  private Path metaDirectory() {
    return root.resolve("_meta");
  }

  /**
   * A staging directory for one write, locked by its writer until closed, so that a commit can tell the debris of a
   * killed writer (whose lock the operating system released) from a write still in progress.
   */
  Staging stage(String writeId) {
    Path parent = root.resolve("_staging");
    Path lockFile = parent.resolve(writeId + ".lock");
    Path active = parent.resolve(writeId).toAbsolutePath().normalize();
    // Registered before the lock file exists: this process's clean-up must never open it, as closing any channel on a
    // file releases every lock the process holds on it.
    ACTIVE_STAGING.add(active);
    try {
      Files.createDirectories(parent);
      for (int attempt = 1; ; attempt++) {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        // Another process's clean-up may have locked and unlinked the file between our open and our lock: a lock on
        // an unlinked file protects nothing, so only a lock file still in place counts.
        if (Files.exists(lockFile)) {
          return new Staging(Files.createDirectories(parent.resolve(writeId)), lockFile, channel, lock);
        }
        channel.close();
        if (attempt == 10) {
          throw new IOException("its lock file " + lockFile + " keeps being removed by another process");
        }
      }
    } catch (IOException e) {
      ACTIVE_STAGING.remove(active);
      throw new TakwimuException(e, "Cannot create a staging directory under %s: %s", parent, e.getMessage());
    }
  }

  /** A write's staging directory; closing it releases the lock and removes whatever the commit did not take. */
  record Staging(Path directory, Path lockFile, FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() {
      ACTIVE_STAGING.remove(directory.toAbsolutePath().normalize());
      try {
        deleteRecursively(directory);
      } catch (IOException ignored) {
        // left for the next commit's clean-up
      }
      try {
        lock.release();
        channel.close();
        Files.deleteIfExists(lockFile);
      } catch (IOException ignored) {
        // an unlocked lock file is removed by the next commit's clean-up
      }
    }
  }

  /**
   * The latest committed manifest, if any: the newest version whose manifest is in place and, when it is part of a
   * commit across datasets, whose transaction is recorded. A version of an unfinished (or killed) transaction is skipped.
   */
  Optional<Manifest> current() {
    for (int attempt = 0; ; attempt++) {
      List<Long> versions = versionsNewestFirst();
      boolean vanished = false;
      for (long version : versions) {
        Manifest manifest = manifest(version);
        if (manifest == null) {
          vanished = true; // expired or rolled back under us: look again
          break;
        }
        if (manifest.transaction() == null || Transactions.isRecorded(lakeRoot(), manifest.transaction())) {
          return Optional.of(manifest);
        }
        // the record may have been removed just now because the writer finished: the manifest then says so
        Manifest again = manifest(version);
        if (again != null && again.transaction() == null) {
          return Optional.of(again);
        }
      }
      if (!vanished || attempt >= 10) {
        return Optional.empty();
      }
    }
  }

  private List<Long> versionsNewestFirst() {
    if (!Files.isDirectory(metaDirectory())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(metaDirectory())) {
      return files.map(p -> MANIFEST.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Long.parseLong(m.group(1)))
          .sorted(Comparator.reverseOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest of a version, or null when its file is not there (any more). */
  private Manifest manifest(long version) {
    Path file = manifestFile(version);
    try {
      return ManifestJson.read(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read manifest %s: %s", file, e.getMessage());
    }
  }

  private Path manifestFile(long version) {
    return metaDirectory().resolve(String.format("v%08d.json", version));
  }

  private Path lakeRoot() {
    return root.getParent().getParent();
  }

  /**
   * Commits a prepared version: {@code build} receives the previous manifest (if any) and the staging directory, links
   * what it keeps into it and returns the manifest of the new version, whose number it must take from the argument, or
   * null to commit nothing (then this returns null). It runs under the dataset's lock, held across processes.
   */
  Manifest commit(Path staging, CommitBuilder build, int retainVersions) {
    return commitAll(List.of(new Part(this, staging, build)), retainVersions).get(0);
  }

  /** One dataset's share of a commit: its directory, its staging directory and how to build its manifest. */
  record Part(DatasetDirectory directory, Path staging, CommitBuilder build) {}

  /**
   * Commits versions of several datasets so that readers see all of them or none: each part's data and manifest go in
   * place marked with a transaction id, which makes them invisible; writing the lake's record of the transaction is
   * the commit; then each manifest is rewritten without the mark and the record removed. The datasets' locks are held
   * throughout (taken in path order, so two such commits cannot deadlock); a later writer of any of the datasets finds
   * the marked versions of a killed commit and rolls them back (no record) or finishes them (record written).
   *
   * @return each part's new manifest, or null for a part whose builder committed nothing
   */
  static List<Manifest> commitAll(List<Part> parts, int retainVersions) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> parts.get(i).directory().root.toAbsolutePath().normalize().toString()));
    List<DatasetLock> locks = new ArrayList<>();
    DatasetDirectory current = parts.get(0).directory();
    try {
      for (int i : order) {
        current = parts.get(i).directory();
        locks.add(current.lock());
        current.resolveUnfinished();
      }
      Manifest[] built = new Manifest[parts.size()];
      boolean[] firstVersion = new boolean[parts.size()];
      List<Integer> committing = new ArrayList<>();
      for (int i : order) {
        Part part = parts.get(i);
        current = part.directory();
        Optional<Manifest> previous = current.current();
        long version = previous.map(Manifest::version).orElse(0L) + 1;
        built[i] = part.build().build(previous, version, part.staging());
        firstVersion[i] = previous.isEmpty();
        if (built[i] != null) {
          committing.add(i);
        }
      }
      String transaction = committing.size() > 1 ? Transactions.newId() : null;
      for (int i : committing) {
        current = parts.get(i).directory();
        current.placeData(parts.get(i).staging(), built[i].version(), firstVersion[i]);
      }
      CommitPoints.reached(CommitPoints.DATA_IN_PLACE);
      for (int i : committing) {
        current = parts.get(i).directory();
        current.writeManifest(transaction == null ? built[i] : built[i].withTransaction(transaction));
        CommitPoints.reached(CommitPoints.MANIFEST_WRITTEN);
      }
      if (transaction != null) {
        Path lakeRoot = parts.get(0).directory().lakeRoot();
        Transactions.record(lakeRoot, transaction,
            committing.stream().map(i -> built[i].dataset() + "@v" + built[i].version()).toList());
        CommitPoints.reached(CommitPoints.TRANSACTION_RECORDED);
        for (int i : committing) {
          current = parts.get(i).directory();
          current.writeManifest(built[i]);
          CommitPoints.reached(CommitPoints.MANIFEST_FINALIZED);
        }
        Transactions.remove(lakeRoot, transaction);
      }
      CommitPoints.reached(CommitPoints.COMMITTED);
      if (transaction != null) {
        Transactions.removeFinished(parts.get(0).directory().lakeRoot());
      }
      for (int i : committing) {
        current = parts.get(i).directory();
        current.expire(built[i].version(), retainVersions);
        current.removeAbandonedStaging();
      }
      return java.util.Arrays.asList(built);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot commit %s: %s", current.id, e.getMessage());
    } finally {
      for (int i = locks.size() - 1; i >= 0; i--) {
        try {
          locks.get(i).close();
        } catch (IOException ignored) {
          // the operating system releases the lock when the channel is gone
        }
      }
    }
  }

  /** Moves a version's staged files to their version directory, durably, before any manifest names them. */
  private void placeData(Path staging, long version, boolean firstVersion) throws IOException {
    Path target = versionDirectory(version);
    if (Files.exists(target)) {
      deleteRecursively(target); // debris of a write that died before its manifest landed
    }
    // durable before the manifest names them: the files, their directories, and the renames
    syncTree(staging);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    Files.createDirectories(metaDirectory());
    syncDirectory(root);
    if (firstVersion) {
      syncDirectory(root.getParent()); // a new dataset's directory
      syncDirectory(root.getParent().getParent());
    }
  }

  /** Writes (or replaces) a version's manifest: a synced temporary file renamed into place, then the directory synced. */
  private void writeManifest(Manifest manifest) throws IOException {
    Files.createDirectories(metaDirectory());
    Path temp = metaDirectory().resolve(".v" + manifest.version() + "-" + ProcessHandle.current().pid() + "-"
        + Thread.currentThread().getId() + ".tmp");
    ManifestJson.write(manifest, temp);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, manifestFile(manifest.version()), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(metaDirectory());
  }

  /**
   * Under the dataset's lock: versions left marked by a killed commit across datasets are rolled back when their
   * transaction was never recorded, or finished (mark removed) when it was. The record goes once no part refers to it.
   */
  private void resolveUnfinished() throws IOException {
    for (long version : versionsNewestFirst()) {
      Manifest manifest = manifest(version);
      if (manifest == null || manifest.transaction() == null) {
        return; // only the newest versions can be unfinished: every commit resolves them first
      }
      String transaction = manifest.transaction();
      Path lakeRoot = lakeRoot();
      if (Transactions.isRecorded(lakeRoot, transaction)) {
        writeManifest(manifest.withTransaction(null));
        if (Transactions.membersFinished(lakeRoot, transaction)) {
          Transactions.remove(lakeRoot, transaction);
        }
      } else {
        Files.deleteIfExists(manifestFile(version));
        syncDirectory(metaDirectory());
        deleteRecursively(versionDirectory(version));
      }
    }
  }

  /** Flushes every file under a directory, then the directories themselves, to the disk. */
  private static void syncTree(Path directory) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList(); // children before their directory
    }
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        syncDirectory(path);
      } else {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
          channel.force(true);
        }
      }
    }
  }

  /** Flushes a directory's entries (renames, new files); a no-op where the platform cannot open directories. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (AccessDeniedException e) {
      // Windows cannot open a directory as a file; NTFS journals its metadata
    }
  }

  /** Builds the manifest of the version being committed. */
  interface CommitBuilder {
    Manifest build(Optional<Manifest> previous, long version, Path staging) throws IOException;
  }

  /** Hard-links a file of an earlier version into the staging directory, copying where links are not supported. */
  static void linkOrCopy(Path existing, Path link) throws IOException {
    Files.createDirectories(link.getParent());
    try {
      Files.createLink(link, existing);
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  boolean delete() {
    if (!Files.exists(root)) {
      return false;
    }
    try (DatasetLock lock = lock()) {
      Path trash = root.resolveSibling("." + root.getFileName() + "-deleted-" + System.nanoTime());
      try {
        Files.move(root.resolve("_meta"), trash, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        return false;
      }
      deleteRecursively(trash);
      try (Stream<Path> children = Files.list(root)) {
        for (Path child : children.filter(p -> !p.getFileName().toString().equals(".lock")).toList()) {
          deleteRecursively(child);
        }
      }
      return true;
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot delete %s: %s", id, e.getMessage());
    }
  }

  private void expire(long current, int retainVersions) throws IOException {
    for (long old = current - retainVersions; old >= 1; old--) {
      Path manifest = metaDirectory().resolve(String.format("v%08d.json", old));
      Path directory = versionDirectory(old);
      if (!Files.exists(manifest) && !Files.exists(directory)) {
        break;
      }
      Files.deleteIfExists(manifest);
      deleteRecursively(directory);
    }
  }

  /**
   * Removes staging entries whose writer is gone: their lock file can be locked (or is missing). That includes a lock
   * file left alone by a writer killed just after its commit moved the directory away.
   */
  private void removeAbandonedStaging() throws IOException {
    Path staging = root.resolve("_staging");
    if (!Files.isDirectory(staging)) {
      return;
    }
    java.util.Set<String> writeIds = new java.util.TreeSet<>();
    try (Stream<Path> list = Files.list(staging)) {
      list.filter(p -> !ACTIVE_STAGING.contains(staging.resolve(writeId(p)).toAbsolutePath().normalize()))
          .forEach(p -> writeIds.add(writeId(p)));
    }
    for (String writeId : writeIds) {
      Path entry = staging.resolve(writeId);
      Path lockFile = staging.resolve(writeId + ".lock");
      // Never creates a lock file: a writer creates its lock file before its directory, so a directory without one
      // is debris. The lock file is removed while locked, so a writer that locks it afterwards sees it gone.
      FileChannel channel;
      try {
        channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      } catch (NoSuchFileException e) {
        deleteRecursively(entry);
        continue;
      }
      try (channel) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          continue; // another process is writing
        }
        try {
          deleteRecursively(entry);
          Files.deleteIfExists(lockFile);
        } finally {
          lock.release();
        }
      } catch (java.nio.channels.OverlappingFileLockException e) {
        // a write in progress in this process
      }
    }
  }

  private static String writeId(Path stagingEntry) {
    String name = stagingEntry.getFileName().toString();
    return name.endsWith(".lock") ? name.substring(0, name.length() - ".lock".length()) : name;
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private DatasetLock lock() throws IOException {
    Files.createDirectories(root);
    long deadline = lockWait == null ? 0 : System.nanoTime() + lockWait.toNanos();
    ReentrantLock local = IN_PROCESS_LOCKS.computeIfAbsent(root.toAbsolutePath().normalize(), p -> new ReentrantLock());
    try {
      if (lockWait == null) {
        local.lock();
      } else if (!local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TakwimuException(e, "Interrupted while waiting to commit %s", id);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock;
      if (lockWait == null) {
        fileLock = channel.lock();
      } else {
        while ((fileLock = tryLock(channel)) == null) {
          if (System.nanoTime() >= deadline) {
            throw busy();
          }
          Thread.sleep(20);
        }
      }
      return new DatasetLock(local, channel, fileLock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      local.unlock();
      throw new TakwimuException(e, "Interrupted while waiting to commit %s", id);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      local.unlock();
      throw e;
    }
  }

  /** The lock, or null while another process (or other code of this one, on another channel) holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  private DatasetBusyException busy() {
    return new DatasetBusyException(id, String.format("Cannot commit %s: another writer is committing to it"
        + " (waited %.1f s; wait longer with takwimu.local.lock-wait, or retry)", id, lockWait.toMillis() / 1000.0));
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // releasing a lock file we failed to lock
      }
    }
  }

  private record DatasetLock(ReentrantLock local, FileChannel channel, FileLock fileLock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        fileLock.release();
        channel.close();
      } finally {
        local.unlock();
      }
    }
  }

  /** Fails clearly where a filesystem cannot rename atomically, instead of committing non-atomically. */
  static void requireAtomicMoves(Path lakeRoot) {
    try {
      Path probe = Files.createTempFile(lakeRoot, ".atomic", ".probe");
      try {
        Files.move(probe, probe.resolveSibling(probe.getFileName() + ".moved"), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(probe);
        Files.deleteIfExists(probe.resolveSibling(probe.getFileName() + ".moved"));
      }
    } catch (AtomicMoveNotSupportedException e) {
      throw new TakwimuException("The lake at " + lakeRoot + " is on a filesystem without atomic rename; "
          + "use a local filesystem for the local backend");
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot use %s as a lake: %s", lakeRoot, e.getMessage());
    }
  }
}
