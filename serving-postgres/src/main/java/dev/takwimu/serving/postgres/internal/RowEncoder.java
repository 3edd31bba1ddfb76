package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Turns lake rows into lines of PostgreSQL's COPY text format and sums their checksum on the way.
 *
 * <p>COPY text format: fields separated by tab, rows by newline, {@code \N} for null, and a backslash, tab, newline
 * or carriage return inside a value written as {@code \\}, {@code \t}, {@code \n}, {@code \r}. The checksum hashes
 * the canonical text {@link PgTypes#checksumQuery} builds on the server: each field as {@code length:text} ({@code -}
 * for null, length in code points), fields joined by commas; its first 64 bits of MD5 are summed modulo 2^64.
 */
public final class RowEncoder {
  private final List<Column> columns;
  private final StringBuilder line = new StringBuilder(256);
  private final StringBuilder canonical = new StringBuilder(256);
  private final MessageDigest md5;
  private long rows;
  private long sum;

  public RowEncoder(List<Column> columns) {
    this.columns = List.copyOf(columns);
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /**
   * The row's COPY line (newline included), UTF-8 encoded; the row counts in the checksum.
   *
   * @throws BadValueException when a value cannot be stored (a NUL character, a value of the wrong type)
   */
  public byte[] encode(Row row) {
    line.setLength(0);
    canonical.setLength(0);
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      Object value = row.get(i);
      if (i > 0) {
        line.append('\t');
        canonical.append(',');
      }
      if (value == null) {
        line.append("\\N");
        canonical.append('-');
        continue;
      }
      try {
        appendValue(column, value);
      } catch (ClassCastException e) {
        throw new BadValueException(String.format("row %d, column %s: %s value %s is not a %s", rows + 1,
            column.name(), value.getClass().getSimpleName(), value, column.type()));
      } catch (ArithmeticException e) {
        throw new BadValueException(String.format("row %d, column %s: %s is out of PostgreSQL's range", rows + 1,
            column.name(), value));
      }
    }
    line.append('\n');
    byte[] digest = md5.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    long hash = 0;
    for (int i = 0; i < 8; i++) {
      hash = (hash << 8) | (digest[i] & 0xff);
    }
    sum += hash;
    rows++;
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Rows encoded so far. */
  public long rows() {
    return rows;
  }

  /** The checksum of the rows encoded so far: 16 hex digits. */
  public String checksum() {
    return hex(sum);
  }

  /** The checksum as {@link #checksum()} writes it, of a server-side sum (any size) of row hashes. */
  public static String hex(long sum) {
    String digits = Long.toHexString(sum);
    return "0".repeat(16 - digits.length()) + digits;
  }

  private void appendValue(Column column, Object value) {
    switch (column.type()) {
      case STRING -> {
        String text = (String) value;
        if (text.indexOf('\0') >= 0) {
          throw new BadValueException(String.format("row %d, column %s holds a NUL character (U+0000), which "
              + "PostgreSQL text cannot store", rows + 1, column.name()));
        }
        appendEscaped(text);
        canonical(text);
      }
      case INT, LONG -> {
        String text = Long.toString(((Number) value).longValue());
        line.append(text);
        canonical(text);
      }
      case DOUBLE -> {
        double number = ((Number) value).doubleValue();
        line.append(Double.toString(number));   // round-trips exactly: PostgreSQL's strtod rounds correctly
        canonical(hex(Double.doubleToLongBits(number)));   // one NaN bit pattern, as the server stores
      }
      case BOOLEAN -> {
        boolean flag = (Boolean) value;
        line.append(flag ? 't' : 'f');
        canonical(Boolean.toString(flag));
      }
      case DATE -> {
        LocalDate date = (LocalDate) value;
        appendDate(date);
        if (date.getYear() <= 0) {
          line.append(" BC");
        }
        canonical(Long.toString(date.toEpochDay()));
      }
      case TIMESTAMP -> {
        LocalDateTime timestamp = (LocalDateTime) value;
        appendDate(timestamp.toLocalDate());
        line.append(' ');
        padded(timestamp.getHour(), 2).append(':');
        padded(timestamp.getMinute(), 2).append(':');
        padded(timestamp.getSecond(), 2);
        if (timestamp.getNano() != 0) {
          line.append('.');
          padded(timestamp.getNano(), 9);
        }
        if (timestamp.getYear() <= 0) {
          line.append(" BC");
        }
        long micros = Math.addExact(Math.multiplyExact(timestamp.toLocalDate().toEpochDay(), 86_400_000_000L),
            timestamp.toLocalTime().toNanoOfDay() / 1000);
        canonical(Long.toString(micros));
      }
    }
  }

  /** ISO year-month-day; years before 1 as PostgreSQL writes them, counted back from 1 BC (Java's year 0). */
  private void appendDate(LocalDate date) {
    int year = date.getYear() > 0 ? date.getYear() : 1 - date.getYear();
    padded(year, 4).append('-');
    padded(date.getMonthValue(), 2).append('-');
    padded(date.getDayOfMonth(), 2);
  }

  /** Appends a non-negative number with leading zeros up to {@code width} digits. */
  private StringBuilder padded(int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      line.append('0');
    }
    return line.append(digits);
  }

  private void canonical(String text) {
    canonical.append(text.codePointCount(0, text.length())).append(':').append(text);
  }

  private void appendEscaped(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        default -> line.append(c);
      }
    }
  }

  /** A value the table cannot hold; the message names the row and column. */
  public static final class BadValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValueException(String message) {
      super(message);
    }
  }
}
