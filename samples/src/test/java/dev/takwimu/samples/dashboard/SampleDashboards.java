package dev.takwimu.samples.dashboard;

import dev.takwimu.safaricom.KenyaCounties;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/** A realistic dashboard: Kenya's 47 counties, the ten insights, seven stages and two models; the same every time. */
final class SampleDashboards {
  static final List<String> COUNTIES = KenyaCounties.ALL;
  /** Towns the exports put in the county column: not counties, so never ranked among them. */
  static final List<String> TOWNS = List.of("Eldoret", "Thika");
  /** Charts drawn from {@link #full()}: six per-county bar charts, the channel pie, and per model ROC and features. */
  static final int CHARTS = 6 + 1 + 2 * 2;
  static final int SUBSCRIBERS = 48_210;
  static final int INACTIVE = 11_287; // 23.4%

  private SampleDashboards() {}

  static DashboardData full() {
    Random random = new Random(47);
    List<InsightTable> insights = List.of(
        averages("avg-transaction-amount-by-county", "avg_transaction_amount", "customers",
            c -> 80 + random.nextDouble() * 420, random),
        perCounty("total-transactions-by-county", "total_transactions", c -> 2_000 + random.nextInt(60_000)),
        loanMetrics(random),
        perCounty("total-loans-by-county", "total_loans", c -> 150 + random.nextInt(9_000)),
        perCounty("active-subscribers-by-county", "active_subscribers", c -> 120 + random.nextInt(3_000)),
        averages("avg-repayment-ratio-by-county", "avg_repayment_ratio", "borrowers",
            c -> c.equals("Lamu") ? 1.0 : 0.55 + random.nextDouble() * 0.43, random),
        table("inactive-subscriber-percentage", List.of("inactive_percentage", "inactive", "subscribers"),
            List.of(row(100.0 * INACTIVE / SUBSCRIBERS, (long) INACTIVE, (long) SUBSCRIBERS))),
        table("total-loan-amount", List.of("total_loan_amount"), List.of(row(new BigDecimal("412873559.50")))),
        table("total-transaction-amount", List.of("total_transaction_amount"),
            List.of(row(new BigDecimal("96314220.75")))),
        table("most-used-channel-distribution", List.of("channel", "customers"), List.of(
            row("M-PESA App", 19_842L), row("USSD *334#", 12_106L), row("SIM Toolkit", 6_530L),
            row("Agent", 4_977L), row("Till & Paybill", 1_204L))));
    List<StageSummary> stages = List.of(
        stage("ingest-customers", "raw/customers", 48_400, 48_400, 0, 0, Map.of(), 620),
        stage("ingest-transactions", "raw/transactions", 1_204_311, 1_204_311, 0, 0, Map.of(), 4_210),
        stage("ingest-loans", "raw/loans", 96_540, 96_540, 0, 0, Map.of(), 890),
        stage("curate-customers", "curated/customers", 48_400, 48_210, 190, 35,
            Map.of("accepted_values(status)", 122L, "unique(customer_id)", 68L, "county-known", 35L), 1_340),
        stage("curate-transactions", "curated/transactions", 1_204_311, 1_201_877, 2_434, 0,
            Map.of("parses-as(amount)", 1_902L, "reference(customer_id)", 532L), 9_870),
        stage("curate-loans", "curated/loans", 96_540, 96_101, 439, 1_210,
            Map.of("range(loan_amount)", 439L, "repaid-after-due", 1_210L), 2_050),
        stage("customer-features", "cleaned/customer_features", 48_210, 48_210, 0, 0, Map.of(), 75_400));
    List<ModelSummary> models = List.of(
        model("churn", "XGBoost", 0.871, new long[][] {{7_902, 418}, {531, 1_791}}, random),
        model("loan-activity", "Logistic regression (SGD)", 0.784, new long[][] {{5_460, 1_022}, {987, 3_173}},
            random));
    return new DashboardData("Takwimu — M-Pesa & Fuliza", "/data/takwimu/lake",
        Instant.parse("2025-01-01T06:30:00Z"), insights, stages, models);
  }

  /**
   * A book as small as the bundled seed report: four counties with a handful of customers each, the towns beside
   * them, no model.
   */
  static DashboardData small() {
    List<String> counties = List.of("Mombasa", "Nakuru", "Kisii", "Nairobi");
    List<List<Object>> active = new ArrayList<>();
    List<List<Object>> loans = new ArrayList<>();
    List<List<Object>> repayment = new ArrayList<>();
    List<List<Object>> transactions = new ArrayList<>();
    for (int i = 0; i < counties.size(); i++) {
      active.add(row(counties.get(i), (long) (counties.size() - i)));
      loans.add(row(counties.get(i), 20_000.0 - 3_000 * i, (long) (2 + i % 2)));
      repayment.add(row(counties.get(i), i == 0 ? 1.0 : 0.9 - 0.05 * i, (long) (2 + i % 2)));
      transactions.add(row(counties.get(i), 240L - 40 * i));
    }
    for (String town : List.of("Eldoret", "Thika", "Kitale")) {
      active.add(row(town, 1L));
      loans.add(row(town, 11_000.0, 2L));
      repayment.add(row(town, 0.8, 2L));
      transactions.add(row(town, 100L));
    }
    return new DashboardData("Seed-sized book", "/lake", Instant.parse("2025-01-01T00:00:00Z"), List.of(
        table("active-subscribers-by-county", List.of("county", "active_subscribers"), active),
        table("total-loans-by-county", List.of("county", "total_loans"), transactions.stream()
            .map(r -> row(r.get(0), ((Long) r.get(1)) / 15)).toList()),
        table("total-transactions-by-county", List.of("county", "total_transactions"), transactions),
        table("loan-metrics-by-county", List.of("county", "avg_loan_amount", "borrowers"), loans),
        table("avg-repayment-ratio-by-county", List.of("county", "avg_repayment_ratio", "borrowers"), repayment)),
        List.of(), List.of());
  }

  /** Nothing at all: no insights, no stages, no models. */
  static DashboardData empty() {
    return new DashboardData("Empty lake", null, Instant.parse("2025-01-01T00:00:00Z"), List.of(), List.of(),
        List.of());
  }

  static List<Object> row(Object... values) {
    return Arrays.asList(values); // values may be null
  }

  static InsightTable table(String name, List<String> columns, List<List<Object>> rows) {
    return new InsightTable(name, columns, rows);
  }

  /** One row per county (and one for customers without a county), the metric descending, as insights come. */
  private static InsightTable perCounty(String name, String column, ToDoubleFunction<String> metric) {
    List<List<Object>> rows = new ArrayList<>();
    boolean integral = column.startsWith("total") || column.startsWith("active");
    for (String county : COUNTIES) {
      double value = metric.applyAsDouble(county);
      rows.add(row(county, integral ? (Object) Math.round(value) : (Object) value));
    }
    if (name.equals("total-transactions-by-county")) {
      rows.add(row(null, 412L));
    }
    rows.sort(Comparator.comparingDouble((List<Object> r) -> ((Number) r.get(1)).doubleValue()).reversed());
    return table(name, List.of("county", column), rows);
  }

  private static InsightTable loanMetrics(Random random) {
    return averages("loan-metrics-by-county", "avg_loan_amount", "borrowers",
        c -> 2_500 + random.nextDouble() * 22_000, random);
  }

  /**
   * An average per county and its number of members, as the insights give them: the towns too (Eldoret second
   * largest, on few members), and Lamu and Isiolo with fewer than 30 members.
   */
  private static InsightTable averages(String name, String column, String members, ToDoubleFunction<String> metric,
      Random random) {
    List<List<Object>> rows = new ArrayList<>();
    for (String county : COUNTIES) {
      long n = county.equals("Lamu") || county.equals("Isiolo") ? 12 : 40 + random.nextInt(2_500);
      rows.add(row(county, metric.applyAsDouble(county), n));
    }
    double largest = rows.stream().mapToDouble(r -> (Double) r.get(1)).max().orElse(1);
    rows.add(row(TOWNS.get(0), name.contains("repayment") ? 0.99 : largest * 0.98, 81L));
    rows.add(row(TOWNS.get(1), metric.applyAsDouble(TOWNS.get(1)), 9L));
    rows.sort(Comparator.comparingDouble((List<Object> r) -> (Double) r.get(1)).reversed());
    return table(name, List.of("county", column, members), rows);
  }

  private static StageSummary stage(String name, String output, long in, long out, long quarantined, long warnings,
                                    Map<String, Long> violations, long millis) {
    return new StageSummary(name, output, in, out, quarantined, warnings, violations, Duration.ofMillis(millis));
  }

  /** Scores tpr = fpr^k, whose area is 1 / (k + 1): a curve with exactly the model's AUC. */
  private static ModelSummary model(String name, String algorithm, double auc, long[][] matrix, Random random) {
    double k = 1 / auc - 1;
    List<RocPoint> roc = IntStream.rangeClosed(0, 40)
        .mapToObj(i -> new RocPoint(i / 40.0, Math.pow(i / 40.0, k))).toList();
    long tn = matrix[0][0];
    long fp = matrix[0][1];
    long fn = matrix[1][0];
    long tp = matrix[1][1];
    double precision = (double) tp / (tp + fp);
    double recall = (double) tp / (tp + fn);
    List<String> names = List.of("days_since_last_txn", "txn_count", "avg_txn_amount", "repayment_ratio",
        "total_loans", "tenure_days", "total_loan_amount", "most_used_channel=USSD", "county=Nairobi",
        "most_used_channel=Lipa Na M-Pesa", "fuliza_overdraft_days", "avg_days_to_repay");
    double[] weight = {1.0};
    List<FeatureImportance> features = names.stream()
        .map(feature -> new FeatureImportance(feature, weight[0] *= 0.62 + random.nextDouble() * 0.3)).toList();
    long test = tn + fp + fn + tp;
    return new ModelSummary(name, algorithm, auc, (double) (tp + tn) / test, precision, recall,
        2 * precision * recall / (precision + recall), 0.412, matrix, roc, features, test * 4, test,
        "2025-01-01T06:12:44Z-" + name, name.equals("churn") ? 0.42 : 0.5);
  }
}
