package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.Zone;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link dev.takwimu.core.InsightRunner} must do: typed rows, bound parameters, untyped results. */
public abstract class InsightQueryContract extends BackendContractSupport {
  protected static final DatasetId METRICS = DatasetId.of(Zone.CLEANED, "county_metrics");
  protected static final DatasetId REGIONS = DatasetId.of(Zone.CURATED, "regions");
  private static final Schema METRICS_SCHEMA = Schema.of(
      Column.of("county_name", DataType.STRING), Column.of("avg_txn_amount", DataType.DOUBLE),
      Column.of("total_loans", DataType.LONG), Column.of("borrowers", DataType.INT),
      Column.of("last_txn_date", DataType.DATE), Column.of("last_seen_at", DataType.TIMESTAMP),
      Column.of("is_urban", DataType.BOOLEAN));

  public record CountyMetric(String countyName, double avgTxnAmount, long totalLoans, Integer borrowers,
      LocalDate lastTxnDate, LocalDateTime lastSeenAt, boolean isUrban) {}

  public record CountyName(String countyName) {}

  public record RegionTotal(String region, long totalLoans) {}

  private static final CountyMetric NAIROBI = new CountyMetric("Nairobi", 100.25, 8, 2,
      LocalDate.parse("2024-05-30"), LocalDateTime.parse("2024-05-30T18:45:10"), true);
  private static final CountyMetric MOMBASA = new CountyMetric("Mombasa", 110.25, 16, 4,
      LocalDate.parse("2024-05-29"), LocalDateTime.parse("2024-05-29T07:00:00"), true);
  private static final CountyMetric KISII = new CountyMetric("Kisii", 95.5, 1, null,
      LocalDate.parse("2024-04-01"), LocalDateTime.parse("2024-04-01T12:00:00"), false);

  @BeforeEach
  void givenMetrics() {
    overwrite(METRICS, METRICS_SCHEMA, values(NAIROBI), values(MOMBASA), values(KISII));
    overwrite(REGIONS, Schema.of(Column.of("county", DataType.STRING), Column.of("region", DataType.STRING)),
        row("Nairobi", "Central"), row("Mombasa", "Coast"), row("Kisii", "Western"));
  }

  private static List<Object> values(CountyMetric m) {
    return row(m.countyName(), m.avgTxnAmount(), m.totalLoans(), m.borrowers(), m.lastTxnDate(), m.lastSeenAt(),
        m.isUrban());
  }

  private static final InsightQuery<CountyMetric> AT_LEAST_LOANS = InsightQuery.of("at-least-loans", CountyMetric.class,
      "SELECT * FROM metrics WHERE total_loans >= ? ORDER BY county_name", Map.of("metrics", METRICS), 2L);

  @Test
  void mapsSnakeCaseColumnsToCamelCaseRecordComponents() {
    assertThat(backend.insights().run(AT_LEAST_LOANS)).containsExactly(MOMBASA, NAIROBI);
  }

  @Test
  void parametersAreBoundNotSpliced() {
    InsightQuery<CountyName> byName = InsightQuery.of("by-name", CountyName.class,
        "SELECT county_name FROM metrics WHERE county_name = ?", Map.of("metrics", METRICS), "Nairobi");

    assertThat(backend.insights().run(byName)).containsExactly(new CountyName("Nairobi"));
    assertThat(backend.insights().run(byName.withParams("x' OR '1'='1"))).isEmpty();
    assertThat(backend.insights().run(byName.withParams("Nairobi'; DROP TABLE metrics; --"))).isEmpty();
    assertThat(backend.insights().run(byName)).hasSize(1);
  }

  @Test
  void withParamsGivesTheSameQueryWithOtherValues() {
    InsightQuery<CountyMetric> more = AT_LEAST_LOANS.withParams(10L);

    assertThat(more.name()).isEqualTo(AT_LEAST_LOANS.name());
    assertThat(more.sql()).isEqualTo(AT_LEAST_LOANS.sql());
    assertThat(more.params()).containsExactly(10L);
    assertThat(AT_LEAST_LOANS.params()).containsExactly(2L);
    assertThat(backend.insights().run(more)).containsExactly(MOMBASA);
    assertThat(backend.insights().run(AT_LEAST_LOANS.withParams(0L))).containsExactly(KISII, MOMBASA, NAIROBI);
  }

  @Test
  void bindsParametersOfEveryValueType() {
    InsightQuery<CountyName> typed = InsightQuery.of("typed", CountyName.class, """
        SELECT county_name FROM metrics
        WHERE avg_txn_amount > ? AND borrowers = ? AND last_txn_date >= ? AND last_seen_at < ? AND is_urban = ?
          AND county_name <> ?""", Map.of("metrics", METRICS),
        100.0, 2, LocalDate.parse("2024-05-01"), LocalDateTime.parse("2024-05-30T18:45:11"), true, "Mombasa");

    assertThat(backend.insights().run(typed)).containsExactly(new CountyName("Nairobi"));
  }

  @Test
  void joinsSeveralInputsByAlias() {
    InsightQuery<RegionTotal> byRegion = InsightQuery.of("by-region", RegionTotal.class, """
        SELECT r.region, CAST(m.total_loans AS BIGINT) AS total_loans
        FROM metrics m JOIN regions r ON r.county = m.county_name
        ORDER BY r.region""", Map.of("metrics", METRICS, "regions", REGIONS));

    assertThat(backend.insights().run(byRegion)).containsExactly(new RegionTotal("Central", 8),
        new RegionTotal("Coast", 16), new RegionTotal("Western", 1));
  }

  @Test
  void runUntypedReturnsTheSchemaAndTheRows() {
    QueryResult result = backend.insights().runUntyped(InsightQuery.of("untyped", CountyName.class,
        "SELECT county_name, total_loans, last_txn_date, avg_txn_amount / 2 AS half FROM metrics"
            + " WHERE is_urban ORDER BY county_name", Map.of("metrics", METRICS)));

    assertThat(result.schema().columns()).containsExactly(Column.of("county_name", DataType.STRING),
        Column.of("total_loans", DataType.LONG), Column.of("last_txn_date", DataType.DATE),
        Column.of("half", DataType.DOUBLE));
    assertThat(result.rows()).extracting(r -> r.values()).containsExactly(
        List.of("Mombasa", 16L, LocalDate.parse("2024-05-29"), 55.125),
        List.of("Nairobi", 8L, LocalDate.parse("2024-05-30"), 50.125));
  }

  @Test
  void queriesSeeTheCurrentVersionOfTheirInputs() {
    assertThat(backend.insights().run(AT_LEAST_LOANS.withParams(0L))).hasSize(3);
    overwrite(METRICS, METRICS_SCHEMA, values(KISII));

    assertThat(backend.insights().run(AT_LEAST_LOANS.withParams(0L))).containsExactly(KISII);
  }

  @Test
  void aMissingInputThrowsNoSuchDataset() {
    DatasetId missing = DatasetId.of(Zone.CLEANED, "no_such_features");
    InsightQuery<CountyName> query = InsightQuery.of("missing", CountyName.class,
        "SELECT county_name FROM features", Map.of("features", missing));

    assertThatThrownBy(() -> backend.insights().run(query))
        .isInstanceOfSatisfying(NoSuchDatasetException.class, e -> assertThat(e.dataset()).isEqualTo(missing));
    assertThatThrownBy(() -> backend.insights().runUntyped(query)).isInstanceOf(NoSuchDatasetException.class);
  }

  @Test
  void aNullForAPrimitiveComponentFailsNamingTheColumn() {
    record Borrowers(String countyName, int borrowers) {}
    InsightQuery<Borrowers> query = InsightQuery.of("borrowers", Borrowers.class,
        "SELECT county_name, borrowers FROM metrics", Map.of("metrics", METRICS));

    assertThatThrownBy(() -> backend.insights().run(query))
        .isInstanceOf(TakwimuException.class)
        .hasMessageContaining("borrowers");
  }

  @Test
  void questionMarksInLiteralsAndLineCommentsAreNotParameters() {
    InsightQuery<CountyName> query = InsightQuery.of("literal", CountyName.class, """
        SELECT county_name -- which county?
        FROM metrics
        WHERE county_name <> 'who?' AND "county_name" <> 'it''s ?' AND total_loans = ?""",
        Map.of("metrics", METRICS), 8L);

    assertThat(backend.insights().run(query)).containsExactly(new CountyName("Nairobi"));
  }

  @Test
  void questionMarksInBlockCommentsAreNotParameters() {
    InsightQuery<CountyName> query = InsightQuery.of("block-comment", CountyName.class, """
        SELECT county_name /* which county? */
        FROM metrics
        WHERE total_loans = ?""", Map.of("metrics", METRICS), 8L);

    assertThat(backend.insights().run(query)).containsExactly(new CountyName("Nairobi"));
  }

  @Test
  void sumsCastToBigintMapToLongComponents() {
    // the portable subset casts integer sums to BIGINT (DuckDB would widen them to 128 bits)
    record Totals(long totalLoans, long borrowers, long customers, double meanLoans) {}
    InsightQuery<Totals> query = InsightQuery.of("totals", Totals.class, """
        SELECT CAST(sum(total_loans) AS BIGINT) AS total_loans, CAST(sum(borrowers) AS BIGINT) AS borrowers,
               count(*) AS customers, avg(total_loans) AS mean_loans
        FROM metrics""", Map.of("metrics", METRICS));

    assertThat(backend.insights().run(query)).containsExactly(new Totals(25, 6, 3, 25.0 / 3));
  }
}
