package dev.takwimu.core;

import dev.takwimu.core.spi.BackendProvider;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;

/** Opens a backend by name from configuration, so application code does not depend on a backend module. */
public final class Backends {
  /** Configuration key naming the backend; {@value #DEFAULT_BACKEND} when absent. */
  public static final String BACKEND = "takwimu.backend";
  /** Configuration key for the lake's location (a directory for local, a URI for remote backends). */
  public static final String LAKE = "takwimu.lake";
  public static final String DEFAULT_BACKEND = "local";

  private Backends() {}

  /** The names of the backends on the class path (of the thread's context class loader), sorted. */
  public static SortedSet<String> available() {
    TreeSet<String> names = new TreeSet<>();
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      names.add(provider.name());
    }
    return Collections.unmodifiableSortedSet(names);
  }

  /**
   * Opens the backend that {@code takwimu.backend} names.
   *
   * @throws InvalidInputException when no backend of that name is on the class path
   */
  public static Backend open(Map<String, String> config) {
    String name = config.getOrDefault(BACKEND, DEFAULT_BACKEND);
    TreeSet<String> available = new TreeSet<>();
    for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
      if (provider.name().equals(name)) {
        return provider.create(config);
      }
      available.add(provider.name());
    }
    throw new InvalidInputException(String.format(
        "No backend named '%s' on the class path (available: %s); add the module that provides it, e.g. sdk-%s",
        name, available.isEmpty() ? "none" : String.join(", ", available), name));
  }
}
