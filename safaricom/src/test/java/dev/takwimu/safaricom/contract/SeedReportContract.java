package dev.takwimu.safaricom.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SeedReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Safaricom pipeline end to end through the Java API: the seed exports must reproduce the seed report. */
public abstract class SeedReportContract extends SafaricomContractSupport {
  private static final double TOLERANCE = 0.006;

  @Test
  void reproducesTheSeedReportsInsights() throws IOException {
    runSeedPipeline();
    JsonNode expected = new ObjectMapper().readTree(seedText("expected-insights.json"));

    List<String> compared = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> insight = it.next();
      if (!insight.getValue().isArray()) {
        continue;
      }
      InsightQuery<?> query = SafaricomInsights.byName(insight.getKey())
          .orElseThrow(() -> new AssertionError("No insight named " + insight.getKey()));
      List<Row> rows = backend.insights().runUntyped(query).rows();
      JsonNode expectedRows = insight.getValue();
      assertThat(rows).as(insight.getKey()).hasSize(expectedRows.size());
      for (int i = 0; i < rows.size(); i++) {
        assertRowMatches(insight.getKey() + " row " + (i + 1), rows.get(i), expectedRows.get(i));
      }
      compared.add(insight.getKey());
    }
    assertThat(compared).containsExactly("avg-transaction-amount-by-county", "total-transactions-by-county",
        "loan-metrics-by-county", "inactive-subscriber-percentage");
  }

  private static void assertRowMatches(String what, Row actual, JsonNode expected) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String column = field.getKey();
      assertThat(actual.names()).as(what).contains(column);
      if (field.getValue().isNumber()) {
        assertThat(actual.getDouble(column)).as(what + " " + column)
            .isCloseTo(field.getValue().doubleValue(), within(TOLERANCE));
      } else {
        assertThat(actual.getString(column)).as(what + " " + column).isEqualTo(field.getValue().asText());
      }
    }
  }

  @Test
  void everyInsightRunsTypedAndAgreesWithTheCuratedData() {
    runSeedPipeline();
    for (InsightQuery<?> query : SafaricomInsights.ALL) {
      assertThat(backend.insights().run(query)).as(query.name())
          .hasSameSizeAs(backend.insights().runUntyped(query).rows());
    }

    double transactionAmount = sum(SafaricomPipeline.TRANSACTIONS, "amount");
    double loanAmount = sum(SafaricomPipeline.LOANS, "loan_amount");
    assertThat(transactionAmount).isPositive();
    assertThat(backend.insights().run(SafaricomInsights.TOTAL_TRANSACTION_AMOUNT))
        .singleElement().satisfies(t -> assertThat(t.totalTransactionAmount()).isCloseTo(transactionAmount, within(1e-6)));
    assertThat(backend.insights().run(SafaricomInsights.TOTAL_LOAN_AMOUNT))
        .singleElement().satisfies(t -> assertThat(t.totalLoanAmount()).isCloseTo(loanAmount, within(1e-6)));
    assertThat(backend.insights().run(SafaricomInsights.TOTAL_TRANSACTIONS_BY_COUNTY).stream()
        .mapToLong(SafaricomInsights.TotalTransactionsByCounty::totalTransactions).sum()).isEqualTo(1015);
    assertThat(backend.insights().run(SafaricomInsights.TOTAL_LOANS_BY_COUNTY).stream()
        .mapToLong(SafaricomInsights.TotalLoansByCounty::totalLoans).sum()).isEqualTo(67);
    assertThat(backend.insights().run(SafaricomInsights.ACTIVE_SUBSCRIBERS_BY_COUNTY).stream()
        .mapToLong(SafaricomInsights.ActiveSubscribersByCounty::activeSubscribers).sum()).isEqualTo(10);
    // the months add up to the same transactions and loans, and the coverage names the as-of date and the span
    assertThat(backend.insights().run(SafaricomInsights.MONTHLY_TRANSACTIONS).stream()
        .mapToLong(SafaricomInsights.MonthlyTransactions::transactions).sum()).isEqualTo(1015);
    assertThat(backend.insights().run(SafaricomInsights.MONTHLY_TRANSACTIONS).stream()
        .mapToDouble(SafaricomInsights.MonthlyTransactions::amount).sum()).isCloseTo(transactionAmount, within(1e-6));
    assertThat(backend.insights().run(SafaricomInsights.MONTHLY_TRANSACTIONS_BY_COUNTY).stream()
        .mapToLong(SafaricomInsights.MonthlyTransactionsByCounty::transactions).sum()).isEqualTo(1015);
    assertThat(backend.insights().run(SafaricomInsights.MONTHLY_LOANS).stream()
        .mapToLong(SafaricomInsights.MonthlyLoans::loans).sum()).isEqualTo(67);
    SafaricomInsights.DataCoverage coverage = backend.insights().run(SafaricomInsights.DATA_COVERAGE).get(0);
    assertThat(coverage.asOf()).isEqualTo(SeedReport.AS_OF);
    assertThat(coverage.customers()).isEqualTo(19);
    assertThat(coverage.firstTransaction()).isBefore(coverage.lastTransaction()).isBefore(SeedReport.AS_OF);
    assertThat(backend.insights().run(SafaricomInsights.MOST_USED_CHANNEL_DISTRIBUTION).stream()
        .mapToLong(SafaricomInsights.ChannelShare::customers).sum()).isEqualTo(19);
  }

  private double sum(DatasetId id, String column) {
    try (Stream<Row> rows = lake().stream(id)) {
      return rows.mapToDouble(r -> r.getDouble(column)).sum();
    }
  }

  @Test
  void everyRawRowIsCuratedOrQuarantined() {
    List<StageReport> reports = runSeedPipeline();

    Map<String, Long> curated = new HashMap<>();
    for (RawExport export : RawExport.values()) {
      String name = export.dataset().name();
      DatasetId curatedId = DatasetId.of(Zone.CURATED, name);
      long raw = count(export.dataset());
      long kept = count(curatedId);
      long quarantined = count(DatasetId.of(Zone.QUARANTINE, name));
      assertThat(raw).as(name).isEqualTo(kept + quarantined);
      StageReport report = reports.stream().filter(r -> r.output().equals(curatedId)).findFirst().orElseThrow();
      assertThat(report.rowsIn()).as(name).isEqualTo(raw);
      assertThat(report.rowsOut()).as(name).isEqualTo(kept);
      assertThat(report.rowsQuarantined()).as(name).isEqualTo(quarantined);
      curated.put(name, kept);
    }
    assertThat(curated).containsOnly(entry("customers", 19L), entry("transactions", 1015L), entry("loans", 67L));
  }

  @Test
  void buildsOneFeatureRowPerCustomerAndWarnsAboutUnknownCounties() {
    List<StageReport> reports = runSeedPipeline();

    assertThat(count(SafaricomPipeline.CUSTOMER_FEATURES)).isEqualTo(19);
    assertThat(report(reports, "customer-features").rowsOut()).isEqualTo(19);
    // Thika (3), Kitale (2) and Eldoret (2) are towns, not counties: kept, and counted as warnings
    assertThat(report(reports, "curate-customers").warnings()).containsExactly(entry("kenyan_county(county)", 7L));
    assertThat(rowsOf(SafaricomPipeline.CUSTOMERS)).extracting(r -> r.get("county")).contains("Thika", "Kitale");

    DatasetInfo transactions = lake().describe(SafaricomPipeline.TRANSACTIONS).orElseThrow();
    assertThat(transactions.partitionColumns()).containsExactly("txn_month");
    assertThat(transactions.partitions().stream().mapToLong(PartitionInfo::rows).sum()).isEqualTo(1015);
    assertThat(transactions.partitions()).allSatisfy(p -> assertThat(LocalDate.parse(p.values().get("txn_month")))
        .isBefore(SEED_AS_OF).satisfies(month -> assertThat(month.getDayOfMonth()).isEqualTo(1)));
    try (java.util.stream.Stream<dev.takwimu.core.Row> rows = lake().stream(SafaricomPipeline.TRANSACTIONS)) {
      assertThat(rows).allSatisfy(r -> assertThat(r.getDate("txn_month"))
          .isEqualTo(r.getDate("txn_date").withDayOfMonth(1)));
    }
  }

  @Test
  void rerunningIngestSkipsTheFilesAndRerunningThePipelineChangesNoRow() {
    Path seed = copySeed("seed");
    List<IngestReport> first = ingestAll(seed);
    runPipeline(SEED_AS_OF);
    Map<DatasetId, List<Map<String, Object>>> before = snapshot();
    Map<DatasetId, Long> versions = new HashMap<>();
    before.keySet().forEach(id -> versions.put(id, version(id)));

    List<IngestReport> again = ingestAll(seed);
    assertThat(again).allSatisfy(r -> {
      assertThat(r.skipped()).as(r.file()).isTrue();
      assertThat(r.rows()).isZero();
    });
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.get(i).batchId()).isEqualTo(first.get(i).batchId());
      assertThat(again.get(i).version()).isEqualTo(first.get(i).version());
    }
    runPipeline(SEED_AS_OF);

    Map<DatasetId, List<Map<String, Object>>> after = snapshot();
    for (DatasetId id : before.keySet()) {
      // bit-identical, features included: money is summed in fixed point, so parallelism cannot change a digit
      assertThat(after.get(id)).as(id.toString()).containsExactlyInAnyOrderElementsOf(before.get(id));
      assertThat(version(id)).as(id.toString()).isEqualTo(versions.get(id) + (id.zone() == Zone.RAW ? 0 : 1));
    }
  }

  private Map<DatasetId, List<Map<String, Object>>> snapshot() {
    Map<DatasetId, List<Map<String, Object>>> rows = new HashMap<>();
    for (DatasetId id : List.of(RawExport.TRANSACTIONS.dataset(), SafaricomPipeline.CUSTOMERS,
        SafaricomPipeline.TRANSACTIONS, SafaricomPipeline.LOANS, SafaricomPipeline.CUSTOMER_FEATURES)) {
      rows.put(id, rowsOf(id));
    }
    return rows;
  }

  @Test
  void featuresNeverSeeTheFuture() {
    runSeedPipeline();
    long totalAtSeed = totalTxnCount();
    LocalDate asOf = LocalDate.parse("2024-03-15");

    backend.stages().run(SafaricomPipeline.customerFeatures(asOf));

    Map<String, Long> transactions = new HashMap<>();
    try (Stream<Row> rows = lake().stream(SafaricomPipeline.TRANSACTIONS)) {
      rows.filter(r -> !r.getDate("txn_date").isAfter(asOf))
          .forEach(r -> transactions.merge(r.getString("customer_id"), 1L, Long::sum));
    }
    Map<String, Long> loans = new HashMap<>();
    Map<String, Double> repaidAmount = new HashMap<>();
    Map<String, Long> repaidLoans = new HashMap<>();
    try (Stream<Row> rows = lake().stream(SafaricomPipeline.LOANS)) {
      rows.filter(r -> !r.getDate("loan_date").isAfter(asOf)).forEach(r -> {
        String customer = r.getString("customer_id");
        boolean repaidByThen = r.getDate("repaid_date") == null || !r.getDate("repaid_date").isAfter(asOf);
        loans.merge(customer, 1L, Long::sum);
        repaidAmount.merge(customer, repaidByThen ? r.getDouble("repaid_amount") : 0.0, Double::sum);
        repaidLoans.merge(customer, repaidByThen && r.getBoolean("repaid") ? 1L : 0L, Long::sum);
      });
    }
    List<Map<String, Object>> features = rowsOf(SafaricomPipeline.CUSTOMER_FEATURES, "customer_id");
    assertThat(features).hasSize(19).allSatisfy(f -> {
      String customer = (String) f.get("customer_id");
      assertThat(f.get("as_of")).isEqualTo(asOf);
      assertThat(((Number) f.get("txn_count")).longValue()).as(customer)
          .isEqualTo(transactions.getOrDefault(customer, 0L));
      assertThat(((Number) f.get("total_loans")).longValue()).as(customer).isEqualTo(loans.getOrDefault(customer, 0L));
      assertThat((Double) f.get("total_repaid_amount")).as(customer)
          .isCloseTo(repaidAmount.getOrDefault(customer, 0.0), within(1e-6));
      if (loans.containsKey(customer)) {
        assertThat((Double) f.get("repayment_ratio")).as(customer)
            .isCloseTo((double) repaidLoans.get(customer) / loans.get(customer), within(1e-9));
      } else {
        assertThat(f.get("repayment_ratio")).as(customer).isNull();
      }
      if (f.get("last_txn_date") != null) {
        assertThat((LocalDate) f.get("last_txn_date")).as(customer).isBeforeOrEqualTo(asOf);
      }
    });
    assertThat(totalTxnCount()).isPositive().isLessThan(totalAtSeed);
    assertThat(repaidLoans.values().stream().mapToLong(Long::longValue).sum())
        .as("some loans taken by then were not repaid by then")
        .isLessThan(loans.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void customersRegisteredAfterTheAsOfDateGetNoFeatures() {
    runSeedPipeline();
    LocalDate asOf = LocalDate.parse("2022-01-01");
    long registered = rowsOf(SafaricomPipeline.CUSTOMERS).stream()
        .filter(c -> !((LocalDate) c.get("registration_date")).isAfter(asOf)).count();

    backend.stages().run(SafaricomPipeline.customerFeatures(asOf));

    assertThat(registered).isBetween(1L, 18L);
    assertThat(rowsOf(SafaricomPipeline.CUSTOMER_FEATURES)).hasSize((int) registered).allSatisfy(f -> {
      assertThat((LocalDate) f.get("registration_date")).isBeforeOrEqualTo(asOf);
      assertThat(f).containsEntry("txn_count", 0L).containsEntry("total_loans", 0L).containsEntry("last_txn_date", null);
    });
  }

  private long totalTxnCount() {
    try (Stream<Row> rows = lake().stream(SafaricomPipeline.CUSTOMER_FEATURES)) {
      return rows.mapToLong(r -> r.getLong("txn_count")).sum();
    }
  }

  @Test
  void anEmptyDeliveryGivesEmptyInsightsNotErrors() throws IOException {
    Path empty = java.nio.file.Files.createDirectories(workDirectory.resolve("empty"));
    for (RawExport export : RawExport.values()) {
      java.nio.file.Files.writeString(empty.resolve(export.fileName()), seedText(export.fileName()).lines()
          .findFirst().orElseThrow() + "\n");
    }
    ingestAll(empty);
    runPipeline(SEED_AS_OF);

    assertThat(count(SafaricomPipeline.CUSTOMER_FEATURES)).isZero();
    QueryResult inactive = backend.insights().runUntyped(SafaricomInsights.INACTIVE_SUBSCRIBER_PERCENTAGE);
    assertThat(inactive.rows()).singleElement().satisfies(r -> {
      assertThat(r.get("inactive_percentage")).isNull();
      assertThat(r.getLong("subscribers")).isZero();
    });
    assertThat(backend.insights().run(SafaricomInsights.AVG_TRANSACTION_AMOUNT_BY_COUNTY)).isEmpty();
    assertThat(backend.insights().run(SafaricomInsights.TOTAL_TRANSACTION_AMOUNT)).singleElement()
        .satisfies(t -> assertThat(t.totalTransactionAmount()).isZero());
  }
}
