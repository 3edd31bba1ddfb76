package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --lake} option every command takes, and how a command opens the backend on it. */
final class LakeOption {

  @Option(names = "--lake", required = true, paramLabel = "DIR", description = "The lake directory.")
  Path lake;

  /** Opens the local backend on the lake, creating the directory when it does not exist yet. */
  Backend open() {
    return Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, lake.toString()));
  }

  /**
   * Opens the local backend on a lake that must already exist; a command that only reads never creates one.
   *
   * @throws InvalidInputException when there is no directory at {@code --lake}
   */
  Backend openExisting() {
    if (!Files.isDirectory(lake)) {
      throw new InvalidInputException("no lake at " + lake);
    }
    return open();
  }
}
