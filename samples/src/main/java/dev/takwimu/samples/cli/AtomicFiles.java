package dev.takwimu.samples.cli;

import dev.takwimu.core.TakwimuException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes a regular file so that readers see either the old file or the whole new one, never a partial write. The
 * content goes to a hidden temporary file {@code .<name>.<16 hex digits>.tmp} next to the target, locked while it is
 * written; such a file left unlocked by a killed writer is removed by the next write to that directory.
 */
final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.tmp");
  /** A temporary file younger than this may be one whose writer has not locked it yet. */
  private static final Duration LEFTOVER_AGE = Duration.ofSeconds(10);

  private AtomicFiles() {}

  /** What writes the content. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Refuses a target that exists and is not a regular file (a directory, FIFO, device...), following symbolic links:
   * moving a file over it would replace it, {@code /dev/null} included.
   *
   * @throws TakwimuException when {@code target} exists and is not a regular file
   */
  static void requireRegularTarget(Path target) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(target, BasicFileAttributes.class);
    } catch (IOException e) {
      return; // nothing there (or nothing readable): writing will say what is wrong
    }
    if (attributes.isRegularFile()) {
      return;
    }
    String kind = attributes.isDirectory() ? "a directory; give a file name"
        : attributes.isOther() ? "a device, FIFO or socket; give the name of a regular file"
        : "not a regular file; give the name of a regular file";
    throw new TakwimuException("Cannot write " + target + ": it is " + kind);
  }

  /**
   * Writes the content to a temporary file next to {@code target}, then moves it over {@code target} atomically.
   *
   * @throws TakwimuException when {@code target} is not a regular file or cannot be written; it is left as it was
   */
  static void write(Path target, Content content) {
    requireRegularTarget(target);
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(directory);
      removeLeftovers(directory);
      temp = directory.resolve(String.format(Locale.ROOT, ".%s.%016x.tmp", absolute.getFileName(),
          RANDOM.nextLong()));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        content.writeTo(new Unclosable(Channels.newOutputStream(channel)));
        requireRegularTarget(target);
        try {
          Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write %s: %s", target, describe(e, temp));
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  /** Deletes the temporary files of writers that died: older than a few seconds, and locked by no one. */
  static void removeLeftovers(Path directory) {
    Instant old = Instant.now().minus(LEFTOVER_AGE);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
        file -> TEMP.matcher(file.getFileName().toString()).matches())) {
      for (Path file : files) {
        deleteIfAbandoned(file, old);
      }
    } catch (IOException e) {
      // a directory that cannot be listed keeps its leftovers; the write itself goes on
    }
  }

  private static void deleteIfAbandoned(Path file, Instant old) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile() || !attributes.lastModifiedTime().toInstant().isBefore(old)) {
        return;
      }
    } catch (IOException e) {
      return; // gone meanwhile
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | OverlappingFileLockException e) {
      // in use by this process, or gone: leave it
    }
  }

  /** Lets the content close its stream (JSON generators do) while the channel and its lock stay open. */
  private static final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the temporary file is hidden and the next write to this directory removes it
    }
  }

  /** {@code permission denied: /data/out}, rather than the exception's bare file name. */
  static String describe(IOException e, Path temp) {
    if (e instanceof FileSystemException fs) {
      String reason = e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "no such file or directory"
          : e instanceof FileAlreadyExistsException ? "a file is in the way"
          : fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
      boolean own = fs.getFile() == null || temp != null && fs.getFile().equals(temp.toString());
      return own ? reason : reason + ": " + fs.getFile();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
