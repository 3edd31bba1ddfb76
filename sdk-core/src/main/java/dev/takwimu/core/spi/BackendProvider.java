package dev.takwimu.core.spi;

import dev.takwimu.core.Backend;
import java.util.Map;

/** Found through {@link java.util.ServiceLoader}; creates a backend from configuration. */
public interface BackendProvider {

  /** The name configuration chooses this backend by ({@code takwimu.backend=NAME}). */
  String name();

  /**
   * Creates a backend from {@code takwimu.*} settings.
   *
   * @throws dev.takwimu.core.InvalidInputException when a setting is missing or invalid
   */
  Backend create(Map<String, String> config);
}
