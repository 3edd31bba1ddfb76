package dev.takwimu.engine.tribuo;

import dev.takwimu.core.Feature;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.Row;
import dev.takwimu.core.spi.ModelSupport;
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
   * The select list of the training layout, in the portable SQL subset: id as text, numeric features as DOUBLE,
   * categorical ones as text, then the label (null counts as negative). Column names come from a validated
   * {@link ModelDefinition}; the label is the definition's SQL expression.
   */
  static String selectList(ModelDefinition definition) {
    List<String> items = new ArrayList<>();
    items.add("CAST(" + quote(definition.idColumn()) + " AS VARCHAR)");
    for (Feature feature : numericFirst(definition)) {
      items.add(feature.kind() == Feature.Kind.NUMERIC
          ? "CAST(" + quote(feature.column()) + " AS DOUBLE)"
          : "CAST(" + quote(feature.column()) + " AS VARCHAR)");
    }
    items.add("COALESCE((" + definition.label() + "), FALSE)");
    return String.join(", ", items);
  }

  private static String quote(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }

  static List<Feature> numericFirst(ModelDefinition definition) {
    List<Feature> ordered = new ArrayList<>();
    definition.features().stream().filter(f -> f.kind() == Feature.Kind.NUMERIC).forEach(ordered::add);
    definition.features().stream().filter(f -> f.kind() == Feature.Kind.CATEGORICAL).forEach(ordered::add);
    return ordered;
  }

  private static List<String> columns(ModelDefinition definition, Feature.Kind kind) {
    return definition.features().stream().filter(f -> f.kind() == kind).map(Feature::column).toList();
  }

  /** Reads up to {@code limit} rows laid out as {@link #selectList}; an empty table once the rows run out. */
  static FeatureTable read(ModelDefinition definition, Iterator<Row> rows, int limit) {
    List<String> numericColumns = columns(definition, Feature.Kind.NUMERIC);
    List<String> categoricalColumns = columns(definition, Feature.Kind.CATEGORICAL);
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

  /**
   * Rows that carry the id and feature columns by name, in any order among other columns; labels are all false.
   *
   * @throws InvalidInputException when a row lacks a column or a numeric feature holds something other than a number
   */
  static FeatureTable of(ModelDefinition definition, List<Row> rows) {
    List<String> numericColumns = columns(definition, Feature.Kind.NUMERIC);
    List<String> categoricalColumns = columns(definition, Feature.Kind.CATEGORICAL);
    int n = rows.size();
    String[] ids = new String[n];
    double[][] numeric = new double[numericColumns.size()][n];
    String[][] categorical = new String[categoricalColumns.size()][n];
    List<String> layout = null;
    int[] positions = null;
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      // rows of one result share their names list: resolve the positions once per layout
      if (row.names() != layout) {
        layout = row.names();
        ModelSupport.requirePredictColumns(definition, layout);
        positions = new int[1 + numeric.length + categorical.length];
        positions[0] = layout.indexOf(definition.idColumn());
        for (int c = 0; c < numeric.length; c++) positions[1 + c] = layout.indexOf(numericColumns.get(c));
        for (int c = 0; c < categorical.length; c++) {
          positions[1 + numeric.length + c] = layout.indexOf(categoricalColumns.get(c));
        }
      }
      Object id = row.get(positions[0]);
      ids[i] = id == null ? null : id.toString();
      for (int c = 0; c < numeric.length; c++) {
        numeric[c][i] = number(definition, numericColumns.get(c), row.get(positions[1 + c]));
      }
      for (int c = 0; c < categorical.length; c++) {
        Object value = row.get(positions[1 + numeric.length + c]);
        categorical[c][i] = value == null ? null : value.toString();
      }
    }
    return new FeatureTable(numericColumns, categoricalColumns, ids, numeric, categorical, new boolean[n], n);
  }

  /** A numeric feature's value as the engines cast it to DOUBLE: numbers, booleans as 1/0, numeric text. */
  private static double number(ModelDefinition definition, String column, Object value) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Boolean bool) {
      return bool ? 1 : 0;
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    String shown = value.toString().length() > 40 ? value.toString().substring(0, 40) + "..." : value.toString();
    throw new InvalidInputException("Cannot predict with model " + definition.name() + ": numeric feature " + column
        + " holds '" + shown + "' (" + value.getClass().getSimpleName() + "), not a number");
  }
}
