package dev.takwimu.samples.dashboard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.Locale;

/** How the dashboard writes numbers: grouped thousands, a dot for decimals, whatever the machine's locale. */
final class Formats {
  private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

  private Formats() {}

  /** A new format for {@code pattern} (formats are not thread-safe: never share one). */
  static NumberFormat pattern(String pattern) {
    return new DecimalFormat(pattern, SYMBOLS);
  }

  /** A format for values up to {@code max}: no decimals once they would be noise next to the integer part. */
  static NumberFormat forValues(double max, boolean integers) {
    return pattern(integers || Math.abs(max) >= 1000 ? "#,##0" : Math.abs(max) >= 1 ? "#,##0.00" : "0.000");
  }

  /** A table cell: integers grouped, other numbers to 2 decimals (3 below 1), text as is, null as a dash. */
  static String cell(Object value) {
    if (value == null) {
      return "—";
    }
    if (isIntegral(value)) {
      return pattern("#,##0").format(value);
    }
    if (value instanceof Number number) {
      return pattern(Math.abs(number.doubleValue()) >= 1 ? "#,##0.00" : "0.000").format(value);
    }
    return value.toString();
  }

  /** {@code 0.873}, or {@code n/a} for an undefined metric. */
  static String metric(double value) {
    return Double.isNaN(value) ? "n/a" : pattern("0.000").format(value);
  }

  /** {@code 47.4%} of a percentage already multiplied by 100, or {@code n/a}. */
  static String percent(double percentage) {
    return Double.isNaN(percentage) ? "n/a" : pattern("0.0").format(percentage) + "%";
  }

  /** {@code 1,234} or {@code 12.35 M}: short enough for a tile. */
  static String compact(double value) {
    return Math.abs(value) >= 1e9 ? pattern("#,##0.00").format(value / 1e9) + " B"
        : Math.abs(value) >= 1e6 ? pattern("#,##0.00").format(value / 1e6) + " M"
        : pattern(value == Math.rint(value) ? "#,##0" : "#,##0.00").format(value);
  }

  /** {@code 850 ms}, {@code 4.20 s} or {@code 2 min 05 s}. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    return millis < 1000 ? millis + " ms"
        : millis < 60_000 ? pattern("0.00").format(millis / 1000.0) + " s"
        : duration.toMinutes() + " min " + String.format(Locale.ROOT, "%02d", duration.toSecondsPart()) + " s";
  }

  static boolean isIntegral(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger || value instanceof BigDecimal decimal && decimal.scale() <= 0;
  }
}
