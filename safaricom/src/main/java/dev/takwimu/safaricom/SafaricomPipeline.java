package dev.takwimu.safaricom;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.Pipeline;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Rules;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.Zone;
import java.time.LocalDate;
import java.util.List;

/**
 * The Safaricom pipeline's stages after ingest: curate customers, transactions and loans, then build customer features.
 * The rules and their meaning are listed in docs/semantics.md.
 */
public final class SafaricomPipeline {
  public static final DatasetId CUSTOMERS = DatasetId.of(Zone.CURATED, "customers");
  public static final DatasetId TRANSACTIONS = DatasetId.of(Zone.CURATED, "transactions");
  public static final DatasetId LOANS = DatasetId.of(Zone.CURATED, "loans");
  public static final DatasetId CUSTOMER_FEATURES = DatasetId.of(Zone.CLEANED, "customer_features");

  /** Lineage columns ingest adds to every raw row, in the order "first occurrence" is decided by. */
  public static final List<String> ARRIVAL_ORDER = List.of("_batch_id", "_source_file", "_record_number");

  /**
   * The order "first occurrence" of a transaction is decided by, over batch and streamed rows alike: the batch (each
   * ingested file and each stream flush has its own time-ordered {@code _batch_id}), then the record's place in it,
   * file and record number for a batch row, topic, partition and offset for a streamed one (docs/semantics.md).
   */
  public static final List<String> TRANSACTION_ARRIVAL_ORDER =
      List.of("_batch_id", "_source_file", "_record_number", "_topic", "_partition", "_offset");

  /**
   * Every amount of money a stage keeps is below this many shillings (docs/semantics.md): far above any real M-Pesa
   * amount, and low enough that features' and insights' fixed-point sums can never overflow.
   */
  public static final double MONEY_BOUND = 1e12;

  private static final String[] LINEAGE = {"_source_file", "_record_number", "_batch_id"};
  /** The columns curate reads from raw/transactions: the export's required ones, then ingest's lineage. */
  private static final Schema BATCH_TRANSACTIONS = Schema.of(
      Column.of("txn_id", DataType.STRING), Column.of("cust_id", DataType.STRING), Column.of("amount", DataType.STRING),
      Column.of("channel", DataType.STRING), Column.of("timestamp", DataType.STRING),
      Column.of("_source_file", DataType.STRING), Column.of("_record_number", DataType.LONG),
      Column.of("_batch_id", DataType.STRING));
  /** A streamed row's lineage in curated/transactions: null for batch rows, as file and record number are for it. */
  private static final String[] STREAM_LINEAGE = {"_topic", "_partition", "_offset"};

  private SafaricomPipeline() {}

  /** All stages after ingest, in order. */
  public static Pipeline pipeline(LocalDate asOf) {
    return Pipeline.of(curateCustomers(), curateTransactions(), curateLoans(), customerFeatures(asOf));
  }

  public static EtlStage curateCustomers() {
    return EtlStage.builder("curate-customers")
        .input("raw_customers", RawExport.CUSTOMERS.dataset())
        .output(CUSTOMERS)
        .sql("SELECT * FROM raw_customers")
        .rule(Rules.notEmpty("customer_id"))
        .rule(Rules.parsesAs("registration_date", DataType.DATE))
        .rule(Rules.acceptedValuesIgnoreCase("status", List.of("Active", "Inactive")))
        .rule(Rules.parsesAsOrEmpty("deactivation_date", DataType.DATE))
        .rule(firstOccurrence("customer_id"))
        .rule(Rules.acceptedValuesIgnoreCase("county", KenyaCounties.ALL).named("kenyan_county(county)").warn())
        .select("trim(customer_id) AS customer_id",
            "nullif(trim(name), '') AS name",
            "nullif(trim(county), '') AS county",
            "tk_date(registration_date) AS registration_date",
            "tk_date(deactivation_date) AS deactivation_date",
            "CASE WHEN lower(trim(status)) = 'active' THEN 'Active' ELSE 'Inactive' END AS status")
        .select(LINEAGE)
        .build();
  }

  public static EtlStage curateTransactions() {
    return EtlStage.builder("curate-transactions")
        // either may be absent: a lake that never streamed, or one whose transactions only arrive by stream
        .optionalInput("raw_transactions", RawExport.TRANSACTIONS.dataset(), BATCH_TRANSACTIONS)
        .optionalInput("raw_transactions_stream", MpesaStream.TRANSACTIONS.raw(), MpesaStream.TRANSACTIONS.rawSchema())
        .input("customers", CUSTOMERS)
        .output(TRANSACTIONS)
        .sql(TRANSACTIONS_SQL)
        .rule(Rules.notEmpty("txn_id"))
        .rule(Rules.greaterThan("amount", 0).named("positive_number(amount)"))
        .rule(moneyBelowBound("amount"))
        .rule(Rules.parsesAs("timestamp", DataType.TIMESTAMP))
        .rule(Rules.referenceExists("cust_id", CUSTOMERS, "customer_id"))
        .rule(Rules.uniqueKey(List.of("txn_id"), TRANSACTION_ARRIVAL_ORDER))
        .select("trim(txn_id) AS txn_id",
            "trim(cust_id) AS customer_id",
            "tk_double(amount) AS amount",
            "nullif(trim(channel), '') AS channel",
            "tk_timestamp(\"timestamp\") AS txn_timestamp",
            "CAST(tk_timestamp(\"timestamp\") AS DATE) AS txn_date",
            "CAST(date_trunc('month', tk_timestamp(\"timestamp\")) AS DATE) AS txn_month")
        .select(LINEAGE)
        .select(STREAM_LINEAGE)
        // months, not days: a day holds too few rows for a good Parquet file (measured in docs/performance.md)
        .writeOptions(WriteOptions.overwrite().partitionedBy("txn_month"))
        .build();
  }

  public static EtlStage curateLoans() {
    return EtlStage.builder("curate-loans")
        .input("raw_loans", RawExport.LOANS.dataset())
        .input("customers", CUSTOMERS)
        .output(LOANS)
        .sql("SELECT * FROM raw_loans")
        .rule(Rules.notEmpty("loan_id"))
        .rule(Rules.greaterThan("loan_amount", 0).named("positive_number(loan_amount)"))
        .rule(moneyBelowBound("loan_amount"))
        .rule(Rules.parsesAs("loan_date", DataType.DATE))
        .rule(Rules.parsesAs("repaid", DataType.BOOLEAN))
        .rule(Rules.atLeastOrEmpty("repaid_amount", 0).named("non_negative_number_or_empty(repaid_amount)"))
        .rule(moneyBelowBound("repaid_amount"))
        .rule(Rules.parsesAsOrEmpty("repaid_date", DataType.DATE))
        .rule(Rules.referenceExists("customer_id", CUSTOMERS, "customer_id"))
        .rule(firstOccurrence("loan_id"))
        .select("trim(loan_id) AS loan_id",
            "trim(customer_id) AS customer_id",
            "tk_double(loan_amount) AS loan_amount",
            "tk_date(loan_date) AS loan_date",
            "tk_boolean(repaid) AS repaid",
            "coalesce(tk_double(repaid_amount), 0.0) AS repaid_amount",
            "tk_date(repaid_date) AS repaid_date")
        .select(LINEAGE)
        .build();
  }

  /**
   * One row per customer registered by {@code asOf}, from transactions and loans up to and including that date. Money
   * is summed in fixed point (4 decimals), so a re-run gives bit-identical features whatever the parallelism. The SQL
   * means the same on DuckDB and Trino (docs/aws-dialect.md): amounts are rounded with {@code round(x, 4)} before the
   * cast to DECIMAL (the cast alone rounds the binary value in DuckDB and its shortest decimal form in Trino), and
   * averages are taken over DOUBLE ({@code avg} of a DECIMAL keeps the input's scale in Trino).
   */
  public static EtlStage customerFeatures(LocalDate asOf) {
    return EtlStage.builder("customer-features")
        .input("customers", CUSTOMERS)
        .input("transactions", TRANSACTIONS)
        .input("loans", LOANS)
        .output(CUSTOMER_FEATURES)
        .sql(FEATURES_SQL, asOf)
        .build();
  }

  /**
   * Batch and streamed transactions as one set of candidates: the export's columns and both kinds of lineage, each
   * null where it does not apply (its type comes from the other side of the union). Columns an export has beyond the
   * required ones stay in raw/transactions.
   */
  static final String TRANSACTIONS_SQL = """
      SELECT txn_id, cust_id, amount, channel, "timestamp",
             _source_file, _record_number, _batch_id, NULL AS _topic, NULL AS _partition, NULL AS _offset
      FROM raw_transactions
      UNION ALL
      SELECT txn_id, cust_id, amount, channel, "timestamp",
             NULL AS _source_file, NULL AS _record_number, _batch_id, _topic, _partition, _offset
      FROM raw_transactions_stream
      """;

  /** A number at or above {@link #MONEY_BOUND} breaks it; text that is no number is left to the other rules. */
  private static QualityRule moneyBelowBound(String column) {
    return Rules.predicate("money_below_1e12(" + column + ")",
        "coalesce(tk_double(" + column + ") < " + MONEY_BOUND + ", true)");
  }

  private static QualityRule firstOccurrence(String key) {
    return Rules.uniqueKey(List.of(key), ARRIVAL_ORDER);
  }

  static final String FEATURES_SQL = """
      WITH params AS (
        SELECT CAST(? AS DATE) AS as_of
      ),
      txn AS (
        SELECT t.customer_id, t.amount, t.channel, t.txn_date
        FROM transactions t CROSS JOIN params p
        WHERE t.txn_date <= p.as_of
      ),
      txn_stats AS (
        SELECT customer_id,
               CAST(sum(CAST(round(amount, 4) AS DECIMAL(18, 4))) AS DOUBLE) AS total_txn_amount,
               CAST(sum(CAST(round(amount, 4) AS DECIMAL(18, 4))) AS DOUBLE) / count(*) AS avg_txn_amount,
               count(*) AS txn_count,
               max(txn_date) AS last_txn_date
        FROM txn
        GROUP BY customer_id
      ),
      channel_counts AS (
        SELECT customer_id, channel, count(*) AS uses
        FROM txn
        WHERE channel IS NOT NULL
        GROUP BY customer_id, channel
      ),
      channel_stats AS (
        SELECT customer_id,
               count(*) AS unique_channels,
               min(CASE WHEN channel_rank = 1 THEN channel END) AS most_used_channel
        FROM (
          SELECT customer_id, channel,
                 row_number() OVER (PARTITION BY customer_id ORDER BY uses DESC, channel ASC) AS channel_rank
          FROM channel_counts
        ) ranked
        GROUP BY customer_id
      ),
      loan AS (
        SELECT l.customer_id, l.loan_amount,
               (l.repaid AND (l.repaid_date IS NULL OR l.repaid_date <= p.as_of)) AS repaid_as_of,
               CASE WHEN l.repaid_date IS NULL OR l.repaid_date <= p.as_of THEN l.repaid_amount ELSE 0.0 END
                 AS repaid_amount_as_of
        FROM loans l CROSS JOIN params p
        WHERE l.loan_date <= p.as_of
      ),
      loan_stats AS (
        SELECT customer_id,
               count(*) AS total_loans,
               CAST(sum(CAST(round(loan_amount, 4) AS DECIMAL(18, 4))) AS DOUBLE) AS total_loan_amount,
               CAST(sum(CAST(round(repaid_amount_as_of, 4) AS DECIMAL(18, 4))) AS DOUBLE) AS total_repaid_amount,
               avg(CAST(CASE WHEN repaid_as_of THEN 1 ELSE 0 END AS DOUBLE)) AS repayment_ratio,
               CAST(sum(CASE WHEN repaid_as_of THEN 0 ELSE 1 END) AS BIGINT) AS active_loans
        FROM loan
        GROUP BY customer_id
      )
      SELECT c.customer_id,
             c.county,
             c.status,
             c.registration_date,
             c.deactivation_date,
             coalesce(ts.total_txn_amount, 0.0) AS total_txn_amount,
             ts.avg_txn_amount,
             coalesce(ts.txn_count, 0) AS txn_count,
             coalesce(cs.unique_channels, 0) AS unique_channels,
             cs.most_used_channel,
             ts.last_txn_date,
             date_diff('day', ts.last_txn_date, p.as_of) AS days_since_last_txn,
             coalesce(ls.total_loans, 0) AS total_loans,
             coalesce(ls.total_loan_amount, 0.0) AS total_loan_amount,
             coalesce(ls.total_repaid_amount, 0.0) AS total_repaid_amount,
             ls.repayment_ratio,
             coalesce(ls.active_loans, 0) AS active_loans,
             date_diff('day', c.registration_date, p.as_of) AS days_since_registration,
             date_diff('day', c.registration_date,
                 CASE WHEN c.deactivation_date IS NOT NULL AND c.deactivation_date < p.as_of
                      THEN c.deactivation_date ELSE p.as_of END) AS tenure_days,
             p.as_of
      FROM customers c
      CROSS JOIN params p
      LEFT JOIN txn_stats ts ON ts.customer_id = c.customer_id
      LEFT JOIN channel_stats cs ON cs.customer_id = c.customer_id
      LEFT JOIN loan_stats ls ON ls.customer_id = c.customer_id
      WHERE c.registration_date <= p.as_of
      """;
}
