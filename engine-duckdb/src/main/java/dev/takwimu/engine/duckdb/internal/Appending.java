package dev.takwimu.engine.duckdb.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.InvalidInputException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;

/** Appends one Java value to a DuckDB appender as the column's type, refusing values of another type. */
public final class Appending {
  private Appending() {}

  public static void append(DuckDBAppender appender, Object value, Column column) throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (column.type()) {
      case STRING -> appender.append(value.toString());
      case INT -> appender.append(Math.toIntExact(number(value, column).longValue()));
      case LONG -> appender.append(number(value, column).longValue());
      case DOUBLE -> appender.append(number(value, column).doubleValue());
      case BOOLEAN -> appender.append((boolean) expect(value, Boolean.class, column));
      case DATE -> appender.append(expect(value, LocalDate.class, column));
      case TIMESTAMP -> appender.append(expect(value, LocalDateTime.class, column));
    }
  }

  private static Number number(Object value, Column column) {
    return expect(value, Number.class, column);
  }

  private static <T> T expect(Object value, Class<T> type, Column column) {
    if (!type.isInstance(value)) {
      throw new InvalidInputException(String.format("Column %s is %s but got %s (%s)",
          column.name(), column.type(), value, value.getClass().getSimpleName()));
    }
    return type.cast(value);
  }
}
