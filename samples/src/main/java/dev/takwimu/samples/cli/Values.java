package dev.takwimu.samples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.takwimu.core.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * How row values are written, the same in every format: dates and timestamps as ISO-8601 ({@code 2025-01-01},
 * {@code 2025-01-01T09:30:00}), decimals in full precision without exponent, null as an empty CSV field or JSON null.
 */
final class Values {
  private Values() {}

  /** Indented JSON, two spaces, {@code "key": value}, one line per array element and field. */
  static PrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentArraysWith(indenter);
    printer.indentObjectsWith(indenter);
    return printer;
  }

  /** The value as CSV and JSON-string text; null is the empty string. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return decimal(d);
    }
    if (value instanceof LocalDateTime timestamp) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
    }
    return value.toString();
  }

  /** {@code 106.66666666666667}, {@code 10000000.0} rather than {@code 1.0E7}. */
  static String decimal(double value) {
    String text = Double.toString(value);
    if (text.indexOf('E') < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return text;
    }
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  /** The value for a table a person reads: decimals rounded to 2 places. */
  static String display(Object value) {
    if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return text(value);
  }

  /**
   * One CSV record and a newline; a field with a comma, quote or line break is quoted, quotes doubled (RFC 4180). Null
   * is an empty field; an empty string is {@code ""}, so the two stay apart.
   */
  static String csvLine(List<?> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      Object value = values.get(i);
      String field = text(value);
      if ("".equals(value)) {
        line.append("\"\"");
      } else if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
        line.append('"').append(field.replace("\"", "\"\"")).append('"');
      } else {
        line.append(field);
      }
    }
    return line.append('\n').toString();
  }

  /** The row as a JSON object, columns in order: numbers as numbers, dates as ISO strings. */
  static void writeJson(JsonGenerator json, Row row) throws IOException {
    json.writeStartObject();
    for (int i = 0; i < row.size(); i++) {
      json.writeFieldName(row.names().get(i));
      Object value = row.get(i);
      if (value == null) {
        json.writeNull();
      } else if (value instanceof Double d) {
        json.writeNumber(d);
      } else if (value instanceof Long || value instanceof Integer) {
        json.writeNumber(((Number) value).longValue());
      } else if (value instanceof Boolean b) {
        json.writeBoolean(b);
      } else if (value instanceof LocalDate || value instanceof LocalDateTime) {
        json.writeString(text(value));
      } else {
        json.writeString(value.toString());
      }
    }
    json.writeEndObject();
  }
}
