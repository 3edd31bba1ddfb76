package dev.takwimu.local.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * The lake's records of commits across datasets, {@code <lake>/_transactions/<id>}: one line per part,
 * {@code zone/name@vN}. A version whose manifest carries a transaction id is visible only while (or once) that record
 * exists, so the record's atomic appearance commits every part at once. See {@link DatasetDirectory#commitAll}.
 */
final class Transactions {
  private static final String DIRECTORY = "_transactions";

  private Transactions() {}

  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static boolean isRecorded(Path lakeRoot, String id) {
    return Files.exists(file(lakeRoot, id));
  }

  /** Writes the record durably: a synced temporary file renamed into place, then the directory synced. */
  static void record(Path lakeRoot, String id, List<String> parts) throws IOException {
    Path directory = Files.createDirectories(lakeRoot.resolve(DIRECTORY));
    Path temp = directory.resolve("." + id + ".tmp");
    Files.write(temp, (String.join("\n", parts) + "\n").getBytes(StandardCharsets.UTF_8));
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, file(lakeRoot, id), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  static void remove(Path lakeRoot, String id) throws IOException {
    Files.deleteIfExists(file(lakeRoot, id));
  }

  /** True when no part's manifest still refers to the transaction (each was finished, or has expired since). */
  static boolean membersFinished(Path lakeRoot, String id) throws IOException {
    List<String> parts;
    try {
      parts = Files.readAllLines(file(lakeRoot, id), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return true;
    }
    for (String part : parts) {
      int at = part.lastIndexOf("@v");
      if (at < 0) {
        continue;
      }
      Path manifest = lakeRoot.resolve(part.substring(0, at)).resolve("_meta")
          .resolve(String.format("v%08d.json", Long.parseLong(part.substring(at + 2))));
      try {
        if (id.equals(ManifestJson.read(manifest).transaction())) {
          return false;
        }
      } catch (NoSuchFileException e) {
        // expired or rolled back: nothing refers to the record from there
      }
    }
    return true;
  }

  /**
   * Removes records that no manifest refers to any more (their writer stopped after finishing every part), and
   * temporary files of records that a killed writer never renamed into place.
   */
  static void removeFinished(Path lakeRoot) throws IOException {
    Path directory = lakeRoot.resolve(DIRECTORY);
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<Path> entries;
    try (java.util.stream.Stream<Path> list = Files.list(directory)) {
      entries = list.toList();
    }
    java.time.Instant abandoned = java.time.Instant.now().minus(java.time.Duration.ofMinutes(10));
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      try {
        if (name.startsWith(".")) {
          if (Files.getLastModifiedTime(entry).toInstant().isBefore(abandoned)) {
            Files.deleteIfExists(entry);
          }
        } else if (membersFinished(lakeRoot, name)) {
          Files.deleteIfExists(entry);
        }
      } catch (NoSuchFileException e) {
        // removed by another process meanwhile
      }
    }
  }

  private static Path file(Path lakeRoot, String id) {
    return lakeRoot.resolve(DIRECTORY).resolve(id);
  }
}
