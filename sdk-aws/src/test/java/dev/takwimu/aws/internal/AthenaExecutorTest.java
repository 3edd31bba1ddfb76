package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.testing.AthenaOnTrino;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.DataType;
import dev.takwimu.core.TakwimuException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/** The executor against Athena's API on the emulator, statements run by Trino. */
class AthenaExecutorTest {
  private static final AwsTestEnvironment ENV = AwsTestEnvironment.get();
  private static AthenaClient athena;

  @BeforeAll
  static void client() {
    athena = ENV.athenaClient();
  }

  @AfterAll
  static void close() {
    athena.close();
  }

  private static AthenaExecutor executor(Duration timeout, Duration reuse) {
    AwsSettings settings = AwsBackend.builder().lake("s3://executor-test/lake").region(ENV.region().id())
        .queryTimeout(timeout).resultReuse(reuse).pollInterval(Duration.ofMillis(20)).settings();
    return new AthenaExecutor(athena, settings);
  }

  @Test
  void valuesInAWhereClauseAreBoundAndElsewhereWrittenInAsTheSameLiterals() {
    List<Object> values = Arrays.asList("it's ? -- not a comment", 42L, 7, 2.5, true, LocalDate.parse("2024-02-29"),
        LocalDateTime.parse("2024-04-22T08:18:00.123456"), null);
    AthenaExecutor executor = executor(Duration.ofMinutes(1), Duration.ZERO);
    // a select list takes no execution parameter on Athena: every value is written in, and comes back typed
    AthenaResult selected = executor.execute(AthenaStatement.query(
        "SELECT ? AS s, ? AS l, ? AS i, ? AS d, ? AS b, ? AS day, ? AS ts, CAST(? AS varchar) AS n", values,
        "default"));

    assertThat(selected.schema().columns()).extracting(c -> c.type()).containsExactly(DataType.STRING,
        DataType.LONG, DataType.INT, DataType.DOUBLE, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP,
        DataType.STRING);
    assertThat(selected.rows()).containsExactly(values);
    AthenaOnTrino.StatementRecord sent = last();
    assertThat(sent.parameters()).isEmpty();
    assertThat(sent.athenaSql()).contains("'it''s ? -- not a comment' AS s", "BIGINT '42' AS l");

    // the same values in a WHERE clause stay execution parameters, and each one matches its typed column
    String where = "SELECT count(*) FROM (SELECT ? AS s, ? AS l, ? AS i, ? AS d, ? AS b, ? AS day, ? AS ts) AS t"
        + " WHERE s = ? AND l = ? AND i = ? AND d = ? AND b = ? AND day = ? AND (ts = ? OR ? IS NULL)";
    List<Object> twice = new java.util.ArrayList<>(values.subList(0, 7));
    twice.addAll(values);
    assertThat(executor.execute(AthenaStatement.query(where, twice, "default")).rows())
        .containsExactly(List.of(1L));
    assertThat(last().parameters()).hasSize(8).first().isEqualTo("'it''s ? -- not a comment'");
    assertThat(last().athenaSql()).endsWith("WHERE s = ? AND l = ? AND i = ? AND d = ? AND b = ? AND day = ?"
        + " AND (ts = ? OR ? IS NULL)").contains("'it''s ? -- not a comment' AS s");
    twice.set(8, 43L);
    assertThat(executor.execute(AthenaStatement.query(where, twice, "default")).rows())
        .containsExactly(List.of(0L));
    assertThat(last().clientRequestToken()).isNotBlank();
  }

  private static AthenaOnTrino.StatementRecord last() {
    List<AthenaOnTrino.StatementRecord> statements = ENV.athenaOnTrino().statements();
    return statements.get(statements.size() - 1);
  }

  @Test
  void aFailedStatementIsOneLineNamingTheStatementAndAthenasReason() {
    assertThatThrownBy(() -> executor(Duration.ofMinutes(1), Duration.ZERO).execute(AthenaStatement.query(
        "SELECT no_such_column FROM (VALUES 1) AS t(x)", List.of(), "default")))
        .isInstanceOf(TakwimuException.class)
        .hasMessageContaining("Athena statement 'SELECT no_such_column")
        .hasMessageContaining("failed: ")
        .hasMessageContaining("no_such_column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aStatementPastItsTimeoutIsStoppedOnAthena() {
    String sql = "SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS a(x) CROSS JOIN UNNEST(sequence(1, 10000))"
        + " AS b(y) CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) WHERE x + y + z = 7";
    assertThatThrownBy(() -> executor(Duration.ofMillis(500), Duration.ZERO).execute(AthenaStatement.query(sql,
        List.of(), "default")))
        .isInstanceOf(TakwimuException.class).hasMessageContaining("did not finish within PT0.5S and was cancelled");
    AthenaOnTrino.StatementRecord sent = ENV.athenaOnTrino().statements()
        .get(ENV.athenaOnTrino().statements().size() - 1);
    assertThat(athena.getQueryExecution(r -> r.queryExecutionId(sent.executionId())).queryExecution().status()
        .state()).isEqualTo(QueryExecutionState.CANCELLED);
  }

  /** An executor reusing results for 15 minutes in a new workgroup whose result location is the executor's own. */
  private static AthenaExecutor reusingInOwnWorkgroup() {
    String workgroup = "executor-" + UUID.randomUUID();
    AwsSettings settings = AwsBackend.builder().lake("s3://executor-test/lake").region(ENV.region().id())
        .workgroup(workgroup).resultReuse(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(20)).settings();
    athena.createWorkGroup(r -> r.name(workgroup).configuration(c -> c.enforceWorkGroupConfiguration(false)
        .resultConfiguration(rc -> rc.outputLocation(settings.resultLocation().uri()))));
    return new AthenaExecutor(athena, settings);
  }

  private static AthenaOnTrino.StatementRecord lastSent() {
    return ENV.athenaOnTrino().statements().get(ENV.athenaOnTrino().statements().size() - 1);
  }

  @Test
  void aPinnedQueryIsSentWithoutResultConfigurationAndReusedTheSecondTime() {
    AthenaExecutor reusing = reusingInOwnWorkgroup();
    String sql = "SELECT 'pinned' AS v -- " + UUID.randomUUID();
    AthenaResult first = reusing.execute(AthenaStatement.pinnedQuery(sql, List.of(), "default"));
    assertThat(lastSent().resultConfigurationOverride()).isFalse();
    assertThat(first.stats().reused()).isFalse();

    AthenaResult second = reusing.execute(AthenaStatement.pinnedQuery(sql, List.of(), "default"));

    assertThat(second.stats().reused()).isTrue();
    assertThat(second.rows()).isEqualTo(first.rows()).containsExactly(List.of("pinned"));
  }

  @Test
  void aQueryNotMarkedReusableKeepsItsResultConfigurationAndRunsEveryTime() {
    AthenaExecutor reusing = reusingInOwnWorkgroup();
    String sql = "SELECT 'current' AS v -- " + UUID.randomUUID();
    reusing.execute(AthenaStatement.query(sql, List.of(), "default"));
    AthenaResult second = reusing.execute(AthenaStatement.query(sql, List.of(), "default"));

    assertThat(second.stats().reused()).isFalse();
    assertThat(lastSent().resultConfigurationOverride()).isTrue();
    assertThat(lastSent().athenaSql()).isEqualTo(sql);
  }

  /** Athena matches a reused result on the query string only; the key comment carries the values into it. */
  @Test
  void withResultReuseTheQueryTextCarriesAKeyOfItsValues() {
    AthenaExecutor reusing = reusingInOwnWorkgroup();
    String sql = "SELECT v FROM (VALUES 'a', 'b') t(v) WHERE v = ? -- " + UUID.randomUUID();
    AthenaResult a = reusing.execute(AthenaStatement.pinnedQuery(sql, List.of("a"), "default"));
    String first = lastSent().athenaSql();
    AthenaResult b = reusing.execute(AthenaStatement.pinnedQuery(sql, List.of("b"), "default"));
    String second = lastSent().athenaSql();

    assertThat(a.rows()).containsExactly(List.of("a"));
    assertThat(b.rows()).containsExactly(List.of("b"));
    assertThat(b.stats().reused()).isFalse();
    assertThat(first).startsWith("-- takwimu-reuse-key ").endsWith(sql);
    assertThat(first.lines().findFirst()).isNotEqualTo(second.lines().findFirst());
  }

  /** 2,500 rows are three pages of GetQueryResults; the header row is skipped on the first only. */
  @Test
  void aResultOfSeveralPagesStreamsEveryRowOnceInOrder() {
    int count = 2 * AthenaOnTrino.MAX_RESULTS + 500;
    AthenaExecutor.StreamedResult result = executor(Duration.ofMinutes(1), Duration.ZERO).stream(AthenaStatement
        .query("SELECT x, CAST(x AS varchar) AS label FROM UNNEST(sequence(1, " + count + ")) AS t(x) ORDER BY x",
            List.of(), "default"));
    List<List<Object>> rows;
    try (var stream = result.rows()) {
      rows = stream.toList();
    }

    assertThat(result.schema().names()).containsExactly("x", "label");
    assertThat(rows).hasSize(count);
    assertThat(rows.get(0)).containsExactly(1L, "1");
    // the first page holds the header and 999 rows; the second starts with row 1,000
    assertThat(rows.get(999)).containsExactly(1000L, "1000");
    assertThat(rows.get(count - 1)).containsExactly((long) count, Integer.toString(count));
    assertThat(rows).extracting(row -> row.get(0)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void literalsAreQuotedTypedAndKeepDoublesDouble() {
    assertThat(AthenaExecutor.literal("O'Brien")).isEqualTo("'O''Brien'");
    assertThat(AthenaExecutor.literal(1.5)).isEqualTo("1.5E0");
    assertThat(AthenaExecutor.literal(1e20)).isEqualTo("1.0E20");
    assertThat(AthenaExecutor.literal(LocalDate.parse("2024-01-31"))).isEqualTo("DATE '2024-01-31'");
    assertThat(AthenaExecutor.literal(42L)).isEqualTo("BIGINT '42'");
    assertThat(AthenaExecutor.literal(null)).isEqualTo("NULL");
  }

  @Test
  void aValueOverAthenasParameterLimitIsWrittenInAndTheOthersStayBound() {
    String hostile = "it's -- a \\ ? \n".repeat(100); // 1,700 characters
    List<Object> values = Arrays.asList("short", hostile, 3L);
    AthenaResult result = executor(Duration.ofMinutes(1), Duration.ZERO).execute(AthenaStatement.query(
        "SELECT v, length(v) AS n FROM (VALUES 'short') t(v) WHERE v = ? AND length(?) > 0 AND 1 < ?", values,
        "default"));

    assertThat(result.rows()).containsExactly(List.of("short", 5L));
    AthenaOnTrino.StatementRecord sent = ENV.athenaOnTrino().statements()
        .get(ENV.athenaOnTrino().statements().size() - 1);
    assertThat(sent.parameters()).containsExactly("'short'", "BIGINT '3'");
    assertThat(sent.athenaSql())
        .contains("WHERE v = ? AND length(" + AthenaExecutor.literal(hostile) + ") > 0 AND 1 < ?");
  }
}
