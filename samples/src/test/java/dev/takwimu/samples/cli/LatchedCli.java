package dev.takwimu.samples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child process of {@link ConcurrentCliTest}: waits until the start file exists, so that every child has its JVM up
 * before any begins, then runs {@code takwimu} with the remaining arguments and exits with its code.
 */
final class LatchedCli {
  private LatchedCli() {}

  /** {@code START_FILE ARGS...}. */
  public static void main(String[] args) throws InterruptedException {
    await(Path.of(args[0]));
    TakwimuCli.main(Arrays.copyOfRange(args, 1, args.length));
  }

  static void await(Path startFile) throws InterruptedException {
    while (!Files.exists(startFile)) {
      Thread.sleep(2);
    }
  }
}
