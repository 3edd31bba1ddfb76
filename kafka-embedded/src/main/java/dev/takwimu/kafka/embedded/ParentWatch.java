package dev.takwimu.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Main class of the broker's child JVM, {@code TEMP_DIR|- MAIN_CLASS ARGS...}: runs the main class, and ends this JVM
 * as soon as the parent process is gone, also when the parent was killed with SIGKILL and ran no shutdown hook. With
 * a temporary data directory it deletes that and halts; otherwise it exits through the broker's clean shutdown.
 */
final class ParentWatch {
  private ParentWatch() {
  }

  public static void main(String[] args) throws ReflectiveOperationException {
    Path temporary = args[0].equals("-") ? null : Path.of(args[0]);
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      if (temporary == null) {
        System.exit(143);
      }
      deleteTree(temporary);
      Runtime.getRuntime().halt(137);
    }));
    try {
      Class.forName(args[1]).getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** Deletes a directory tree, best effort (a file may vanish meanwhile). */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: what is left is in the system's temporary directory
    }
  }
}
