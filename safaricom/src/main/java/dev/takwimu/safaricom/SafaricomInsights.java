package dev.takwimu.safaricom;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The county insights of the Safaricom report, computed from {@code cleaned/customer_features}, then what the figures
 * cover and the monthly trends, from the curated transactions and loans of the same customers up to the features'
 * as-of date. Rows come ordered by
 * the metric descending, then county (or channel) ascending; metrics are compared rounded to 9 decimals so that
 * floating-point noise cannot reorder ties. Money totals are summed in fixed point, so they print as exact cents.
 */
public final class SafaricomInsights {
  private SafaricomInsights() {}

  /**
   * Mean over the county's customers of each customer's mean transaction amount, and the number of customers it is
   * taken over; customers without any transaction excluded.
   */
  public record AvgTransactionAmountByCounty(String county, double avgTransactionAmount, long customers) {}

  public record TotalTransactionsByCounty(String county, long totalTransactions) {}

  /** Mean total loan amount over the county's borrowers (customers with at least one loan), and their number. */
  public record LoanMetricsByCounty(String county, double avgLoanAmount, long borrowers) {}

  public record TotalLoansByCounty(String county, long totalLoans) {}

  public record ActiveSubscribersByCounty(String county, long activeSubscribers) {}

  /** Mean over the county's borrowers of each one's share of loans repaid, and their number. */
  public record AvgRepaymentRatioByCounty(String county, double avgRepaymentRatio, long borrowers) {}

  /** Percentage of customers whose status is Inactive; null when there are no customers. */
  public record InactiveSubscriberPercentage(Double inactivePercentage, long inactive, long subscribers) {}

  public record TotalLoanAmount(double totalLoanAmount) {}

  public record TotalTransactionAmount(double totalTransactionAmount) {}

  /** Customers whose most used channel this is; customers without transactions are not counted. */
  public record ChannelShare(String channel, long customers) {}

  /**
   * What the figures cover: the features' as-of date, the customers in them, and their first and last transaction up
   * to that date; every value null when there are no features.
   */
  public record DataCoverage(LocalDate asOf, long customers, LocalDate firstTransaction, LocalDate lastTransaction) {}

  /** Transactions of the features' customers up to the as-of date, per calendar month: how many and their value. */
  public record MonthlyTransactions(LocalDate month, long transactions, double amount) {}

  /** As {@link MonthlyTransactions}, per month and county (county null for customers without one). */
  public record MonthlyTransactionsByCounty(LocalDate month, String county, long transactions, double amount) {}

  /**
   * Loans taken per calendar month up to the as-of date: how many, their value, how many were repaid by the as-of
   * date, and that number's share of the month's loans.
   */
  public record MonthlyLoans(LocalDate month, long loans, double loanAmount, long repaidLoans, double repaidShare) {}

  private static final Map<String, DatasetId> FEATURES = Map.of("features", SafaricomPipeline.CUSTOMER_FEATURES);
  private static final Map<String, DatasetId> FEATURES_AND_TRANSACTIONS = Map.of(
      "features", SafaricomPipeline.CUSTOMER_FEATURES, "transactions", SafaricomPipeline.TRANSACTIONS);
  private static final Map<String, DatasetId> FEATURES_AND_LOANS = Map.of(
      "features", SafaricomPipeline.CUSTOMER_FEATURES, "loans", SafaricomPipeline.LOANS);

  /**
   * A customer's transactions up to the features' as-of date, with the month and the customer's county. The same
   * customers and window as the features, so the months add up to the features' totals.
   */
  private static final String MONTHLY_TRANSACTIONS_INPUT = """
      SELECT CAST(date_trunc('month', t.txn_date) AS DATE) AS month, f.county, t.amount
            FROM transactions t
            JOIN features f ON f.customer_id = t.customer_id
            WHERE t.txn_date <= f.as_of""";

  public static final InsightQuery<AvgTransactionAmountByCounty> AVG_TRANSACTION_AMOUNT_BY_COUNTY = InsightQuery.of(
      "avg-transaction-amount-by-county", AvgTransactionAmountByCounty.class, """
          SELECT county, avg(avg_txn_amount) AS avg_transaction_amount, count(*) AS customers
          FROM features
          WHERE avg_txn_amount IS NOT NULL
          GROUP BY county
          ORDER BY round(avg(avg_txn_amount), 9) DESC, county ASC""", FEATURES);

  public static final InsightQuery<TotalTransactionsByCounty> TOTAL_TRANSACTIONS_BY_COUNTY = InsightQuery.of(
      "total-transactions-by-county", TotalTransactionsByCounty.class, """
          SELECT county, CAST(sum(txn_count) AS BIGINT) AS total_transactions
          FROM features
          GROUP BY county
          ORDER BY total_transactions DESC, county ASC""", FEATURES);

  public static final InsightQuery<LoanMetricsByCounty> LOAN_METRICS_BY_COUNTY = InsightQuery.of(
      "loan-metrics-by-county", LoanMetricsByCounty.class, """
          SELECT county, avg(total_loan_amount) AS avg_loan_amount, count(*) AS borrowers
          FROM features
          WHERE total_loans > 0
          GROUP BY county
          ORDER BY round(avg(total_loan_amount), 9) DESC, county ASC""", FEATURES);

  public static final InsightQuery<TotalLoansByCounty> TOTAL_LOANS_BY_COUNTY = InsightQuery.of(
      "total-loans-by-county", TotalLoansByCounty.class, """
          SELECT county, CAST(sum(total_loans) AS BIGINT) AS total_loans
          FROM features
          GROUP BY county
          ORDER BY total_loans DESC, county ASC""", FEATURES);

  public static final InsightQuery<ActiveSubscribersByCounty> ACTIVE_SUBSCRIBERS_BY_COUNTY = InsightQuery.of(
      "active-subscribers-by-county", ActiveSubscribersByCounty.class, """
          SELECT county, CAST(sum(CASE WHEN status = 'Active' THEN 1 ELSE 0 END) AS BIGINT) AS active_subscribers
          FROM features
          GROUP BY county
          ORDER BY active_subscribers DESC, county ASC""", FEATURES);

  public static final InsightQuery<AvgRepaymentRatioByCounty> AVG_REPAYMENT_RATIO_BY_COUNTY = InsightQuery.of(
      "avg-repayment-ratio-by-county", AvgRepaymentRatioByCounty.class, """
          SELECT county, avg(repayment_ratio) AS avg_repayment_ratio, count(*) AS borrowers
          FROM features
          WHERE repayment_ratio IS NOT NULL
          GROUP BY county
          ORDER BY round(avg(repayment_ratio), 9) DESC, county ASC""", FEATURES);

  public static final InsightQuery<InactiveSubscriberPercentage> INACTIVE_SUBSCRIBER_PERCENTAGE = InsightQuery.of(
      "inactive-subscriber-percentage", InactiveSubscriberPercentage.class, """
          SELECT CASE WHEN count(*) = 0 THEN NULL
                      ELSE 100 * CAST(sum(CASE WHEN status = 'Inactive' THEN 1 ELSE 0 END) AS DOUBLE) / count(*) END
                   AS inactive_percentage,
                 CAST(coalesce(sum(CASE WHEN status = 'Inactive' THEN 1 ELSE 0 END), 0) AS BIGINT) AS inactive,
                 count(*) AS subscribers
          FROM features""", FEATURES);

  public static final InsightQuery<TotalLoanAmount> TOTAL_LOAN_AMOUNT = InsightQuery.of(
      "total-loan-amount", TotalLoanAmount.class, """
          SELECT CAST(coalesce(sum(CAST(round(total_loan_amount, 4) AS DECIMAL(38, 4))), 0) AS DOUBLE)
                   AS total_loan_amount
          FROM features""", FEATURES);

  public static final InsightQuery<TotalTransactionAmount> TOTAL_TRANSACTION_AMOUNT = InsightQuery.of(
      "total-transaction-amount", TotalTransactionAmount.class, """
          SELECT CAST(coalesce(sum(CAST(round(total_txn_amount, 4) AS DECIMAL(38, 4))), 0) AS DOUBLE)
                   AS total_transaction_amount
          FROM features""", FEATURES);

  public static final InsightQuery<ChannelShare> MOST_USED_CHANNEL_DISTRIBUTION = InsightQuery.of(
      "most-used-channel-distribution", ChannelShare.class, """
          SELECT most_used_channel AS channel, count(*) AS customers
          FROM features
          WHERE most_used_channel IS NOT NULL
          GROUP BY most_used_channel
          ORDER BY customers DESC, channel ASC""", FEATURES);

  public static final InsightQuery<DataCoverage> DATA_COVERAGE = InsightQuery.of(
      "data-coverage", DataCoverage.class, """
          SELECT f.as_of, f.customers, t.first_transaction, t.last_transaction
          FROM (SELECT max(as_of) AS as_of, count(*) AS customers FROM features) f
          CROSS JOIN (
            SELECT min(x.txn_date) AS first_transaction, max(x.txn_date) AS last_transaction
            FROM transactions x
            JOIN features c ON c.customer_id = x.customer_id
            WHERE x.txn_date <= c.as_of
          ) t""", FEATURES_AND_TRANSACTIONS);

  public static final InsightQuery<MonthlyTransactions> MONTHLY_TRANSACTIONS = InsightQuery.of(
      "monthly-transactions", MonthlyTransactions.class, """
          SELECT month, count(*) AS transactions,
                 CAST(sum(CAST(round(amount, 4) AS DECIMAL(38, 4))) AS DOUBLE) AS amount
          FROM (
            %s
          ) m
          GROUP BY month
          ORDER BY month ASC""".formatted(MONTHLY_TRANSACTIONS_INPUT), FEATURES_AND_TRANSACTIONS);

  public static final InsightQuery<MonthlyTransactionsByCounty> MONTHLY_TRANSACTIONS_BY_COUNTY = InsightQuery.of(
      "monthly-transactions-by-county", MonthlyTransactionsByCounty.class, """
          SELECT month, county, count(*) AS transactions,
                 CAST(sum(CAST(round(amount, 4) AS DECIMAL(38, 4))) AS DOUBLE) AS amount
          FROM (
            %s
          ) m
          GROUP BY month, county
          ORDER BY month ASC, transactions DESC, county ASC""".formatted(MONTHLY_TRANSACTIONS_INPUT),
      FEATURES_AND_TRANSACTIONS);

  public static final InsightQuery<MonthlyLoans> MONTHLY_LOANS = InsightQuery.of(
      "monthly-loans", MonthlyLoans.class, """
          SELECT month, count(*) AS loans,
                 CAST(sum(CAST(round(loan_amount, 4) AS DECIMAL(38, 4))) AS DOUBLE) AS loan_amount,
                 CAST(sum(repaid) AS BIGINT) AS repaid_loans,
                 CAST(sum(repaid) AS DOUBLE) / count(*) AS repaid_share
          FROM (
            SELECT CAST(date_trunc('month', l.loan_date) AS DATE) AS month, l.loan_amount,
                   CASE WHEN l.repaid AND (l.repaid_date IS NULL OR l.repaid_date <= f.as_of) THEN 1 ELSE 0 END
                     AS repaid
            FROM loans l
            JOIN features f ON f.customer_id = l.customer_id
            WHERE l.loan_date <= f.as_of
          ) m
          GROUP BY month
          ORDER BY month ASC""", FEATURES_AND_LOANS);

  /** Every insight, in the order reports list them: the report's ten, then coverage and the monthly trends. */
  public static final List<InsightQuery<?>> ALL = List.of(
      AVG_TRANSACTION_AMOUNT_BY_COUNTY, TOTAL_TRANSACTIONS_BY_COUNTY, LOAN_METRICS_BY_COUNTY, TOTAL_LOANS_BY_COUNTY,
      ACTIVE_SUBSCRIBERS_BY_COUNTY, AVG_REPAYMENT_RATIO_BY_COUNTY, INACTIVE_SUBSCRIBER_PERCENTAGE, TOTAL_LOAN_AMOUNT,
      TOTAL_TRANSACTION_AMOUNT, MOST_USED_CHANNEL_DISTRIBUTION, DATA_COVERAGE, MONTHLY_TRANSACTIONS,
      MONTHLY_TRANSACTIONS_BY_COUNTY, MONTHLY_LOANS);

  public static Optional<InsightQuery<?>> byName(String name) {
    return ALL.stream().filter(q -> q.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ALL.stream().map(InsightQuery::name).toList();
  }
}
