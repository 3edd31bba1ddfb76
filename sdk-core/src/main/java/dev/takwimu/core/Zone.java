package dev.takwimu.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lake's zones, from data as delivered to data ready for analysis. */
public enum Zone {
  /** Exports as delivered, all values as text, plus lineage; append-only. */
  RAW,
  /** Typed, validated rows; one row per business key. */
  CURATED,
  /** Derived, analysis-ready data such as customer features and model scores. */
  CLEANED,
  /** Rows a stage rejected, with their original values and the rules they broke. */
  QUARANTINE;

  /** The zone's name as it appears in paths and dataset ids, e.g. {@code curated}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a zone name in any case; the error lists the valid names. */
  public static Zone parse(String text) {
    for (Zone zone : values()) {
      if (zone.id().equalsIgnoreCase(text.trim())) {
        return zone;
      }
    }
    throw new IllegalArgumentException(String.format(
        "Unknown zone '%s' (expected one of: %s)", text,
        Arrays.stream(values()).map(Zone::id).collect(Collectors.joining(", "))));
  }
}
