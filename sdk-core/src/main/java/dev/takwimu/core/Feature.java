package dev.takwimu.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One input column of a model.
 *
 * @param column the column of the model's source dataset
 * @param kind how the trainer sees it
 */
public record Feature(String column, Kind kind) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  /** How a column becomes model input. */
  public enum Kind {
    /** A number; a null becomes the training mean plus a {@code <column>_missing} indicator. */
    NUMERIC,
    /** A category, one-hot encoded over the values seen in training; null and unseen values encode as all zeros. */
    CATEGORICAL
  }

  public Feature {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(kind, "kind");
    if (!IDENTIFIER.matcher(column).matches()) {
      throw new IllegalArgumentException("Invalid feature column '" + column + "': use lower-case letters, digits and _");
    }
  }

  public static Feature numeric(String column) {
    return new Feature(column, Kind.NUMERIC);
  }

  public static Feature categorical(String column) {
    return new Feature(column, Kind.CATEGORICAL);
  }
}
