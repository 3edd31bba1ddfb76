package dev.takwimu.core.internal;

import dev.takwimu.core.Row;
import dev.takwimu.core.TakwimuException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Locale;

/** Maps rows to Java records by column name; {@code avg_txn_amount} fills a component named {@code avgTxnAmount}. */
public final class RecordMapper<R extends Record> {
  private final Class<R> type;
  private final RecordComponent[] components;
  private final String[] columns;
  private final Constructor<R> constructor;

  private RecordMapper(Class<R> type) {
    this.type = type;
    this.components = type.getRecordComponents();
    this.columns = Arrays.stream(components).map(c -> snakeCase(c.getName())).toArray(String[]::new);
    try {
      this.constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      this.constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Record " + type.getName() + " has no canonical constructor", e);
    }
  }

  public static <R extends Record> RecordMapper<R> of(Class<R> type) {
    return new RecordMapper<>(type);
  }

  /** The column name for a record component: {@code avgTxnAmount} becomes {@code avg_txn_amount}. */
  public static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Builds the record from the row's columns; a component named {@code avgTxnAmount} takes the column
   * {@code avg_txn_amount}, or else {@code avgTxnAmount}.
   *
   * @throws TakwimuException when a column is missing or its value cannot fill its component
   */
  public R map(Row row) {
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      String component = components[i].getName();
      String column = row.names().contains(columns[i]) ? columns[i] : component;
      if (!row.names().contains(column)) {
        throw new TakwimuException(String.format("Cannot build %s: no column %s%s for %s.%s (columns: %s)",
            type.getSimpleName(), columns[i], columns[i].equals(component) ? "" : " (or " + component + ")",
            type.getSimpleName(), component, String.join(", ", row.names())));
      }
      args[i] = convert(row.get(column), components[i].getType(), column, component);
    }
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new TakwimuException("Cannot build " + type.getSimpleName() + " from " + row + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new TakwimuException("Cannot build " + type.getSimpleName() + " from " + row, e);
    }
  }

  private Object convert(Object value, Class<?> target, String column, String component) {
    if (value == null) {
      if (target.isPrimitive()) {
        throw new TakwimuException(String.format(
            "Column %s is null but %s.%s is a primitive; use a boxed type", column, type.getSimpleName(), component));
      }
      return null;
    }
    if (target.isInstance(value)) {
      return value;
    }
    if (value instanceof Number number) {
      if (target == long.class || target == Long.class) {
        return number.longValue();
      }
      if (target == int.class || target == Integer.class) {
        long whole = number.longValue();
        if (whole != (int) whole) {
          throw new TakwimuException(String.format("Column %s holds %d, which does not fit %s.%s of type %s",
              column, whole, type.getSimpleName(), component, target.getSimpleName()));
        }
        return (int) whole;
      }
      if (target == double.class || target == Double.class) {
        return number.doubleValue();
      }
    }
    if (target == String.class) {
      return value.toString();
    }
    if (target == LocalDate.class && value instanceof LocalDateTime timestamp) {
      return timestamp.toLocalDate();
    }
    if (target == boolean.class && value instanceof Boolean flag) {
      return flag;
    }
    throw new TakwimuException(String.format("Column %s holds %s, which cannot fill %s.%s of type %s",
        column, value.getClass().getSimpleName(), type.getSimpleName(), component, target.getSimpleName()));
  }
}
