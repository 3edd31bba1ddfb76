package dev.takwimu.core;

import java.util.Objects;

/** A named, typed column of a dataset. */
public record Column(String name, DataType type) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static Column of(String name, DataType type) {
    return new Column(name, type);
  }
}
