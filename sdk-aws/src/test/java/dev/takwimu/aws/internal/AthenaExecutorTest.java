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
  void valuesOfEveryTypeAreBoundAndComeBackTyped() {
    List<Object> values = Arrays.asList("it's ? -- not a comment", 42L, 7, 2.5, true, LocalDate.parse("2024-02-29"),
        LocalDateTime.parse("2024-04-22T08:18:00.123456"), null);
    AthenaResult result = executor(Duration.ofMinutes(1), Duration.ZERO).execute(AthenaStatement.query(
        "SELECT ? AS s, ? AS l, ? AS i, ? AS d, ? AS b, ? AS day, ? AS ts, CAST(? AS varchar) AS n", values,
        "default"));

    assertThat(result.schema().columns()).extracting(c -> c.type()).containsExactly(DataType.STRING, DataType.LONG,
        DataType.INT, DataType.DOUBLE, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP, DataType.STRING);
    assertThat(result.rows()).containsExactly(values);
    AthenaOnTrino.StatementRecord sent = ENV.athenaOnTrino().statements()
        .get(ENV.athenaOnTrino().statements().size() - 1);
    assertThat(sent.athenaSql()).doesNotContain("it's", "42", "2024");
    assertThat(sent.clientRequestToken()).isNotBlank();
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

  @Test
  void withResultReuseTheQueryTextCarriesAKeyOfItsValuesDatabaseAndWorkgroup() {
    AthenaExecutor reusing = executor(Duration.ofMinutes(1), Duration.ofMinutes(15));
    reusing.execute(AthenaStatement.query("SELECT ? AS v", List.of("a"), "default"));
    reusing.execute(AthenaStatement.query("SELECT ? AS v", List.of("b"), "default"));
    List<AthenaOnTrino.StatementRecord> sent = ENV.athenaOnTrino().statements();
    String first = sent.get(sent.size() - 2).athenaSql();
    String second = sent.get(sent.size() - 1).athenaSql();
    assertThat(first).startsWith("-- takwimu-reuse-key ").endsWith("SELECT ? AS v");
    assertThat(first.lines().findFirst()).isNotEqualTo(second.lines().findFirst());
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
