package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.spi.BackendProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates the local backend from configuration: {@code takwimu.lake} (required), {@code takwimu.local.memory-limit},
 * {@code takwimu.local.threads}, {@code takwimu.local.retained-versions}.
 */
public final class LocalBackendProvider implements BackendProvider {
  public static final String MEMORY_LIMIT = "takwimu.local.memory-limit";
  public static final String THREADS = "takwimu.local.threads";
  public static final String RETAINED_VERSIONS = "takwimu.local.retained-versions";

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
    try {
      if (config.containsKey(THREADS)) {
        builder.threads(Integer.parseInt(config.get(THREADS).trim()));
      }
      if (config.containsKey(RETAINED_VERSIONS)) {
        builder.retainedVersions(Integer.parseInt(config.get(RETAINED_VERSIONS).trim()));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("Invalid local backend setting: " + e.getMessage());
    }
    return builder.build();
  }
}
