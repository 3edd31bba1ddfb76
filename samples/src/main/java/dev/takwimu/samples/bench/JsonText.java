package dev.takwimu.samples.bench;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** The plain baseline's insights as JSON text: one row object per line, numbers as numbers, the rest as strings. */
final class JsonText {
  private JsonText() {}

  /** Appends the rows as the elements of a JSON array already opened, and closes it. */
  static void appendRows(StringBuilder json, ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    boolean first = true;
    while (rows.next()) {
      json.append(first ? "\n    {" : ",\n    {");
      first = false;
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        json.append(i > 1 ? ", " : "").append(string(meta.getColumnLabel(i))).append(": ")
            .append(value(rows.getObject(i)));
      }
      json.append("}");
    }
    json.append(first ? "]" : "\n  ]");
  }

  /** A value: null, a number (non-finite ones as null), a boolean, or the text of anything else as a string. */
  static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number number) {
      if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
        double d = number.doubleValue();
        return Double.isFinite(d) ? Double.toString(d) : "null";
      }
      return Long.toString(number.longValue());
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    return string(value.toString());
  }

  /** A JSON string literal. */
  static String string(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
