package dev.takwimu.samples.dashboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows of one insight, as the insight query returned them.
 *
 * @param name the insight's name, e.g. {@code loan-metrics-by-county}
 * @param columns the column names
 * @param rows the rows, each as long as {@code columns}; values are {@link String}, {@link Number} or {@code null}
 */
public record InsightTable(String name, List<String> columns, List<List<Object>> rows) {
  public InsightTable {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("Insight " + name + ": row " + copied.size() + " has " + row.size()
            + " values for " + columns.size() + " columns " + columns);
      }
      copied.add(Collections.unmodifiableList(new ArrayList<>(row))); // values may be null: not List.copyOf
    }
    rows = Collections.unmodifiableList(copied);
  }
}
