package dev.takwimu.engine.tribuo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a row's feature values into the named numbers a Tribuo trainer sees, with statistics fitted on training rows
 * only: numbers are log-scaled ({@code sign(x)·ln(1+|x|)}, amounts and counts are heavy-tailed) and standardised; a
 * missing number becomes 0 (the training mean) plus a {@code <column>_missing} indicator of 1; a category becomes a
 * one-hot {@code <column>=<value>} over the most frequent training values; null and unseen values encode as all zeros.
 */
record FeatureEncoder(
    @JsonProperty("numeric") List<NumericColumn> numeric,
    @JsonProperty("categorical") List<CategoricalColumn> categorical) {

  /** Categories kept per column; rarer ones encode like unseen values. */
  static final int MAX_CATEGORIES = 200;

  record NumericColumn(
      @JsonProperty("column") String column,
      @JsonProperty("mean") double mean,
      @JsonProperty("std") double std) {}

  record CategoricalColumn(@JsonProperty("column") String column, @JsonProperty("values") List<String> values) {}

  /** Fits the encoding on the given rows of the table. */
  static FeatureEncoder fit(FeatureTable table, int[] rows) {
    List<NumericColumn> numeric = new ArrayList<>();
    for (int c = 0; c < table.numericColumns().size(); c++) {
      double[] values = table.numeric()[c];
      double sum = 0, sumSquares = 0;
      long present = 0;
      for (int row : rows) {
        if (!Double.isNaN(values[row])) {
          double x = scale(values[row]);
          sum += x;
          sumSquares += x * x;
          present++;
        }
      }
      double mean = present == 0 ? 0 : sum / present;
      double variance = present == 0 ? 0 : Math.max(0, sumSquares / present - mean * mean);
      numeric.add(new NumericColumn(table.numericColumns().get(c), mean, variance > 1e-12 ? Math.sqrt(variance) : 1));
    }
    List<CategoricalColumn> categorical = new ArrayList<>();
    for (int c = 0; c < table.categoricalColumns().size(); c++) {
      String[] values = table.categorical()[c];
      Map<String, Integer> counts = new HashMap<>();
      for (int row : rows) {
        if (values[row] != null) {
          counts.merge(values[row], 1, Integer::sum);
        }
      }
      List<String> kept = counts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(MAX_CATEGORIES).map(Map.Entry::getKey).sorted(Comparator.naturalOrder()).toList();
      categorical.add(new CategoricalColumn(table.categoricalColumns().get(c), kept));
    }
    return new FeatureEncoder(List.copyOf(numeric), List.copyOf(categorical));
  }

  static double scale(double x) {
    return Math.signum(x) * Math.log1p(Math.abs(x));
  }

  /** Every input name the encoding can produce, in a stable order. */
  List<String> encodedNames() {
    List<String> names = new ArrayList<>();
    for (NumericColumn column : numeric) {
      names.add(column.column());
      names.add(column.column() + "_missing");
    }
    for (CategoricalColumn column : categorical) {
      column.values().forEach(value -> names.add(column.column() + "=" + value));
    }
    return names;
  }

  /** A reusable encoder of one row at a time. */
  Encoding encoding() {
    return new Encoding(this);
  }

  /** Encodes rows into feature names and values; holds lookup tables, not thread-safe. */
  static final class Encoding {
    private final FeatureEncoder encoder;
    private final String[] numericNames;
    private final String[] missingNames;
    private final List<Map<String, String>> categoryNames = new ArrayList<>();
    private final String[] names;
    private final double[] values;

    private Encoding(FeatureEncoder encoder) {
      this.encoder = encoder;
      int n = encoder.numeric().size();
      numericNames = new String[n];
      missingNames = new String[n];
      for (int c = 0; c < n; c++) {
        numericNames[c] = encoder.numeric().get(c).column();
        missingNames[c] = numericNames[c] + "_missing";
      }
      for (CategoricalColumn column : encoder.categorical()) {
        Map<String, String> byValue = new HashMap<>();
        column.values().forEach(value -> byValue.put(value, column.column() + "=" + value));
        categoryNames.add(byValue);
      }
      names = new String[2 * n + encoder.categorical().size()];
      values = new double[names.length];
    }

    /**
     * Encodes one row; returns how many leading entries of {@link #names()} and {@link #values()} it filled.
     * Missing indicators and categories are only emitted when set (Tribuo examples are sparse).
     */
    int encode(FeatureTable table, int row) {
      int k = 0;
      for (int c = 0; c < numericNames.length; c++) {
        double x = table.numeric()[c][row];
        NumericColumn stats = encoder.numeric().get(c);
        if (Double.isNaN(x)) {
          names[k] = numericNames[c];
          values[k++] = 0;
          names[k] = missingNames[c];
          values[k++] = 1;
        } else {
          names[k] = numericNames[c];
          values[k++] = (scale(x) - stats.mean()) / stats.std();
        }
      }
      for (int c = 0; c < categoryNames.size(); c++) {
        String value = table.categorical()[c][row];
        String name = value == null ? null : categoryNames.get(c).get(value);
        if (name != null) {
          names[k] = name;
          values[k++] = 1;
        }
      }
      return k;
    }

    String[] names(int count) {
      return Arrays.copyOf(names, count);
    }

    double[] values(int count) {
      return Arrays.copyOf(values, count);
    }
  }
}
