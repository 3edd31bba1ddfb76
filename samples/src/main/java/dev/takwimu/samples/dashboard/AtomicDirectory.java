package dev.takwimu.samples.dashboard;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Replaces a directory as a whole: its new content is built in a hidden sibling, then renamed into place. Readers see
 * the old directory or the whole new one, never a partial one (between the two renames, for an instant, none); a
 * failure leaves the old one as it was and no temporary directory behind.
 */
final class AtomicDirectory {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicDirectory() {}

  /** What fills the new directory. */
  interface Content {
    void writeTo(Path directory) throws IOException;
  }

  /**
   * Builds {@code target}'s new content and puts it in place of the old.
   *
   * @param replaceable the only names {@code target} may hold for it to be replaced: a safeguard against deleting a
   *     directory that is not ours
   * @throws TakwimuException when the content cannot be written, or {@code target} holds anything else
   */
  static void replace(Path target, Set<String> replaceable, Content content) {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null) {
      throw new TakwimuException("Cannot write " + target + ": give a directory below the root");
    }
    checkReplaceable(target, absolute, replaceable);
    Path temp = sibling(absolute, "tmp");
    Path old = null;
    try {
      Files.createDirectories(parent);
      Files.createDirectory(temp);
      content.writeTo(temp);
      if (Files.exists(absolute)) {
        old = sibling(absolute, "old");
        move(absolute, old);
      }
      try {
        move(temp, absolute);
      } catch (IOException e) {
        if (old != null) {
          move(old, absolute); // put the previous one back
          old = null;
        }
        throw e;
      }
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write %s: %s", target, e.getMessage() != null ? e.getMessage() : e);
    } finally {
      deleteQuietly(temp);
      if (old != null) {
        deleteQuietly(old);
      }
    }
  }

  private static void checkReplaceable(Path target, Path absolute, Set<String> replaceable) {
    if (Files.isRegularFile(absolute)) {
      throw new TakwimuException("Cannot write " + target + ": it is a file; give a directory");
    }
    if (!Files.isDirectory(absolute)) {
      return;
    }
    try (Stream<Path> entries = Files.list(absolute)) {
      String foreign = entries.map(p -> p.getFileName().toString()).filter(name -> !replaceable.contains(name))
          .sorted().limit(5).reduce((a, b) -> a + ", " + b).orElse(null);
      if (foreign != null) {
        throw new TakwimuException("Cannot write " + target + ": the directory holds other files (" + foreign
            + "); give a new directory, or one that holds only a previous dashboard");
      }
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write %s: %s", target, e.getMessage());
    }
  }

  private static Path sibling(Path target, String suffix) {
    return target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + "." + suffix);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(directory)) {
      tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // hidden and named after the target: harmless if anything is left
    }
  }
}
