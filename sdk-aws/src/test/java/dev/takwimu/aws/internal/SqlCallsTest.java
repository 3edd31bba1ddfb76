package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each {@code ?} stands, which decides whether Athena can take it as an execution parameter. */
class SqlCallsTest {
  @Test
  void placeholdersInAWhereClauseOrParenthesesWithinOne() {
    assertThat(SqlCalls.placeholdersInWhere("SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND (c > ? OR d < ?)"))
        .containsExactly(true, true, true, true, true);
    assertThat(SqlCalls.placeholdersInWhere(
        "WITH x AS (SELECT a FROM t WHERE b = ?) SELECT * FROM x JOIN u ON x.a = u.a WHERE u.c = ?"))
        .containsExactly(true, true);
    assertThat(SqlCalls.placeholdersInWhere("INSERT INTO t SELECT a FROM s WHERE b BETWEEN ? AND ?"))
        .containsExactly(true, true);
  }

  @Test
  void placeholdersElsewhereAreNot() {
    assertThat(SqlCalls.placeholdersInWhere("SELECT ? AS v, CASE WHEN a = ? THEN 1 END FROM t WHERE b = ?"))
        .containsExactly(false, false, true);
    assertThat(SqlCalls.placeholdersInWhere("SELECT * FROM t WHERE EXISTS (SELECT ? FROM u WHERE u.a = ?)"))
        .containsExactly(false, true);
    assertThat(SqlCalls.placeholdersInWhere("SELECT a FROM t JOIN u ON t.a = ? GROUP BY a HAVING count(*) > ?"
        + " ORDER BY a + ? LIMIT 5")).containsExactly(false, false, false);
    assertThat(SqlCalls.placeholdersInWhere("WITH p AS (SELECT CAST(? AS DATE) AS as_of) SELECT * FROM t, p"
        + " WHERE t.d < p.as_of")).containsExactly(false);
    assertThat(SqlCalls.placeholdersInWhere("INSERT INTO t VALUES (?, ?)")).containsExactly(false, false);
  }

  @Test
  void ignoresQuestionMarksAndClauseWordsInLiteralsIdentifiersAndComments() {
    assertThat(SqlCalls.placeholdersInWhere("SELECT '?', \"where?\" -- where ?\n FROM t /* WHERE ? */ WHERE a = ?"))
        .containsExactly(true);
    assertThat(SqlCalls.placeholdersInWhere("SELECT \"where\" FROM t AS \"select\" WHERE x = ? ORDER BY 1"))
        .containsExactly(true);
    assertThat(SqlCalls.placeholdersInWhere("SELECT where_clause, ? FROM t")).containsExactly(false);
    assertThat(SqlCalls.placeholdersInWhere("SELECT 1")).isEqualTo(List.of());
  }
}
