package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@link TrinoDialect#expand} finds the calls it rewrites; the values they compute are TrinoDialectParseTest's. */
class TrinoDialectExpandTest {
  private final TrinoDialect dialect = TrinoDialect.INSTANCE;

  @Test
  void leavesSqlWithoutPortableCallsAsItIs() {
    String sql = "SELECT a, lower(b) AS tk_date, \"tk_date\"(x), s.tk_long(y) FROM t WHERE c > ?";
    assertThat(dialect.expand(sql)).isEqualTo(sql);
  }

  @Test
  void leavesLiteralsQuotedIdentifiersAndCommentsAlone() {
    String sql = "SELECT 'tk_date(x)', \"tk_long(y)\", U&'trim(\\0041)' -- tk_double(z)\n/* tk_boolean(w) */ FROM t";
    assertThat(dialect.expand(sql)).isEqualTo(sql);
  }

  @Test
  void expandsNestedCallsAndArgumentsWithParenthesesCommasAndQuotes() {
    String expanded = dialect.expand(
        "SELECT TK_DATE (coalesce(nullif(a, 'x,)'), \"b,c\")), tk_long(tk_double(v)) FROM t");
    assertThat(expanded).doesNotContainIgnoringCase("tk_date").doesNotContain("tk_long").doesNotContain("tk_double")
        .contains("coalesce(nullif(a, 'x,)'), \"b,c\")").contains("AS date)").contains("AS bigint)")
        .contains("AS double)");
  }

  @Test
  void trimsWhatDuckDbTrims() {
    assertThat(dialect.expand("trim(a) || ltrim(b) || rtrim ( c )")).isEqualTo(
        "trim(BOTH " + TrinoDialect.DUCKDB_SPACES + " FROM a) || trim(LEADING " + TrinoDialect.DUCKDB_SPACES
            + " FROM b) || trim(TRAILING " + TrinoDialect.DUCKDB_SPACES + " FROM  c )");
    // the explicit forms already say what they remove
    assertThat(dialect.expand("trim(BOTH 'x' FROM a), trim(a, 'x')")).isEqualTo("trim(BOTH 'x' FROM a), trim(a, 'x')");
  }

  @Test
  void aPlaceholderInAParseFunctionsArgumentIsRejected() {
    assertThatThrownBy(() -> dialect.expand("SELECT tk_date(coalesce(a, ?)) FROM t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tk_date(coalesce(a, ?))");
    // elsewhere, and inside a literal, a question mark is fine
    assertThat(dialect.expand("SELECT tk_long(a) > ?, tk_long('?'), trim(?) FROM t"))
        .contains("> ?").contains("FROM ?)");
  }

  @Test
  void unbalancedSqlIsReported() {
    assertThatThrownBy(() -> dialect.expand("SELECT tk_date(a FROM t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unbalanced parentheses");
    assertThatThrownBy(() -> dialect.expand("SELECT tk_date('a) FROM t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unterminated string literal");
  }

  @Test
  void regexFullMatchAnchorsAConcatenatedPattern() {
    assertThat(dialect.regexFullMatch("trim(\"code\")", "?"))
        .isEqualTo("regexp_like(trim(\"code\"), '\\A(?:' || ? || ')\\z')");
  }
}
