package dev.takwimu.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row read from a dataset or query. Values are {@code String}, {@code Integer}, {@code Long}, {@code Double},
 * {@code Boolean}, {@code LocalDate}, {@code LocalDateTime} or {@code null}.
 */
public final class Row {
  private final List<String> names;
  private final Map<String, Integer> index;
  private final Object[] values;

  private Row(List<String> names, Map<String, Integer> index, Object[] values) {
    this.names = names;
    this.index = index;
    this.values = values;
  }

  /** A factory for rows sharing one column layout, so each row does not carry its own name index. */
  public static Layout layout(List<String> names) {
    return new Layout(names);
  }

  /** Column names shared by rows of one result. */
  public static final class Layout {
    private final List<String> names;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private Layout(List<String> names) {
      this.names = List.copyOf(names);
      for (int i = 0; i < this.names.size(); i++) {
        index.put(this.names.get(i), i);
      }
    }

    public Row row(Object... values) {
      if (values.length != names.size()) {
        throw new IllegalArgumentException(
            "Row has " + values.length + " values for " + names.size() + " columns " + names);
      }
      return new Row(names, index, values);
    }
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return values.length;
  }

  public Object get(int position) {
    return values[position];
  }

  public Object get(String column) {
    Integer position = index.get(column);
    if (position == null) {
      throw new IllegalArgumentException("No column '" + column + "' (columns: " + names + ")");
    }
    return values[position];
  }

  public String getString(String column) {
    Object value = get(column);
    return value == null ? null : value.toString();
  }

  public Long getLong(String column) {
    Object value = get(column);
    return value == null ? null : ((Number) value).longValue();
  }

  public Double getDouble(String column) {
    Object value = get(column);
    return value == null ? null : ((Number) value).doubleValue();
  }

  public Boolean getBoolean(String column) {
    return (Boolean) get(column);
  }

  public LocalDate getDate(String column) {
    return (LocalDate) get(column);
  }

  public LocalDateTime getTimestamp(String column) {
    return (LocalDateTime) get(column);
  }

  /** The values in column order. */
  public List<Object> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  /** Column name to value, in column order. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(names.get(i), values[i]);
    }
    return map;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Row row && names.equals(row.names) && Arrays.equals(values, row.values);
  }

  @Override
  public int hashCode() {
    return 31 * names.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
