package dev.takwimu.core.spi;

import dev.takwimu.core.DataType;

/**
 * Parse functions every backend provides to stage SQL, each returning NULL when the text does not parse:
 * <ul>
 *   <li>{@code tk_date(s)}: {@code YYYY-MM-DD}, a real calendar date;
 *   <li>{@code tk_timestamp(s)}: {@code YYYY-MM-DD HH:MM:SS}, or ISO-8601 ({@code T} separator, optional fraction,
 *       optional {@code Z} or offset; a value with an offset is converted to East Africa Time);
 *   <li>{@code tk_double(s)}: a finite decimal or scientific number;
 *   <li>{@code tk_long(s)}: an integer;
 *   <li>{@code tk_boolean(s)}: true/false/1/0/yes/no in any case.
 * </ul>
 * Surrounding whitespace is ignored by all of them.
 */
public final class PortableFunctions {
  private PortableFunctions() {}

  /** The function that parses text as {@code type}; {@code null} for STRING, which needs no parsing. */
  public static String parser(DataType type) {
    return switch (type) {
      case DATE -> "tk_date";
      case TIMESTAMP -> "tk_timestamp";
      case DOUBLE -> "tk_double";
      case LONG, INT -> "tk_long";
      case BOOLEAN -> "tk_boolean";
      case STRING -> null;
    };
  }
}
