package dev.takwimu.core;

import java.util.List;
import java.util.Optional;

/** The ordered columns of a dataset. */
public record Schema(List<Column> columns) {
  public Schema {
    columns = List.copyOf(columns);
  }

  public static Schema of(Column... columns) {
    return new Schema(List.of(columns));
  }

  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
