package dev.takwimu.samples.cli;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Writes a file so that readers see either the old file or the whole new one, never a partial write. */
final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** What writes the content. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes the content to a temporary file next to {@code target}, then moves it over {@code target} atomically.
   *
   * @throws TakwimuException when the file cannot be written; {@code target} is left as it was
   */
  static void write(Path target, Content content) {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new TakwimuException("Cannot write " + target + ": it is a directory; give a file name");
    }
    Path directory = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(directory);
      temp = directory.resolve("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write %s: %s", target, describe(e, temp));
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the temporary file is hidden and named after the target; nothing more to do
        }
      }
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
