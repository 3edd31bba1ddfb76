package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DataType;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Rules;
import dev.takwimu.core.WriteSource;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.core.spi.RuleSql;
import dev.takwimu.core.spi.SqlDialect;
import dev.takwimu.engine.duckdb.DuckDbDialect;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's own SQL on a real Trino 406 and on DuckDB over the same rows: the customer-features stage, every
 * Safaricom insight, and RuleSql's checks rendered with each engine's dialect. Results must be equal value by value,
 * doubles to the bit.
 */
class TrinoDialectQueriesTest {
  private static final LocalDate AS_OF = LocalDate.parse("2024-06-30");

  /** Curated-table rows with the curated column types; amounts chosen where DECIMAL casts and averages diverge. */
  private static final String CURATED = """
      customers (customer_id, county, status, registration_date, deactivation_date) AS (VALUES
        ('C1', 'Nairobi', 'Active', DATE '2023-01-10', CAST(NULL AS DATE)),
        ('C2', 'Nairobi', 'Inactive', DATE '2022-05-01', DATE '2024-03-01'),
        ('C3', 'Mombasa', 'Active', DATE '2024-02-29', CAST(NULL AS DATE)),
        ('C4', CAST(NULL AS VARCHAR), 'Inactive', DATE '2021-07-07', DATE '2024-12-01'),
        ('C5', 'Kisumu', 'Active', DATE '2024-07-01', CAST(NULL AS DATE)),
        ('C6', 'Mombasa', 'Active', DATE '2020-01-01', CAST(NULL AS DATE))),
      transactions (customer_id, amount, channel, txn_date) AS (VALUES
        ('C1', 145.05E0, 'USSD', DATE '2024-01-11'),
        ('C1', 1.5E-4, 'Agent', DATE '2024-02-11'),
        ('C1', 2.675E0, 'Agent', DATE '2024-03-11'),
        ('C1', 100.00005E0, CAST(NULL AS VARCHAR), DATE '2024-06-30'),
        ('C1', 999.99E0, 'USSD', DATE '2024-07-01'),
        ('C2', 1.0E0, 'M-PESA App', DATE '2023-12-31'),
        ('C2', 2.0E0, 'M-PESA App', DATE '2024-01-31'),
        ('C2', 2.0E0, 'Lipa Na M-PESA', DATE '2024-04-30'),
        ('C3', 0.1E0, 'USSD', DATE '2024-05-05'),
        ('C3', 0.2E0, 'Agent', DATE '2024-05-06'),
        ('C4', 33.33E0, 'Agent', DATE '2024-06-01'),
        ('C6', 12345678.9012E0, 'USSD', DATE '2024-06-15')),
      loans (customer_id, loan_amount, repaid, repaid_amount, repaid_date, loan_date) AS (VALUES
        ('C1', 4758.47E0, true, 4758.47E0, DATE '2024-01-25', DATE '2024-01-11'),
        ('C1', 2441.73E0, true, 2441.73E0, DATE '2024-07-25', DATE '2024-03-03'),
        ('C1', 100.0E0, false, 0.0E0, CAST(NULL AS DATE), DATE '2024-04-03'),
        ('C2', 1.00005E0, true, 1.00005E0, CAST(NULL AS DATE), DATE '2024-02-02'),
        ('C2', 3.0E0, false, 0.0E0, CAST(NULL AS DATE), DATE '2024-02-03'),
        ('C2', 5.0E0, true, 2.5E0, DATE '2024-02-10', DATE '2024-02-04'),
        ('C4', 10.0E0, true, 10.0E0, DATE '2024-06-30', DATE '2024-06-01'),
        ('C6', 7.77E0, false, 0.0E0, CAST(NULL AS DATE), DATE '2024-07-02'))
      """;

  private static Connection trino;

  @BeforeAll
  static void engines() {
    trino = DialectEngines.trino();
  }

  @Test
  void customerFeaturesAreEqualOnBothEngines() {
    String sql = "WITH " + CURATED + " SELECT * FROM (" + featuresSql() + ") f ORDER BY customer_id";
    List<List<Object>> onDuckDb = normalized(DialectEngines.rows(DialectEngines.duck().connection(), sql));
    List<List<Object>> onTrino = normalized(DialectEngines.rows(trino, TrinoDialect.INSTANCE.expand(sql)));
    assertThat(onDuckDb).hasSize(5);
    assertThat(onTrino).containsExactlyElementsOf(onDuckDb);
  }

  @Test
  void everyInsightIsEqualOnBothEngines() {
    for (InsightQuery<?> insight : SafaricomInsights.ALL) {
      String sql = "WITH " + CURATED + ", features AS (" + featuresSql() + ") " + insight.sql();
      List<List<Object>> onDuckDb = normalized(DialectEngines.rows(DialectEngines.duck().connection(), sql));
      List<List<Object>> onTrino = normalized(DialectEngines.rows(trino, TrinoDialect.INSTANCE.expand(sql)));
      assertThat(onDuckDb).as(insight.name()).isNotEmpty();
      assertThat(onTrino).as(insight.name()).containsExactlyElementsOf(onDuckDb);
    }
  }

  @Test
  void theChurnRiskListIsEqualOnBothEngines() {
    WriteSource.Query query = (WriteSource.Query) ChurnModel.riskStage(0.5, 0.4).candidates(null);
    assertThat(query.params()).containsExactly(0.5, 0.4);
    String risk = query.sql().replace("CAST(? AS DOUBLE) AS threshold", "CAST(0.5E0 AS DOUBLE) AS threshold")
        .replace("CAST(? AS DOUBLE) AS expected_capture", "CAST(0.4E0 AS DOUBLE) AS expected_capture");
    String sql = "WITH " + CURATED + ", features AS (" + featuresSql() + "), "
        + "scores (customer_id, probability, label, model_version) AS (VALUES ('C1', 0.7E0, true, 'v'), "
        + "('C2', 0.9E0, true, 'v'), ('C3', 0.7E0, true, 'v'), ('C6', 0.2E0, false, 'v')) "
        + "SELECT risk_rank, customer_id, churn_score, flagged, threshold FROM (" + risk + ") r ORDER BY risk_rank";
    List<List<Object>> onDuckDb = normalized(DialectEngines.rows(DialectEngines.duck().connection(), sql));
    List<List<Object>> onTrino = normalized(DialectEngines.rows(trino, TrinoDialect.INSTANCE.expand(sql)));
    // active customers only (C2 is inactive), highest score first, a tie by id, flagged at the threshold
    assertThat(onDuckDb).extracting(row -> row.get(1)).containsExactly("String C1", "String C3", "String C6");
    assertThat(onDuckDb).extracting(row -> row.get(3)).containsExactly("Boolean true", "Boolean true", "Boolean false");
    assertThat(onTrino).containsExactlyElementsOf(onDuckDb);
  }

  @Test
  void ruleChecksGiveTheSameVerdictOnBothEngines() throws SQLException {
    String candidates = """
        candidates (i, cust_id, amount, status, code, qty) AS (VALUES
          (1, 'C1', '12.5', 'Active', 'AB-12', '3'),
          (2, ' C2 ', ' 0 ', 'ACTIVE', 'ab-12', '11'),
          (3, 'C9', '-1e3', 'inactive ', 'X', 'x'),
          (4, 'C1', '', 'Dormant', 'AB-12' || chr(10), ''),
          (5, CAST(NULL AS VARCHAR), 'nan', CAST(NULL AS VARCHAR), 'XX', ' 7 '),
          (6, 'C2', '1,000', 'Inactive', 'AB-', '+5'),
          (7, 'C1' || chr(9), '1e3', 'active', 'AB-1|X', '1.0')),
        ref_customers (customer_id) AS (VALUES ('C1'), ('C2'))
        """;
    Map<String, DataType> columns = new LinkedHashMap<>();
    for (String column : List.of("cust_id", "amount", "status", "code", "qty")) {
      columns.put(column, DataType.STRING);
    }
    List<QualityRule> rules = List.of(
        Rules.notEmpty("cust_id"),
        Rules.greaterThan("amount", 0),
        Rules.atLeastOrEmpty("amount", 0),
        Rules.between("qty", 1, 10),
        Rules.parsesAs("qty", DataType.LONG),
        Rules.parsesAsOrEmpty("amount", DataType.DOUBLE),
        Rules.acceptedValuesIgnoreCase("status", List.of("Active", "Inactive")),
        Rules.acceptedValues("status", List.of("Active", "Inactive")),
        Rules.matches("code", "[A-Z]{2}-[0-9]+|X"),
        Rules.referenceExists("cust_id", SafaricomPipeline.CUSTOMERS, "customer_id"),
        Rules.predicate("small_quantity", "tk_long(qty) < 10 OR trim(qty) = ''"));
    for (QualityRule rule : rules) {
      List<Boolean> onDuckDb = verdicts(DialectEngines.duck().connection(), DuckDbDialect.INSTANCE, rule, columns,
          candidates);
      List<Boolean> onTrino = verdicts(trino, TrinoDialect.INSTANCE, rule, columns, candidates);
      assertThat(onDuckDb).as(rule.name()).contains(true, false);
      assertThat(onTrino).as(rule.name()).containsExactlyElementsOf(onDuckDb);
    }
  }

  /** What the portable SQL had to give up, shown on the engines: the reasons for the casts in SafaricomPipeline. */
  @Test
  void decimalAveragesAndDivisionsDifferBetweenTheEngines() {
    String sql = """
        SELECT CAST(avg(CASE WHEN b THEN 1.0 ELSE 0.0 END) AS DOUBLE),
               CAST(100.0 * sum(CASE WHEN b THEN 1 ELSE 0 END) / count(*) AS DOUBLE),
               CAST(avg(CAST(x AS DECIMAL(18, 4))) AS DOUBLE),
               CAST(CAST(1.5E-4 AS DECIMAL(18, 4)) AS DOUBLE),
               CAST(CAST(round(1.5E-4, 4) AS DECIMAL(18, 4)) AS DOUBLE),
               CAST(7 / 2 AS DOUBLE)
        FROM (VALUES (true, 1.0E0), (true, 2.0E0), (false, 2.0E0)) AS t(b, x)""";
    assertThat(DialectEngines.rows(DialectEngines.duck().connection(), sql).get(0))
        .containsExactly(2 / 3.0, 200 / 3.0, 5 / 3.0, 0.0001, 0.0001, 3.5);
    assertThat(DialectEngines.rows(trino, sql).get(0)).containsExactly(0.7, 66.7, 1.6667, 0.0002, 0.0001, 3.0);
  }

  private static String featuresSql() {
    WriteSource.Query query = (WriteSource.Query) SafaricomPipeline.customerFeatures(AS_OF).candidates(null);
    assertThat(query.params()).containsExactly(AS_OF);
    return query.sql().replace("CAST(? AS DATE)", "DATE '" + AS_OF + "'");
  }

  private static List<Boolean> verdicts(Connection connection, SqlDialect dialect, QualityRule rule,
      Map<String, DataType> columns, String candidates) throws SQLException {
    RuleSql.Fragment passes = RuleSql.passes(rule, columns, id -> "ref_customers", dialect);
    String sql = "WITH " + candidates + " SELECT CASE WHEN " + passes.sql() + " THEN true ELSE false END"
        + " FROM candidates ORDER BY i";
    if (dialect instanceof TrinoDialect trinoDialect) {
      sql = trinoDialect.expand(sql);
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int p = 0; p < passes.params().size(); p++) {
        statement.setObject(p + 1, passes.params().get(p));
      }
      List<Boolean> verdicts = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          verdicts.add(result.getBoolean(1));
        }
      }
      return verdicts;
    }
  }

  /** JDBC values as comparable text: integers of any width alike, doubles exactly, dates as ISO text. */
  private static List<List<Object>> normalized(List<List<Object>> rows) {
    List<List<Object>> result = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>();
      for (Object value : row) {
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
          values.add("integer " + value);
        } else if (value instanceof Double d) {
          values.add("double " + d);
        } else if (value == null) {
          values.add(null);
        } else {
          values.add(value.getClass().getSimpleName().replace("LocalDate", "Date") + " " + value);
        }
      }
      result.add(values);
    }
    return result;
  }
}
