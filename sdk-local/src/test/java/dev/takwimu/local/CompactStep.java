package dev.takwimu.local;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.SupportsCompaction;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamSink;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process {@link CompactionProcessTest} stops at a commit point: {@code compact LAKE} compacts the raw
 * dataset of {@link StreamCompactionTest#FORMAT}; {@code flush LAKE} flushes offsets 60 to 64 of partition 0 through
 * a sink that compacts after every flush of a dataset with 2 small files or more.
 */
public final class CompactStep {
  private CompactStep() {}

  public static void main(String[] args) {
    CompactionOptions options = CompactionOptions.DEFAULT;
    try (LocalBackend backend = LocalBackend.builder().lake(Path.of(args[1])).memoryLimit("256MB").threads(1)
        .streamCompaction(options).build()) {
      if (args[0].equals("compact")) {
        ((SupportsCompaction) backend.lake()).compact(StreamCompactionTest.FORMAT.raw(), options);
      } else {
        try (StreamSink sink = backend.streams().open(StreamCompactionTest.FORMAT,
            new BufferHints(1_000, 1 << 20, Duration.ofHours(1)))) {
          for (long o = 60; o < 65; o++) {
            sink.put(StreamCompactionTest.record(0, o));
          }
        }
      }
    }
    System.out.println("finished");
  }
}
