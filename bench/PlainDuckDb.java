import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The benchmark's "plain DuckDB" baseline: the work of {@code takwimu pipeline} plus {@code takwimu insights --all}
 * written as straightforward DuckDB SQL in one program, with no lake, manifests, lineage or rule engine.
 *
 * <pre>
 * java -cp duckdb_jdbc-1.4.4.0.jar bench/PlainDuckDb.java INPUT_DIR OUT_DIR --as-of 2024-12-31
 *     [--partition-transactions] [--profile]
 * </pre>
 *
 * Reads the three exports as text, validates and casts them with the same rules as SafaricomPipeline (required ids,
 * positive finite amounts, YYYY-MM-DD dates, YYYY-MM-DD HH:MM:SS timestamps, known status and boolean values,
 * references to curated customers, first valid occurrence of each id in file order), writes curated and quarantined
 * rows as Parquet, computes customer features with the same SQL as SafaricomPipeline.FEATURES_SQL, writes them as
 * Parquet and writes the ten insights to OUT_DIR/insights.json (one object keyed by insight name, each an array of row
 * objects). DuckDB runs with the SDK's defaults: memory_limit 1GB, 2 threads on this machine, spilling under OUT_DIR.
 *
 * Written the way a DuckDB user would, with two choices that matter for speed: tables are TEMP tables (in DuckDB 1.4
 * the main in-memory database compresses its tables, which costs seconds at this size), and file order comes from
 * the rowid of the table each export is loaded into (row_number() OVER () would run the CSV parse on one thread).
 *
 * --partition-transactions writes curated transactions partitioned by txn_date, as the SDK did before it partitioned
 * by month; --profile writes DuckDB's JSON profile of each statement to OUT_DIR/profile/. Step times go to stderr.
 *
 * samples' dev.takwimu.samples.bench.DirectDuckDb (what `takwimu bench` measures in-process) is a port of the curate
 * and features statements: keep the two in step.
 */
public final class PlainDuckDb {
  private static final String[] COUNTIES = {
      "Mombasa", "Kwale", "Kilifi", "Tana River", "Lamu", "Taita Taveta", "Garissa", "Wajir", "Mandera", "Marsabit",
      "Isiolo", "Meru", "Tharaka Nithi", "Embu", "Kitui", "Machakos", "Makueni", "Nyandarua", "Nyeri", "Kirinyaga",
      "Murang'a", "Kiambu", "Turkana", "West Pokot", "Samburu", "Trans Nzoia", "Uasin Gishu", "Elgeyo Marakwet",
      "Nandi", "Baringo", "Laikipia", "Nakuru", "Narok", "Kajiado", "Kericho", "Bomet", "Kakamega", "Vihiga", "Bungoma",
      "Busia", "Siaya", "Kisumu", "Homa Bay", "Migori", "Kisii", "Nyamira", "Nairobi"};

  private final Connection connection;
  private final Path out;
  private final boolean profile;

  private PlainDuckDb(Connection connection, Path out, boolean profile) {
    this.connection = connection;
    this.out = out;
    this.profile = profile;
  }

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    LocalDate asOf = null;
    boolean partition = false;
    boolean profile = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--as-of" -> asOf = LocalDate.parse(args[++i]);
        case "--partition-transactions" -> partition = true;
        case "--profile" -> profile = true;
        default -> positional.add(args[i]);
      }
    }
    if (positional.size() != 2 || asOf == null) {
      System.err.println(
          "usage: PlainDuckDb INPUT_DIR OUT_DIR --as-of YYYY-MM-DD [--partition-transactions] [--profile]");
      System.exit(2);
    }
    Path input = Path.of(positional.get(0)).toAbsolutePath();
    Path out = Path.of(positional.get(1)).toAbsolutePath();
    for (String zone : List.of("curated", "quarantine", "cleaned", "spill", "profile")) {
      Files.createDirectories(out.resolve(zone));
    }
    Properties properties = new Properties();
    properties.setProperty("memory_limit", "1GB");
    properties.setProperty("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    properties.setProperty("temp_directory", out.resolve("spill").toString());
    long started = System.nanoTime();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties)) {
      PlainDuckDb run = new PlainDuckDb(connection, out, profile);
      run.execute("SET TimeZone = 'Africa/Nairobi'");
      run.curate(input, partition);
      run.features(asOf);
      run.insights();
    }
    System.err.printf(Locale.ROOT, "plain-duckdb total %.2fs%n", (System.nanoTime() - started) / 1e9);
  }

  private void curate(Path input, boolean partitionTransactions) throws SQLException {
    String counties = String.join(", ", java.util.Arrays.stream(COUNTIES)
        .map(c -> "'" + c.toLowerCase(Locale.ROOT).replace("'", "''") + "'").toList());
    step("curate customers", """
        CREATE TEMP TABLE customers_raw AS
          SELECT * FROM read_csv('%s', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');
        CREATE TEMP TABLE customers_checked AS
        WITH src AS (
          SELECT *, rowid + 1 AS rn FROM customers_raw
        ), parsed AS (
          SELECT *,
                 trim(customer_id) AS id,
                 CASE WHEN length(trim(registration_date)) = 10
                      THEN try_strptime(trim(registration_date), '%%Y-%%m-%%d')::DATE END AS reg_date,
                 CASE WHEN length(trim(deactivation_date)) = 10
                      THEN try_strptime(trim(deactivation_date), '%%Y-%%m-%%d')::DATE END AS deact_date
          FROM src
        ), flagged AS (
          SELECT *,
                 coalesce(id, '') = '' AS bad_id,
                 reg_date IS NULL AS bad_registration,
                 lower(trim(status)) NOT IN ('active', 'inactive') OR status IS NULL AS bad_status,
                 coalesce(trim(deactivation_date), '') <> '' AND deact_date IS NULL AS bad_deactivation,
                 lower(trim(county)) NOT IN (%s) OR county IS NULL AS unknown_county
          FROM parsed
        ), valid AS (
          SELECT *, NOT (bad_id OR bad_registration OR bad_status OR bad_deactivation) AS ok FROM flagged
        )
        SELECT * FROM valid;
        CREATE TEMP TABLE customers_first AS SELECT min(rn) AS rn FROM customers_checked WHERE ok GROUP BY id
        """.formatted(csv(input, "customerdata.csv"), counties));
    step("write curated/customers", """
        CREATE TEMP TABLE customers AS
        SELECT id AS customer_id, nullif(trim(name), '') AS name, nullif(trim(county), '') AS county,
               reg_date AS registration_date, deact_date AS deactivation_date,
               CASE WHEN lower(trim(status)) = 'active' THEN 'Active' ELSE 'Inactive' END AS status
        FROM customers_checked WHERE rn IN (SELECT rn FROM customers_first);
        COPY customers TO '%s' (FORMAT parquet);
        COPY (SELECT customer_id, name, county, registration_date, deactivation_date, status,
                     concat_ws('; ', CASE WHEN bad_id THEN 'not_empty(customer_id)' END,
                                     CASE WHEN bad_registration THEN 'valid_date(registration_date)' END,
                                     CASE WHEN bad_status THEN 'accepted_values(status)' END,
                                     CASE WHEN bad_deactivation THEN 'valid_date_or_empty(deactivation_date)' END,
                                     CASE WHEN ok THEN 'unique(customer_id)' END) AS rejected_by
              FROM customers_checked WHERE rn NOT IN (SELECT rn FROM customers_first))
          TO '%s' (FORMAT parquet)
        """.formatted(file("curated/customers.parquet"), file("quarantine/customers.parquet")));
    report("customers", "count_if(unknown_county)");

    step("curate transactions", """
        CREATE TEMP TABLE transactions_raw AS
          SELECT * FROM read_csv('%s', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');
        CREATE TEMP TABLE transactions_checked AS
        WITH src AS (
          SELECT *, rowid + 1 AS rn FROM transactions_raw
        ), parsed AS (
          SELECT *,
                 trim(txn_id) AS id,
                 trim(cust_id) AS customer,
                 TRY_CAST(trim(amount) AS DOUBLE) AS amount_value,
                 CASE WHEN length(trim("timestamp")) = 19
                      THEN try_strptime(trim("timestamp"), '%%Y-%%m-%%d %%H:%%M:%%S') END AS ts
          FROM src
        ), flagged AS (
          SELECT *,
                 coalesce(id, '') = '' AS bad_id,
                 coalesce(NOT (isfinite(amount_value) AND amount_value > 0), true) AS bad_amount,
                 ts IS NULL AS bad_timestamp,
                 customer IS NULL OR customer NOT IN (SELECT customer_id FROM customers) AS unknown_customer
          FROM parsed
        ), valid AS (
          SELECT *, NOT (bad_id OR bad_amount OR bad_timestamp OR unknown_customer) AS ok FROM flagged
        )
        SELECT * FROM valid;
        CREATE TEMP TABLE transactions_first AS SELECT min(rn) AS rn FROM transactions_checked WHERE ok GROUP BY id
        """.formatted(csv(input, "mpesatransactionsdata.csv")));
    step("write curated/transactions", """
        CREATE TEMP TABLE transactions AS
        SELECT id AS txn_id, customer AS customer_id, amount_value AS amount, nullif(trim(channel), '') AS channel,
               ts AS txn_timestamp, CAST(ts AS DATE) AS txn_date
        FROM transactions_checked WHERE rn IN (SELECT rn FROM transactions_first);
        COPY transactions TO '%s' (FORMAT parquet%s);
        COPY (SELECT txn_id, cust_id, amount, channel, "timestamp",
                     concat_ws('; ', CASE WHEN bad_id THEN 'not_empty(txn_id)' END,
                                     CASE WHEN bad_amount THEN 'positive_number(amount)' END,
                                     CASE WHEN bad_timestamp THEN 'valid_timestamp(timestamp)' END,
                                     CASE WHEN unknown_customer THEN 'reference(cust_id -> customers.customer_id)' END,
                                     CASE WHEN ok THEN 'unique(txn_id)' END) AS rejected_by
              FROM transactions_checked WHERE rn NOT IN (SELECT rn FROM transactions_first))
          TO '%s' (FORMAT parquet)
        """.formatted(file(partitionTransactions ? "curated/transactions" : "curated/transactions.parquet"),
        partitionTransactions ? ", PARTITION_BY (txn_date), OVERWRITE_OR_IGNORE" : "",
        file("quarantine/transactions.parquet")));
    report("transactions", "0");

    step("curate loans", """
        CREATE TEMP TABLE loans_raw AS
          SELECT * FROM read_csv('%s', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');
        CREATE TEMP TABLE loans_checked AS
        WITH src AS (
          SELECT *, rowid + 1 AS rn FROM loans_raw
        ), parsed AS (
          SELECT *,
                 trim(loan_id) AS id,
                 trim(customer_id) AS customer,
                 TRY_CAST(trim(loan_amount) AS DOUBLE) AS amount_value,
                 CASE WHEN length(trim(loan_date)) = 10
                      THEN try_strptime(trim(loan_date), '%%Y-%%m-%%d')::DATE END AS loan_day,
                 CASE WHEN lower(trim(repaid)) IN ('true', '1', 'yes') THEN true
                      WHEN lower(trim(repaid)) IN ('false', '0', 'no') THEN false END AS repaid_flag,
                 TRY_CAST(trim(repaid_amount) AS DOUBLE) AS repaid_value,
                 CASE WHEN length(trim(repaid_date)) = 10
                      THEN try_strptime(trim(repaid_date), '%%Y-%%m-%%d')::DATE END AS repaid_day
          FROM src
        ), flagged AS (
          SELECT *,
                 coalesce(id, '') = '' AS bad_id,
                 coalesce(NOT (isfinite(amount_value) AND amount_value > 0), true) AS bad_amount,
                 loan_day IS NULL AS bad_date,
                 repaid_flag IS NULL AS bad_repaid,
                 coalesce(trim(repaid_amount), '') <> ''
                   AND coalesce(NOT (isfinite(repaid_value) AND repaid_value >= 0), true) AS bad_repaid_amount,
                 coalesce(trim(repaid_date), '') <> '' AND repaid_day IS NULL AS bad_repaid_date,
                 customer IS NULL OR customer NOT IN (SELECT customer_id FROM customers) AS unknown_customer
          FROM parsed
        ), valid AS (
          SELECT *, NOT (bad_id OR bad_amount OR bad_date OR bad_repaid OR bad_repaid_amount OR bad_repaid_date
                         OR unknown_customer) AS ok
          FROM flagged
        )
        SELECT * FROM valid;
        CREATE TEMP TABLE loans_first AS SELECT min(rn) AS rn FROM loans_checked WHERE ok GROUP BY id
        """.formatted(csv(input, "fulizadata.csv")));
    step("write curated/loans", """
        CREATE TEMP TABLE loans AS
        SELECT id AS loan_id, customer AS customer_id, amount_value AS loan_amount, loan_day AS loan_date,
               repaid_flag AS repaid, coalesce(repaid_value, 0.0) AS repaid_amount, repaid_day AS repaid_date
        FROM loans_checked WHERE rn IN (SELECT rn FROM loans_first);
        COPY loans TO '%s' (FORMAT parquet);
        COPY (SELECT loan_id, customer_id, loan_amount, loan_date, repaid_amount, repaid, repaid_date,
                     concat_ws('; ', CASE WHEN bad_id THEN 'not_empty(loan_id)' END,
                                     CASE WHEN bad_amount THEN 'positive_number(loan_amount)' END,
                                     CASE WHEN bad_date THEN 'valid_date(loan_date)' END,
                                     CASE WHEN bad_repaid THEN 'valid_boolean(repaid)' END,
                                     CASE WHEN bad_repaid_amount THEN 'non_negative_number_or_empty(repaid_amount)' END,
                                     CASE WHEN bad_repaid_date THEN 'valid_date_or_empty(repaid_date)' END,
                                     CASE WHEN unknown_customer
                                          THEN 'reference(customer_id -> customers.customer_id)' END,
                                     CASE WHEN ok THEN 'unique(loan_id)' END) AS rejected_by
              FROM loans_checked WHERE rn NOT IN (SELECT rn FROM loans_first))
          TO '%s' (FORMAT parquet)
        """.formatted(file("curated/loans.parquet"), file("quarantine/loans.parquet")));
    report("loans", "0");
    execute("DROP TABLE customers_raw; DROP TABLE transactions_raw; DROP TABLE loans_raw;\n"
        + "DROP TABLE customers_checked; DROP TABLE transactions_checked; DROP TABLE loans_checked;\n"
        + "DROP TABLE customers_first; DROP TABLE transactions_first; DROP TABLE loans_first");
  }

  /** The same SQL as SafaricomPipeline.FEATURES_SQL, over the curated tables. */
  private void features(LocalDate asOf) throws SQLException {
    step("features", """
        CREATE TEMP TABLE features AS
        WITH params AS (
          SELECT DATE '%s' AS as_of
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
                 count(*) AS txn_count, max(txn_date) AS last_txn_date
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
          SELECT customer_id, count(*) AS unique_channels,
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
          SELECT customer_id, count(*) AS total_loans,
                 CAST(sum(CAST(round(loan_amount, 4) AS DECIMAL(18, 4))) AS DOUBLE) AS total_loan_amount,
                 CAST(sum(CAST(round(repaid_amount_as_of, 4) AS DECIMAL(18, 4))) AS DOUBLE) AS total_repaid_amount,
                 avg(CAST(CASE WHEN repaid_as_of THEN 1 ELSE 0 END AS DOUBLE)) AS repayment_ratio,
                 CAST(sum(CASE WHEN repaid_as_of THEN 0 ELSE 1 END) AS BIGINT) AS active_loans
          FROM loan
          GROUP BY customer_id
        )
        SELECT c.customer_id, c.county, c.status, c.registration_date, c.deactivation_date,
               coalesce(ts.total_txn_amount, 0.0) AS total_txn_amount, ts.avg_txn_amount,
               coalesce(ts.txn_count, 0) AS txn_count, coalesce(cs.unique_channels, 0) AS unique_channels,
               cs.most_used_channel, ts.last_txn_date,
               date_diff('day', ts.last_txn_date, p.as_of) AS days_since_last_txn,
               coalesce(ls.total_loans, 0) AS total_loans,
               coalesce(ls.total_loan_amount, 0.0) AS total_loan_amount,
               coalesce(ls.total_repaid_amount, 0.0) AS total_repaid_amount,
               ls.repayment_ratio, coalesce(ls.active_loans, 0) AS active_loans,
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
        WHERE c.registration_date <= p.as_of;
        COPY features TO '%s' (FORMAT parquet)
        """.formatted(asOf, file("cleaned/customer_features.parquet")));
  }

  /** The ten insights of SafaricomInsights, verbatim. */
  private void insights() throws SQLException, IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("avg-transaction-amount-by-county", """
        SELECT county, avg(avg_txn_amount) AS avg_transaction_amount
        FROM features
        WHERE avg_txn_amount IS NOT NULL
        GROUP BY county
        ORDER BY round(avg(avg_txn_amount), 9) DESC, county ASC""");
    queries.put("total-transactions-by-county", """
        SELECT county, CAST(sum(txn_count) AS BIGINT) AS total_transactions
        FROM features
        GROUP BY county
        ORDER BY total_transactions DESC, county ASC""");
    queries.put("loan-metrics-by-county", """
        SELECT county, avg(total_loan_amount) AS avg_loan_amount, count(*) AS borrowers
        FROM features
        WHERE total_loans > 0
        GROUP BY county
        ORDER BY round(avg(total_loan_amount), 9) DESC, county ASC""");
    queries.put("total-loans-by-county", """
        SELECT county, CAST(sum(total_loans) AS BIGINT) AS total_loans
        FROM features
        GROUP BY county
        ORDER BY total_loans DESC, county ASC""");
    queries.put("active-subscribers-by-county", """
        SELECT county, CAST(sum(CASE WHEN status = 'Active' THEN 1 ELSE 0 END) AS BIGINT) AS active_subscribers
        FROM features
        GROUP BY county
        ORDER BY active_subscribers DESC, county ASC""");
    queries.put("avg-repayment-ratio-by-county", """
        SELECT county, avg(repayment_ratio) AS avg_repayment_ratio
        FROM features
        WHERE repayment_ratio IS NOT NULL
        GROUP BY county
        ORDER BY round(avg(repayment_ratio), 9) DESC, county ASC""");
    queries.put("inactive-subscriber-percentage", """
        SELECT CASE WHEN count(*) = 0 THEN NULL
                    ELSE 100 * CAST(sum(CASE WHEN status = 'Inactive' THEN 1 ELSE 0 END) AS DOUBLE) / count(*) END
                 AS inactive_percentage,
               CAST(coalesce(sum(CASE WHEN status = 'Inactive' THEN 1 ELSE 0 END), 0) AS BIGINT) AS inactive,
               count(*) AS subscribers
        FROM features""");
    queries.put("total-loan-amount", """
        SELECT CAST(coalesce(sum(CAST(round(total_loan_amount, 4) AS DECIMAL(18, 4))), 0) AS DOUBLE) AS total_loan_amount
        FROM features""");
    queries.put("total-transaction-amount", """
        SELECT CAST(coalesce(sum(CAST(round(total_txn_amount, 4) AS DECIMAL(18, 4))), 0) AS DOUBLE) AS total_transaction_amount
        FROM features""");
    queries.put("most-used-channel-distribution", """
        SELECT most_used_channel AS channel, count(*) AS customers
        FROM features
        WHERE most_used_channel IS NOT NULL
        GROUP BY most_used_channel
        ORDER BY customers DESC, channel ASC""");
    long started = System.nanoTime();
    StringBuilder json = new StringBuilder("{");
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> query : queries.entrySet()) {
        json.append(json.length() > 1 ? ",\n" : "\n").append("  ").append(quote(query.getKey())).append(": [");
        try (ResultSet rows = statement.executeQuery(query.getValue())) {
          ResultSetMetaData meta = rows.getMetaData();
          boolean first = true;
          while (rows.next()) {
            json.append(first ? "\n    {" : ",\n    {");
            first = false;
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              json.append(i > 1 ? ", " : "").append(quote(meta.getColumnLabel(i))).append(": ")
                  .append(value(rows.getObject(i)));
            }
            json.append("}");
          }
          json.append(first ? "]" : "\n  ]");
        }
      }
    }
    json.append("\n}\n");
    try (Writer writer = Files.newBufferedWriter(out.resolve("insights.json"), StandardCharsets.UTF_8)) {
      writer.write(json.toString());
    }
    System.err.printf(Locale.ROOT, "plain-duckdb step %-28s %.2fs%n", "insights", (System.nanoTime() - started) / 1e9);
  }

  private void step(String name, String sql) throws SQLException {
    long started = System.nanoTime();
    String[] statements = sql.split(";\\s*\n");
    for (int i = 0; i < statements.length; i++) {
      if (profile) {
        execute("PRAGMA enable_profiling = 'json';\nPRAGMA profiling_output = '"
            + file("profile/" + name.replace(' ', '_').replace('/', '_') + "-" + (i + 1) + ".json") + "'");
      }
      execute(statements[i]);
      if (profile) {
        execute("PRAGMA disable_profiling");
      }
    }
    System.err.printf(Locale.ROOT, "plain-duckdb step %-28s %.2fs%n", name, (System.nanoTime() - started) / 1e9);
  }

  /** Prints rows in, out, quarantined and warned about; {@code warnings} counts over the dataset's checked table. */
  private void report(String dataset, String warnings) throws SQLException {
    String sql = "SELECT count(*), count(*) - (SELECT count(*) FROM %s_first), %s FROM %s_checked"
        .formatted(dataset, warnings, dataset);
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      long in = row.getLong(1);
      long quarantined = row.getLong(2);
      System.err.printf(Locale.ROOT, "plain-duckdb %s: %d rows in, %d out, %d quarantined, %d warnings%n", dataset,
          in, in - quarantined, quarantined, row.getLong(3));
    }
  }

  /** Runs one or more statements separated by ";\n". */
  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String part : sql.split(";\\s*\n")) {
        if (!part.isBlank()) {
          statement.execute(part);
        }
      }
    }
  }

  private String file(String relative) {
    return out.resolve(relative).toString().replace("'", "''");
  }

  private static String csv(Path input, String name) {
    return input.resolve(name).toString().replace("'", "''");
  }

  private static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number number) {
      if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
        double d = number.doubleValue();
        return Double.isFinite(d) ? Double.toString(d) : "null";
      }
      return Long.toString(number.longValue());
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    return quote(value.toString());
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
