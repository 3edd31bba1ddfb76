package dev.takwimu.aws.internal;

import dev.takwimu.core.spi.SqlDialect;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything Trino-specific (Athena engine v3) about the portable SQL that the local backend runs on DuckDB. Athena
 * has no SQL macros, so {@link #expand} writes the portable parse functions
 * ({@link dev.takwimu.core.spi.PortableFunctions}) out as inline Trino expressions that return NULL exactly where
 * sdk-local's DuckDB macros do, and the same value otherwise; {@code TrinoDialectParseTest} checks this value by value
 * on a real Trino 406 against DuckDB.
 *
 * <p>Differences between the engines that the project's SQL meets, and how they are handled (docs/aws-dialect.md has
 * the same list as a table):
 * <ul>
 *   <li>{@code trim(s)}: DuckDB removes the Unicode space separators (U+0020, U+00A0, U+1680, U+2000..U+200A, U+202F,
 *       U+205F, U+3000) and keeps tabs and line breaks; Trino removes Java whitespace (tabs and line breaks too, but
 *       not U+00A0, U+2007, U+202F). {@link #expand} rewrites one-argument {@code trim}, {@code ltrim} and
 *       {@code rtrim} to {@code trim(BOTH|LEADING|TRAILING <DuckDB's set> FROM s)}.
 *   <li>Parse functions: no macros on Athena; expanded inline. Trino's casts are more lenient than the documented
 *       syntax ({@code CAST('1d' AS DOUBLE)}, {@code 'NaN'}, {@code 'Infinity'}, hex floats) or stricter
 *       ({@code CAST(' 12 ' AS BIGINT)} fails, an invalid date fails instead of giving NULL), so each expansion checks
 *       the shape with a regular expression first and casts with {@code try_cast}. Trino rounds a fraction of more
 *       than six digits when casting to {@code timestamp(6)}; DuckDB truncates, so the expansion truncates the text.
 *       Offsets are applied by minute arithmetic (DuckDB accepts any {@code ±HH:MM}, even {@code +99:99}; Trino's time
 *       zone keys stop at ±14:00) and the instant is converted to Africa/Nairobi with Trino's time zone rules, which
 *       agree with DuckDB's (ICU) including historical offsets. Results never depend on the session time zone.
 *   <li>{@code regexp_full_match} does not exist in Trino; {@link #regexFullMatch} anchors with {@code \A(?:...)\z}.
 *       {@code ^...$} would not do: Trino's regex library (joni) lets {@code $} match before a final line break.
 *   <li>A decimal literal ({@code 1.0}) is DECIMAL in both engines, but {@code avg(DECIMAL)} and
 *       {@code DECIMAL / BIGINT} are DOUBLE in DuckDB and DECIMAL of the input's scale in Trino (rounded): the portable
 *       SQL casts to DOUBLE before averaging or dividing (SafaricomPipeline, SafaricomInsights).
 *   <li>{@code CAST(double AS DECIMAL(18, 4))} rounds the binary value in DuckDB ({@code 1.5E-4} gives 0.0001) and
 *       the shortest decimal text in Trino (0.0002): money is cast as {@code CAST(round(x, 4) AS DECIMAL(18, 4))},
 *       and {@code round(double, n)} is the same computation on both.
 *   <li>{@code INTEGER / INTEGER} is a DOUBLE division in DuckDB and truncating in Trino: the portable SQL never
 *       divides two integers.
 *   <li>{@code sum} of integers is HUGEINT in DuckDB and BIGINT in Trino: the SQL casts the sums to BIGINT.
 * </ul>
 * Checked and equal on both: {@code count(*)}, {@code count_if}, {@code concat_ws} (skips NULLs), {@code nullif},
 * {@code coalesce} of DOUBLE and a decimal literal (DOUBLE), {@code date_diff('day', d1, d2)} (BIGINT, d2 - d1),
 * {@code CAST(date_trunc('month', ts) AS DATE)}, {@code round(double, 9)}, default NULL ordering (last, ascending and
 * descending), {@code row_number() OVER (...)}, {@code IN (subquery)}, {@code IS NOT DISTINCT FROM}, {@code lower} on
 * ASCII. Runner-level DuckDB SQL ({@code rowid}, {@code GROUP BY ALL}, temporary tables) is not portable and is not
 * used in stage or insight SQL. Regular expressions are RE2 on DuckDB and joni on Trino: only their common subset
 * means the same.
 */
public final class TrinoDialect implements SqlDialect {
  /** The characters DuckDB's {@code trim} removes (Unicode category Zs), as a Trino string literal. */
  static final String DUCKDB_SPACES =
      "U&' \\00A0\\1680\\2000\\2001\\2002\\2003\\2004\\2005\\2006\\2007\\2008\\2009\\200A\\202F\\205F\\3000'";

  private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
  private static final String OFFSET = "(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)";
  /**
   * The timestamp shapes DuckDB's tk_timestamp accepts: the space form without fraction or offset, or ISO-8601, where
   * DuckDB's cast takes an offset only after seconds ({@code 2024-01-11T10:20Z} is NULL).
   */
  private static final String TIMESTAMP = "\\A(?:" + DATE + " [0-9]{2}:[0-9]{2}:[0-9]{2}|" + DATE
      + "T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]{1,9})?" + OFFSET + "?)?)\\z";
  /** What DuckDB's cast to DOUBLE accepts around a number, once trimmed: ASCII white space. */
  private static final String NUMBER = "\\A[\\t\\n\\x0B\\f\\r ]*[+-]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][+-]?[0-9]+)?"
      + "[\\t\\n\\x0B\\f\\r ]*\\z";

  private static final Set<String> PARSERS = Set.of("tk_date", "tk_timestamp", "tk_double", "tk_long", "tk_boolean");
  private static final Set<String> TRIMS = Set.of("trim", "ltrim", "rtrim");

  public static final TrinoDialect INSTANCE = new TrinoDialect();

  private final SqlCalls calls;

  private TrinoDialect() {
    Set<String> names = new HashSet<>(PARSERS);
    names.addAll(TRIMS);
    calls = new SqlCalls(Set.copyOf(names), this::rewriteCall);
  }

  /** {@code regexp_like(text, '\A(?:' || pattern || ')\z')}: whole-text match; {@code pattern} may be a {@code ?}. */
  @Override
  public String regexFullMatch(String text, String pattern) {
    return "regexp_like(" + text + ", '\\A(?:' || " + pattern + " || ')\\z')";
  }

  /**
   * Portable SQL as Trino runs it: every {@code tk_date}, {@code tk_timestamp}, {@code tk_double}, {@code tk_long} and
   * {@code tk_boolean} call written out inline, and every one-argument {@code trim}, {@code ltrim}, {@code rtrim}
   * trimming what DuckDB trims. Literals, quoted identifiers and comments are left as they are.
   *
   * @throws IllegalArgumentException when a parse function's argument holds a {@code ?} placeholder (the argument is
   *     repeated in the expansion, which would multiply the placeholder), or the SQL has unbalanced parentheses or an
   *     unterminated literal
   */
  public String expand(String sql) {
    return calls.rewrite(sql);
  }

  private String rewriteCall(String function, List<String> arguments) {
    if (TRIMS.contains(function)) {
      if (arguments.size() != 1 || SqlCalls.hasTopLevelWord(arguments.get(0), "FROM")) {
        return function + "(" + String.join(",", arguments) + ")";
      }
      String side = switch (function) {
        case "ltrim" -> "LEADING";
        case "rtrim" -> "TRAILING";
        default -> "BOTH";
      };
      return "trim(" + side + " " + DUCKDB_SPACES + " FROM " + arguments.get(0) + ")";
    }
    if (arguments.size() != 1) {
      throw new IllegalArgumentException(function + " takes one argument, got " + arguments.size() + ": "
          + String.join(",", arguments));
    }
    String argument = arguments.get(0);
    if (SqlCalls.hasPlaceholder(argument)) {
      throw new IllegalArgumentException(function + "(" + argument.strip() + ") has a ? placeholder in its argument;"
          + " on Athena the argument is repeated inside the expansion, so bind the value to a column first");
    }
    String text = "trim(BOTH " + DUCKDB_SPACES + " FROM (" + argument.strip() + "))";
    return switch (function) {
      case "tk_date" -> date(text);
      case "tk_timestamp" -> timestamp(text);
      case "tk_double" -> "CASE WHEN regexp_like(" + text + ", '" + NUMBER + "') AND is_finite(try_cast(trim(" + text
          + ") AS double)) THEN try_cast(trim(" + text + ") AS double) END";
      case "tk_long" -> "CASE WHEN regexp_like(" + text + ", '\\A[+-]?[0-9]+\\z') THEN try_cast(" + text
          + " AS bigint) END";
      case "tk_boolean" -> "CASE lower(" + text + ") WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true"
          + " WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END";
      default -> throw new IllegalStateException(function);
    };
  }

  private static String date(String text) {
    return "CASE WHEN regexp_like(" + text + ", '\\A" + DATE + "\\z') THEN try_cast(" + text + " AS date) END";
  }

  /**
   * Wall-clock time from the text's date and time fields (fraction truncated to microseconds, as DuckDB does;
   * {@code 24:00[:00[.0...]]} is midnight of the next day, as in DuckDB), then, when there is an offset, shifted to UTC
   * by the offset's minutes and converted to Africa/Nairobi.
   */
  private static String timestamp(String text) {
    String seconds = "CASE WHEN substr(" + text + ", 17, 1) = ':' THEN substr(" + text + ", 18, 2) ELSE '00' END";
    String fraction = "rpad(substr(coalesce(regexp_extract(" + text + ", '[.]([0-9]+)', 1), ''), 1, 6), 6, '0')";
    String wallClock = "CASE WHEN substr(" + text + ", 12, 2) = '24'"
        + " THEN CASE WHEN regexp_like(" + text
        + ", '\\A.{11}24:00(?::00(?:[.](?:0{6}[0-9]*|0{1,5}))?)?(?:[Z+-].*)?\\z')"
        + " THEN date_add('day', 1, CAST(try_cast(substr(" + text + ", 1, 10) AS date) AS timestamp(6))) END"
        + " ELSE try_cast(substr(" + text + ", 1, 10) || ' ' || substr(" + text + ", 12, 5) || ':' || (" + seconds
        + ") || '.' || " + fraction + " AS timestamp(6)) END";
    String offset = "regexp_extract(" + text + ", '" + OFFSET + "\\z')";
    String minutes = "CASE WHEN " + offset + " = 'Z' THEN 0 ELSE (CASE WHEN substr(" + offset + ", 1, 1) = '-' THEN -1"
        + " ELSE 1 END) * (try_cast(substr(" + offset + ", 2, 2) AS integer) * 60 + coalesce(try_cast(substr(replace("
        + offset + ", ':', ''), 4, 2) AS integer), 0)) END";
    return "CASE WHEN regexp_like(" + text + ", '" + TIMESTAMP + "') THEN CASE WHEN " + offset + " IS NULL THEN "
        + wallClock + " ELSE CAST(at_timezone(with_timezone(date_add('minute', -(" + minutes + "), " + wallClock
        + "), 'UTC'), 'Africa/Nairobi') AS timestamp(6)) END END";
  }
}
