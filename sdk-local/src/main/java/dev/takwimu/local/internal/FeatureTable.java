package dev.takwimu.local.internal;

import dev.takwimu.core.Feature;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A block of rows of a model's source, column by column: ids, numeric features ({@code NaN} for null), categorical
 * features (null for null) and labels.
 */
record FeatureTable(
    List<String> numericColumns,
    List<String> categoricalColumns,
    String[] ids,
    double[][] numeric,
    String[][] categorical,
    boolean[] labels,
    int size) {

  /**
   * The select list a source query needs: id, numeric features as DOUBLE, categorical ones as text, then the label
   * (null counts as negative). Column names come from a validated {@link ModelDefinition}.
   */
  static String selectList(ModelDefinition definition) {
    List<String> items = new ArrayList<>();
    items.add("CAST(" + definition.idColumn() + " AS VARCHAR)");
    for (Feature feature : numericFirst(definition)) {
      items.add(feature.kind() == Feature.Kind.NUMERIC
          ? "CAST(" + feature.column() + " AS DOUBLE)"
          : "CAST(" + feature.column() + " AS VARCHAR)");
    }
    items.add("((" + definition.label() + ") IS TRUE)");
    return String.join(", ", items);
  }

  static List<Feature> numericFirst(ModelDefinition definition) {
    List<Feature> ordered = new ArrayList<>();
    definition.features().stream().filter(f -> f.kind() == Feature.Kind.NUMERIC).forEach(ordered::add);
    definition.features().stream().filter(f -> f.kind() == Feature.Kind.CATEGORICAL).forEach(ordered::add);
    return ordered;
  }

  /** Reads up to {@code limit} rows laid out as {@link #selectList}; an empty table once the rows run out. */
  static FeatureTable read(ModelDefinition definition, Iterator<Row> rows, int limit) {
    List<String> numericColumns = definition.features().stream()
        .filter(f -> f.kind() == Feature.Kind.NUMERIC).map(Feature::column).toList();
    List<String> categoricalColumns = definition.features().stream()
        .filter(f -> f.kind() == Feature.Kind.CATEGORICAL).map(Feature::column).toList();
    int capacity = Math.min(limit, 1 << 16);
    String[] ids = new String[capacity];
    double[][] numeric = new double[numericColumns.size()][capacity];
    String[][] categorical = new String[categoricalColumns.size()][capacity];
    boolean[] labels = new boolean[capacity];
    int n = 0;
    while (n < limit && rows.hasNext()) {
      if (n == capacity) {
        capacity = (int) Math.min(limit, capacity * 2L);
        ids = Arrays.copyOf(ids, capacity);
        for (int c = 0; c < numeric.length; c++) numeric[c] = Arrays.copyOf(numeric[c], capacity);
        for (int c = 0; c < categorical.length; c++) categorical[c] = Arrays.copyOf(categorical[c], capacity);
        labels = Arrays.copyOf(labels, capacity);
      }
      Row row = rows.next();
      ids[n] = (String) row.get(0);
      int column = 1;
      for (int c = 0; c < numeric.length; c++) {
        Object value = row.get(column++);
        numeric[c][n] = value == null ? Double.NaN : ((Number) value).doubleValue();
      }
      for (int c = 0; c < categorical.length; c++) {
        Object value = row.get(column++);
        categorical[c][n] = value == null ? null : value.toString();
      }
      labels[n] = Boolean.TRUE.equals(row.get(column));
      n++;
    }
    return new FeatureTable(numericColumns, categoricalColumns, ids, numeric, categorical, labels, n);
  }
}
