package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.spi.BackendProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates the local backend from configuration: {@code takwimu.lake} (required), {@code takwimu.local.memory-limit},
 * {@code takwimu.local.threads}, {@code takwimu.local.retained-versions}, {@code takwimu.local.lock-wait} (seconds a
 * commit waits for another writer of the same dataset; 0 fails at once; unset waits as long as it takes),
 * {@code takwimu.local.stream-compact-files} (small files of a partition that make a stream sink compact after a
 * flush, default 100; 0 never compacts) and {@code takwimu.local.stream-compact-target-mb} (default 128).
 */
public final class LocalBackendProvider implements BackendProvider {
  public static final String MEMORY_LIMIT = "takwimu.local.memory-limit";
  public static final String THREADS = "takwimu.local.threads";
  public static final String RETAINED_VERSIONS = "takwimu.local.retained-versions";
  public static final String LOCK_WAIT = "takwimu.local.lock-wait";
  public static final String STREAM_COMPACT_FILES = "takwimu.local.stream-compact-files";
  public static final String STREAM_COMPACT_TARGET_MB = "takwimu.local.stream-compact-target-mb";

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Backend create(Map<String, String> config) {
    String lake = config.get(Backends.LAKE);
    if (lake == null || lake.isBlank()) {
      throw new InvalidInputException("The local backend needs " + Backends.LAKE + " (the lake directory)");
    }
    LocalBackend.Builder builder = LocalBackend.builder().lake(Path.of(lake));
    if (config.containsKey(MEMORY_LIMIT)) {
      builder.memoryLimit(config.get(MEMORY_LIMIT));
    }
    if (config.containsKey(THREADS)) {
      builder.threads(positive(config, THREADS, 1));
    }
    if (config.containsKey(RETAINED_VERSIONS)) {
      builder.retainedVersions(positive(config, RETAINED_VERSIONS, 2));
    }
    if (config.containsKey(LOCK_WAIT)) {
      builder.lockWait(java.time.Duration.ofSeconds(positive(config, LOCK_WAIT, 0)));
    }
    CompactionOptions compaction = LocalBackend.DEFAULT_STREAM_COMPACTION;
    if (config.containsKey(STREAM_COMPACT_TARGET_MB)) {
      compaction = compaction.withTargetFileBytes(positive(config, STREAM_COMPACT_TARGET_MB, 1) * 1024L * 1024);
    }
    if (config.containsKey(STREAM_COMPACT_FILES) && positive(config, STREAM_COMPACT_FILES, 0) == 0) {
      compaction = null;
    } else if (config.containsKey(STREAM_COMPACT_FILES)) {
      compaction = compaction.withMinFiles(positive(config, STREAM_COMPACT_FILES, 2));
    }
    return builder.streamCompaction(compaction).build();
  }

  private static int positive(Map<String, String> config, String key, int minimum) {
    String value = config.get(key).trim();
    try {
      int number = Integer.parseInt(value);
      if (number >= minimum) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below with the setting's name
    }
    throw new InvalidInputException(String.format("%s='%s' is invalid: expected a whole number of at least %d",
        key, value, minimum));
  }
}
