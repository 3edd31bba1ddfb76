package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each inline expansion of {@link TrinoDialect} on a real Trino 406 against sdk-local's DuckDB macro, value by value:
 * a table of edge cases and two thousand mutated strings. Dates compare as days since 1970, timestamps as
 * microseconds since 1970 (so year 0 and year 10000 compare too), doubles by their bits.
 */
class TrinoDialectParseTest {
  private static final List<String> FUNCTIONS = List.of("tk_date", "tk_timestamp", "tk_double", "tk_long",
      "tk_boolean", "trim");

  private static final List<String> EDGE_CASES = List.of(
      // dates
      "2024-01-11", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-1-11", "2024/01/11",
      " 2024-01-11 ", "\t2024-01-11", "\u00a02024-01-11\u3000", "2024-01-11\n", "0000-01-01", "9999-12-31",
      "+2024-01-11", "20240111", "2024-01-11x", "٢٠٢٤-01-11",
      // timestamps
      "2024-04-22 08:18:00", "2024-04-22T08:18:00", "2024-04-22T05:18:00Z", "2024-04-22T08:18:00+03:00",
      "2024-04-22T00:18:00-0500", "2024-04-22T10:48:00+0530", "2024-04-22T10:18:00+05", "2024-04-22T08:18",
      "2024-04-22T08:18Z", "2024-04-22 08:18", "2024-04-22 08:18:00.5", "2024-04-22 08:18:00Z",
      "2024-04-22T08:18:00.1", "2024-04-22T08:18:00.123456", "2024-04-22T08:18:00.1234565",
      "2024-04-22T08:18:00.123456789", "2024-04-22T08:18:00.999999999Z", "2024-04-22T08:18:00.", "2024-04-22T8:18:00",
      "2024-04-22 24:00:00", "2024-04-22T24:00", "2024-04-22T24:00:00.0000009", "2024-04-22T24:00:00.00001",
      "2024-04-22 24:00:01", "2024-12-31T24:00:00Z", "2024-04-22 23:59:60", "2024-04-22T23:60", "2024-02-30 10:00:00",
      "2024-04-22T08:18:00+99:99", "2024-04-22T08:18:00+14:30", "2024-04-22T08:18:00-00:00", "2024-04-22T08:18:00+0",
      "1935-06-01T10:00:00Z", "1900-01-01T00:00:00+01:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
      "2024-01-1  10:20:30", "2024-01-11 10:20:3Z", "2024-01-11T\t0:20:30", " 2024-04-22 08:18:00 ", "garbage",
      // numbers
      "12.5", "1e3", "1E-3", "-0", "+0", "12.", ".5", "-.5", "+5", "007", "-1e400", "1e400", "1e-400", "nan", "NaN",
      "inf", "-Infinity", "1,000", "1_000", "1 000", " 7 ", "\t7\n", "\u00a07", "\u20077", "\u00857", "0x10",
      "0x1p3", "1d", "1.5f", "+-4", "--4", "1e", "e3", ".", "+", "KES 100", "100 KES", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "1.0", "1.", "١٢", "１２",
      // booleans
      "true", "TRUE", "False", "yes", "YES", "no", "No", "1", "0", " yes ", "y", "t", "on", "off", "truee", "",
      " ", "\t");

  private static Connection trino;

  @BeforeAll
  static void engines() {
    trino = DialectEngines.trino();
  }

  @Test
  void expansionsReturnWhatTheDuckDbMacrosReturnOnEdgeCases() throws SQLException {
    List<String> values = new ArrayList<>(EDGE_CASES);
    values.add(null);
    for (String function : FUNCTIONS) {
      assertSameOnBothEngines(function, values);
    }
  }

  @Test
  void expansionsReturnWhatTheDuckDbMacrosReturnOnMutatedStrings() throws SQLException {
    Random random = new Random(20240422);
    String alphabet = "0123456789".repeat(3) + "+-.:TZ eE_,xaINfnty \t\n\u000b\f\r\u001c\u0085\u00a0\u1680\u2007"
        + "\u202f\u3000\ufeff";
    List<String> seeds = List.of("2024-01-11", "2024-02-29", "2024-01-11 10:20:30", "2024-01-11T10:20:30",
        "2024-01-11T10:20:30.123456789+03:00", "2024-01-11T10:20:00Z", "2024-01-11T24:00:00.0-0530", "12.5", "-1e3",
        "+5", "007", ".5", "true", "No", "1", "0", "YES");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder value = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      for (int edits = random.nextInt(4); edits > 0; edits--) {
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        int at = random.nextInt(value.length() + 1);
        double op = random.nextDouble();
        if (op < 0.4 && at < value.length()) {
          value.setCharAt(at, c);
        } else if (op < 0.7 || value.length() == 0) {
          value.insert(at, c);
        } else {
          value.deleteCharAt(Math.min(at, value.length() - 1));
        }
      }
      values.add(value.toString());
    }
    for (String function : FUNCTIONS) {
      assertSameOnBothEngines(function, values);
    }
  }

  @Test
  void expansionsHaveThePortableTypes() {
    String sql = "SELECT " + FUNCTIONS.stream().filter(f -> !f.equals("trim"))
        .map(f -> "typeof(" + TrinoDialect.INSTANCE.expand(f + "(v)") + ")").collect(Collectors.joining(", "))
        + " FROM (VALUES '1') AS t(v)";
    assertThat(DialectEngines.rows(trino, sql).get(0))
        .containsExactly("date", "timestamp(6)", "double", "bigint", "boolean");
  }

  @Test
  void timestampsWithAnOffsetBecomeEastAfricaTimeWithoutZone() {
    String sql = "SELECT CAST(" + TrinoDialect.INSTANCE.expand("tk_timestamp(v)") + " AS varchar) FROM (VALUES"
        + " (1, '2024-04-22T05:18:00Z'), (2, '2024-04-22T08:18:00.1234567+03:00'), (3, '2024-04-22 08:18:00'))"
        + " AS t(i, v) ORDER BY i";
    assertThat(DialectEngines.rows(trino, sql)).extracting(row -> row.get(0)).containsExactly(
        "2024-04-22 08:18:00.000000", "2024-04-22 08:18:00.123456", "2024-04-22 08:18:00.000000");
  }

  private static void assertSameOnBothEngines(String function, List<String> values) throws SQLException {
    List<String> onTrino = onTrino(function, values);
    List<String> onDuckDb = onDuckDb(function, values);
    List<String> differences = IntStream.range(0, values.size())
        .filter(i -> !Objects.equals(onTrino.get(i), onDuckDb.get(i)))
        .mapToObj(i -> function + "(" + visible(values.get(i)) + "): DuckDB " + onDuckDb.get(i) + ", Trino "
            + onTrino.get(i))
        .toList();
    assertThat(differences).as(function).isEmpty();
    if (function.startsWith("tk_")) {
      assertThat(onDuckDb).as(function + " results").anyMatch(Objects::nonNull).anyMatch(Objects::isNull);
    }
  }

  private static List<String> onTrino(String function, List<String> values) {
    String expression = TrinoDialect.INSTANCE.expand(function + "(v)");
    String canonical = switch (function) {
      case "tk_date" -> "CAST(date_diff('day', DATE '1970-01-01', " + expression + ") AS varchar)";
      case "tk_timestamp" -> "CAST(date_diff('second', TIMESTAMP '1970-01-01 00:00:00', date_trunc('second', "
          + expression + ")) * 1000000 + CAST(substr(CAST(" + expression + " AS varchar), -6) AS bigint) AS varchar)";
      case "tk_double" -> "CAST(to_hex(to_ieee754_64(" + expression + ")) AS varchar)";
      default -> "CAST(" + expression + " AS varchar)";
    };
    List<String> results = new ArrayList<>();
    for (int from = 0; from < values.size(); from += 1000) {
      List<String> chunk = values.subList(from, Math.min(values.size(), from + 1000));
      String rows = IntStream.range(0, chunk.size()).mapToObj(i -> "(" + i + ", " + trinoLiteral(chunk.get(i)) + ")")
          .collect(Collectors.joining(", "));
      DialectEngines.rows(trino, "SELECT " + canonical + " FROM (VALUES " + rows + ") AS t(i, v) ORDER BY i")
          .forEach(row -> results.add((String) row.get(0)));
    }
    return results;
  }

  private static List<String> onDuckDb(String function, List<String> values) throws SQLException {
    String canonical = switch (function) {
      case "tk_date" -> "CAST(tk_date(v) - DATE '1970-01-01' AS VARCHAR)";
      case "tk_timestamp" -> "CAST(epoch_us(tk_timestamp(v)) AS VARCHAR)";
      default -> "CAST(" + function + "(v) AS VARCHAR)";
    };
    Connection duck = DialectEngines.duck().connection();
    try (Statement statement = duck.createStatement()) {
      statement.execute("CREATE OR REPLACE TEMP TABLE tk_cases (i INTEGER, v VARCHAR)");
    }
    try (PreparedStatement insert = duck.prepareStatement("INSERT INTO tk_cases VALUES (?, ?)")) {
      for (int i = 0; i < values.size(); i++) {
        insert.setInt(1, i);
        insert.setString(2, values.get(i));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    List<String> results = new ArrayList<>();
    if (function.equals("tk_double")) {
      // the bits of the double, as Trino's to_ieee754_64 gives them
      DialectEngines.rows(duck, "SELECT tk_double(v) FROM tk_cases ORDER BY i").forEach(row -> results.add(
          row.get(0) == null ? null : String.format("%016X", Double.doubleToRawLongBits((Double) row.get(0)))));
      return results;
    }
    DialectEngines.rows(duck, "SELECT " + canonical + " FROM tk_cases ORDER BY i")
        .forEach(row -> results.add((String) row.get(0)));
    return results;
  }

  /** A Trino literal for any text: {@code U&'...'} with escapes for everything outside printable ASCII. */
  static String trinoLiteral(String value) {
    if (value == null) {
      return "CAST(NULL AS varchar)";
    }
    StringBuilder literal = new StringBuilder("U&'");
    value.codePoints().forEach(c -> {
      if (c == '\'') {
        literal.append("''");
      } else if (c >= 0x20 && c < 0x7f && c != '\\') {
        literal.append((char) c);
      } else if (c <= 0xffff) {
        literal.append(String.format("\\%04X", c));
      } else {
        literal.append(String.format("\\+%06X", c));
      }
    });
    return literal.append('\'').toString();
  }

  private static String visible(String value) {
    return value == null ? "NULL" : "'" + value.codePoints()
        .mapToObj(c -> c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c))
        .collect(Collectors.joining()) + "'";
  }
}
