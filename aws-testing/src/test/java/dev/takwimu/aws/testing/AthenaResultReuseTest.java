package dev.takwimu.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Athena's result reuse and result configuration as the harness emulates them ("Reuse query results in Athena"). */
class AthenaResultReuseTest {
  private static AwsTestEnvironment aws;
  private static S3Client s3;
  private static GlueClient glue;
  private static AthenaClient athena;
  private static String bucket;
  private static String database;
  private static String workGroup;
  private static String enforcing;

  @BeforeAll
  static void start() {
    aws = AwsTestEnvironment.get();
    s3 = aws.s3Client();
    glue = aws.glueClient();
    athena = aws.athenaClient();
    bucket = "reuse-" + UUID.randomUUID();
    database = "db_" + UUID.randomUUID().toString().substring(0, 8);
    workGroup = "wg-" + UUID.randomUUID();
    enforcing = "wg-enforcing-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    glue.createDatabase(b -> b.databaseInput(d -> d.name(database)));
    athena.createWorkGroup(b -> b.name(workGroup).configuration(c -> c.enforceWorkGroupConfiguration(false)
        .resultConfiguration(r -> r.outputLocation("s3://" + bucket + "/results/"))));
    athena.createWorkGroup(b -> b.name(enforcing).configuration(c -> c.enforceWorkGroupConfiguration(true)
        .resultConfiguration(r -> r.outputLocation("s3://" + bucket + "/enforced/"))));
    run(q -> q.queryString("CREATE TABLE counted WITH (table_type = 'ICEBERG', is_external = false, location = 's3://"
        + bucket + "/counted/', format = 'PARQUET') AS SELECT * FROM (VALUES 1, 2) AS v(x)").workGroup(workGroup));
  }

  @AfterAll
  static void close() {
    athena.close();
    glue.close();
    s3.close();
  }

  @Test
  void aRepeatedSelectWithoutOverrideGetsThePreviousRowsEvenAfterTheTableChanged() {
    String sql = "SELECT count(*) AS n FROM counted -- " + UUID.randomUUID();
    QueryExecution first = run(reusing(sql, workGroup, 60));
    insertRow();
    QueryExecution second = run(reusing(sql, workGroup, 60));

    assertThat(count(first)).isEqualTo(count(second));
    assertThat(second.statistics().resultReuseInformation().reusedPreviousResult()).isTrue();
    assertThat(second.statistics().dataScannedInBytes()).isZero();
    assertThat(first.statistics().resultReuseInformation().reusedPreviousResult()).isFalse();
    assertThat(record(second).reusedExecutionId()).isEqualTo(first.queryExecutionId());
    // without reuse the same query sees the new row
    assertThat(count(run(q -> q.queryString(sql).workGroup(workGroup)))).isEqualTo(count(first) + 1);
  }

  @Test
  void aQueryOverridingTheResultConfigurationIsNeverReused() {
    String sql = "SELECT count(*) AS n FROM counted -- " + UUID.randomUUID();
    Consumer<StartQueryExecutionRequest.Builder> overriding = reusing(sql, workGroup, 60)
        .andThen(q -> q.resultConfiguration(r -> r.outputLocation("s3://" + bucket + "/results/")));
    QueryExecution first = run(overriding);
    insertRow();
    QueryExecution second = run(overriding);

    assertThat(second.statistics().resultReuseInformation().reusedPreviousResult()).isFalse();
    assertThat(count(second)).isEqualTo(count(first) + 1);
    assertThat(record(second).resultConfigurationOverride()).isTrue();
  }

  @Test
  void aResultConfigurationIsAnOverrideEvenWhereTheWorkGroupEnforcesItsOwn() {
    String sql = "SELECT 1 AS one -- " + UUID.randomUUID();
    run(reusing(sql, enforcing, 60));
    QueryExecution overriding = run(reusing(sql, enforcing, 60)
        .andThen(q -> q.resultConfiguration(r -> r.outputLocation("s3://" + bucket + "/elsewhere/"))));
    QueryExecution plain = run(reusing(sql, enforcing, 60));

    assertThat(overriding.statistics().resultReuseInformation().reusedPreviousResult()).isFalse();
    assertThat(record(overriding).resultConfiguration().outputLocation()).isEqualTo("s3://" + bucket + "/enforced/");
    assertThat(plain.statistics().resultReuseInformation().reusedPreviousResult()).isTrue();
  }

  @Test
  void onlyTheSameQueryStringDatabaseAndWorkGroupWithinTheMaximumAgeIsReused() {
    String sql = "SELECT count(*) AS n FROM counted -- " + UUID.randomUUID();
    run(reusing(sql, workGroup, 60));

    assertThat(reused(run(reusing(sql + " ", workGroup, 60)))).isFalse();
    assertThat(reused(run(reusing(sql, enforcing, 60)))).isFalse();
    assertThat(reused(run(reusing(sql, workGroup, 0)))).isFalse();
    assertThat(reused(run(q -> q.queryString(sql).workGroup(workGroup)))).isFalse();
    assertThat(reused(run(reusing(sql, workGroup, 60)))).isTrue();

    String tableFree = "SELECT 1 AS one -- " + UUID.randomUUID();
    run(reusing(tableFree, workGroup, 60));
    assertThat(reused(run(reusing(tableFree, workGroup, 60).andThen(q -> q.queryExecutionContext(c -> c
        .database("default")))))).isFalse();
    assertThat(reused(run(reusing(tableFree, workGroup, 60)))).isTrue();
  }

  @Test
  void executionParametersAreNotPartOfTheDocumentedMatch() {
    String sql = "SELECT x FROM counted WHERE x = ? -- " + UUID.randomUUID();
    QueryExecution one = run(reusing(sql, workGroup, 60).andThen(q -> q.executionParameters("1")));
    QueryExecution two = run(reusing(sql, workGroup, 60).andThen(q -> q.executionParameters("2")));

    assertThat(reused(two)).isTrue();
    assertThat(rows(two)).isEqualTo(rows(one)).containsExactly(List.of("1"));
  }

  @Test
  void nonDeterministicQueriesAndStatementsOtherThanSelectAreNotReused() {
    String tag = " -- " + UUID.randomUUID();
    for (String sql : List.of("SELECT rand() AS r" + tag, "SELECT x FROM counted LIMIT 1" + tag,
        "SHOW TABLES", "VALUES 1")) {
      run(reusing(sql, workGroup, 60));
      assertThat(reused(run(reusing(sql, workGroup, 60)))).as(sql).isFalse();
    }
    String ordered = "SELECT x FROM counted ORDER BY x LIMIT 1" + tag;
    run(reusing(ordered, workGroup, 60));
    assertThat(reused(run(reusing(ordered, workGroup, 60)))).isTrue();
  }

  @Test
  void withNoOutputLocationAnywhereTheRequestIsRefused() {
    assertThatThrownBy(() -> athena.startQueryExecution(b -> b.queryString("SELECT 1").workGroup("primary")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("No output location provided");
  }

  private static Consumer<StartQueryExecutionRequest.Builder> reusing(String sql, String group, int maxAgeMinutes) {
    return q -> q.queryString(sql).workGroup(group).resultReuseConfiguration(r -> r.resultReuseByAgeConfiguration(
        a -> a.enabled(true).maxAgeInMinutes(maxAgeMinutes)));
  }

  private static void insertRow() {
    QueryExecution insert = run(q -> q.queryString("INSERT INTO counted VALUES 9").workGroup(workGroup));
    assertThat(insert.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
  }

  private static boolean reused(QueryExecution execution) {
    assertThat(execution.status().state()).as(execution.status().stateChangeReason())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
    return execution.statistics().resultReuseInformation().reusedPreviousResult();
  }

  private static long count(QueryExecution execution) {
    return Long.parseLong(rows(execution).get(0).get(0));
  }

  /** The data rows (after the header row) as text. */
  private static List<List<String>> rows(QueryExecution execution) {
    assertThat(execution.status().state()).as(execution.status().stateChangeReason())
        .isEqualTo(QueryExecutionState.SUCCEEDED);
    return athena.getQueryResults(b -> b.queryExecutionId(execution.queryExecutionId())).resultSet().rows().stream()
        .skip(1).map(row -> row.data().stream().map(Datum::varCharValue).toList()).toList();
  }

  private static AthenaOnTrino.StatementRecord record(QueryExecution execution) {
    return aws.athenaOnTrino().statements().stream()
        .filter(r -> r.executionId().equals(execution.queryExecutionId())).findFirst().orElseThrow();
  }

  /** Starts the statement in the test database and polls until it ends. */
  private static QueryExecution run(Consumer<StartQueryExecutionRequest.Builder> request) {
    String id = athena.startQueryExecution(b -> request.accept(b.queryExecutionContext(c -> c.database(database))))
        .queryExecutionId();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      QueryExecution execution = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
      if (Arrays.asList(QueryExecutionState.SUCCEEDED, QueryExecutionState.FAILED, QueryExecutionState.CANCELLED)
          .contains(execution.status().state()) || System.nanoTime() > deadline) {
        return execution;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
