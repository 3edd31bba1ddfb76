package dev.takwimu.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Address of a dataset in the lake: a zone and a name, written {@code zone/name} (e.g. {@code curated/transactions}).
 *
 * @param zone the zone holding the dataset
 * @param name lower-case letters, digits and underscores, starting with a letter
 */
public record DatasetId(Zone zone, String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

  public DatasetId {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(String.format(
          "Invalid dataset name '%s': use lower-case letters, digits and underscores, starting with a letter", name));
    }
  }

  public static DatasetId of(Zone zone, String name) {
    return new DatasetId(zone, name);
  }

  /** Parses {@code zone/name}, e.g. {@code curated/transactions}. */
  public static DatasetId parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "Invalid dataset '" + text + "': expected ZONE/NAME, e.g. curated/transactions");
    }
    return new DatasetId(Zone.parse(text.substring(0, slash)), text.substring(slash + 1).trim());
  }

  @Override
  public String toString() {
    return zone.id() + "/" + name;
  }
}
