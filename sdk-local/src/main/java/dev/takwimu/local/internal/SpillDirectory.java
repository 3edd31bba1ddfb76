package dev.takwimu.local.internal;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One backend's own spill directory, {@code <root>/<pid>-<random>}, next to a lock file {@code <pid>-<random>.lock}
 * that the owner holds until it closes. DuckDB's temporary files are not safe to share between processes. Opening
 * one removes the directories whose lock file nobody holds any more: the spill of a killed process.
 */
public final class SpillDirectory implements AutoCloseable {
  private static final Pattern ENTRY = Pattern.compile("\\d+-[0-9a-f]{16}");
  private static final String LOCK_SUFFIX = ".lock";
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * Lock files held by this process. The clean-up must not open them: on POSIX, closing any channel to a file drops
   * every lock the process holds on it.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private SpillDirectory(Path directory, Path lockFile, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Removes the spill directories of dead processes under {@code root} and creates this backend's own.
   *
   * @throws TakwimuException when the directory cannot be created
   */
  public static SpillDirectory open(Path root) {
    try {
      Files.createDirectories(root);
      removeAbandoned(root);
      for (int attempt = 0; ; attempt++) {
        SpillDirectory claimed = tryClaim(root);
        if (claimed != null) {
          return claimed;
        }
        if (attempt == 10) {
          throw new IOException("no spill directory could be claimed after 10 attempts");
        }
      }
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot create a spill directory under %s: %s", root, e.getMessage());
    }
  }

  /** Claims a fresh name; null when a concurrent clean-up removed the lock file before it was locked (then retry). */
  private static SpillDirectory tryClaim(Path root) throws IOException {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    String name = ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    Path lockFile = root.resolve(name + LOCK_SUFFIX).toAbsolutePath().normalize();
    HELD.add(lockFile);
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.lock();
      channel.write(ByteBuffer.wrap(name.getBytes(StandardCharsets.US_ASCII)));
      Path directory = Files.createDirectories(root.resolve(name));
      // a clean-up may have locked and deleted the file between its creation and our lock: the name is then not ours.
      // (Never open the file again here: closing any channel to it would drop our lock.)
      if (!Files.exists(lockFile)) {
        DatasetDirectory.deleteRecursively(directory);
        lock.release();
        channel.close();
        HELD.remove(lockFile);
        return null;
      }
      return new SpillDirectory(directory, lockFile, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      HELD.remove(lockFile);
      throw e;
    }
  }

  /** Deletes each directory whose lock file can be locked: its owner is gone. */
  private static void removeAbandoned(Path root) throws IOException {
    List<Path> lockFiles;
    try (Stream<Path> list = Files.list(root)) {
      lockFiles = list.filter(p -> p.getFileName().toString().endsWith(LOCK_SUFFIX))
          .filter(p -> ENTRY.matcher(name(p)).matches())
          .map(p -> p.toAbsolutePath().normalize())
          .filter(p -> !HELD.contains(p))
          .toList();
    }
    for (Path lockFile : lockFiles) {
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          continue; // a live process spills there
        }
        try {
          DatasetDirectory.deleteRecursively(lockFile.resolveSibling(name(lockFile)));
          Files.deleteIfExists(lockFile);
        } finally {
          lock.release();
        }
      } catch (NoSuchFileException | OverlappingFileLockException e) {
        // removed by another process's clean-up meanwhile, or held by this process
      }
    }
  }

  private static String name(Path lockFile) {
    String file = lockFile.getFileName().toString();
    return file.substring(0, file.length() - LOCK_SUFFIX.length());
  }

  /** The directory to give DuckDB as its {@code temp_directory}. */
  public Path directory() {
    return directory;
  }

  /** Deletes the directory, then releases and removes the lock file. */
  @Override
  public void close() {
    try {
      DatasetDirectory.deleteRecursively(directory);
    } catch (IOException ignored) {
      // the lock is released below, so the next backend on this lake removes what is left
    }
    try {
      Files.deleteIfExists(lockFile);
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the operating system releases the lock when the process exits
    } finally {
      HELD.remove(lockFile);
    }
  }
}
