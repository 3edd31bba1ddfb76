package dev.takwimu.samples.bench;

import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteSource;
import dev.takwimu.safaricom.KenyaCounties;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The pipeline's stages written as plain DuckDB SQL over a plain JDBC connection: no lake, raw zone, manifests,
 * versions, lineage or rule engine. It is the benchmark's hand-written baseline, bench/PlainDuckDb.java, ported
 * statement for statement (without its insights, which no stage computes; keep the two in step): each export is read
 * once into a temporary table, validated and cast with the rules of SafaricomPipeline (required ids, positive finite
 * amounts, YYYY-MM-DD dates, YYYY-MM-DD HH:MM:SS timestamps, known status and boolean values, references to curated
 * customers, the first valid row of each id in file order), curated and quarantined rows are written as Parquet, and
 * the features are computed by running the features stage's own SQL (taken from SafaricomPipeline, not a copy).
 *
 * <p>DuckDB runs with the local backend's settings: memory_limit 1GB, one thread per core, spilling under the output
 * directory, time zone Africa/Nairobi. Tables are TEMP tables and file order comes from the load table's rowid, as in
 * the original.
 */
final class DirectDuckDb implements AutoCloseable {
  /** The local backend's default DuckDB memory limit (LocalBackend.DEFAULT_MEMORY_LIMIT). */
  static final String MEMORY_LIMIT = "1GB";

  /** One dataset's or the features' work: rows read, rows kept, seconds. */
  record Step(String name, long rowsIn, long rowsOut, double seconds) {}

  private final Connection connection;
  private final Path out;

  private DirectDuckDb(Connection connection, Path out) {
    this.connection = connection;
    this.out = out;
  }

  /**
   * Starts an in-memory DuckDB that writes under {@code out} (created if missing).
   *
   * @throws TakwimuException when DuckDB cannot start or the directory cannot be created
   */
  static DirectDuckDb open(Path out) {
    try {
      for (String zone : new String[] {"curated", "quarantine", "cleaned", "spill"}) {
        Files.createDirectories(out.resolve(zone));
      }
      Properties properties = new Properties();
      properties.setProperty("memory_limit", MEMORY_LIMIT);
      properties.setProperty("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
      properties.setProperty("temp_directory", out.resolve("spill").toString());
      Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
      DirectDuckDb db = new DirectDuckDb(connection, out.toAbsolutePath());
      db.execute("SET TimeZone = 'Africa/Nairobi'");
      return db;
    } catch (IOException | SQLException e) {
      throw new TakwimuException(e, "Cannot start plain DuckDB under %s: %s", out, e.getMessage());
    }
  }

  /** Loads DuckDB's native library and starts and stops one database, so no measured part pays for that. */
  static void warmUp() {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      throw new TakwimuException(e, "Cannot start plain DuckDB: %s", e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new TakwimuException(e, "Cannot close plain DuckDB: %s", e.getMessage());
    }
  }

  /** Reads, validates and writes customers; the curated rows stay in the temp table {@code customers}. */
  Step customers(Path input) {
    String counties = KenyaCounties.ALL.stream()
        .map(c -> "'" + c.toLowerCase(Locale.ROOT).replace("'", "''") + "'").collect(Collectors.joining(", "));
    return dataset("customers", """
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
        CREATE TEMP TABLE customers_first AS SELECT min(rn) AS rn FROM customers_checked WHERE ok GROUP BY id;
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
        """.formatted(csv(input, RawExport.CUSTOMERS), counties, file("curated/customers.parquet"),
        file("quarantine/customers.parquet")));
  }

  /** Reads, validates and writes transactions (one Parquet file); the curated rows stay in {@code transactions}. */
  Step transactions(Path input) {
    return dataset("transactions", """
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
        CREATE TEMP TABLE transactions_first AS SELECT min(rn) AS rn FROM transactions_checked WHERE ok GROUP BY id;
        CREATE TEMP TABLE transactions AS
        SELECT id AS txn_id, customer AS customer_id, amount_value AS amount, nullif(trim(channel), '') AS channel,
               ts AS txn_timestamp, CAST(ts AS DATE) AS txn_date
        FROM transactions_checked WHERE rn IN (SELECT rn FROM transactions_first);
        COPY transactions TO '%s' (FORMAT parquet);
        COPY (SELECT txn_id, cust_id, amount, channel, "timestamp",
                     concat_ws('; ', CASE WHEN bad_id THEN 'not_empty(txn_id)' END,
                                     CASE WHEN bad_amount THEN 'positive_number(amount)' END,
                                     CASE WHEN bad_timestamp THEN 'valid_timestamp(timestamp)' END,
                                     CASE WHEN unknown_customer THEN 'reference(cust_id -> customers.customer_id)' END,
                                     CASE WHEN ok THEN 'unique(txn_id)' END) AS rejected_by
              FROM transactions_checked WHERE rn NOT IN (SELECT rn FROM transactions_first))
          TO '%s' (FORMAT parquet)
        """.formatted(csv(input, RawExport.TRANSACTIONS), file("curated/transactions.parquet"),
        file("quarantine/transactions.parquet")));
  }

  /** Reads, validates and writes loans; the curated rows stay in {@code loans}. */
  Step loans(Path input) {
    return dataset("loans", """
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
        CREATE TEMP TABLE loans_first AS SELECT min(rn) AS rn FROM loans_checked WHERE ok GROUP BY id;
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
        """.formatted(csv(input, RawExport.LOANS), file("curated/loans.parquet"), file("quarantine/loans.parquet")));
  }

  /**
   * The features stage's own SQL ({@code SafaricomPipeline.customerFeatures(asOf)}, its {@code ?} bound to the as-of
   * date) over the three curated tables, which carry the stage's input names; written as Parquet.
   */
  Step features(LocalDate asOf) {
    long started = System.nanoTime();
    // A SQL stage's candidates are its query; it never touches the context.
    WriteSource.Query stage = (WriteSource.Query) SafaricomPipeline.customerFeatures(asOf).candidates(() -> {
      throw new IllegalStateException("the features stage is SQL and needs no lake");
    });
    try (PreparedStatement create = connection.prepareStatement("CREATE TEMP TABLE features AS " + stage.sql())) {
      for (int i = 0; i < stage.params().size(); i++) {
        Object value = stage.params().get(i);
        create.setObject(i + 1, value instanceof LocalDate date ? date.toString() : value);
      }
      create.execute();
    } catch (SQLException e) {
      throw new TakwimuException(e, "Plain DuckDB failed on the features under %s: %s", out, e.getMessage());
    }
    execute("COPY features TO '%s' (FORMAT parquet)".formatted(file("cleaned/customer_features.parquet")));
    long rows = count("SELECT count(*) FROM features");
    return new Step("features", rows, rows, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Runs one dataset's statements, counts rows read and kept, then drops the load and check tables (the original
   * dropped them after the last dataset; dropping each as soon as it is done spares memory and changes no result).
   */
  private Step dataset(String name, String sql) {
    long started = System.nanoTime();
    execute(sql);
    long in = count("SELECT count(*) FROM " + name + "_checked");
    long kept = count("SELECT count(*) FROM " + name + "_first");
    execute("DROP TABLE %1$s_raw;\nDROP TABLE %1$s_checked;\nDROP TABLE %1$s_first".formatted(name));
    return new Step(name, in, kept, (System.nanoTime() - started) / 1e9);
  }

  private long count(String sql) {
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new TakwimuException(e, "Plain DuckDB failed on %s: %s", sql, e.getMessage());
    }
  }

  /** Runs statements separated by ";\n". */
  private void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      for (String part : sql.split(";\\s*\n")) {
        if (!part.isBlank()) {
          statement.execute(part);
        }
      }
    } catch (SQLException e) {
      throw new TakwimuException(e, "Plain DuckDB failed under %s: %s", out, e.getMessage());
    }
  }

  private String file(String relative) {
    return out.resolve(relative).toString().replace("'", "''");
  }

  private static String csv(Path input, RawExport export) {
    return input.toAbsolutePath().resolve(export.fileName()).toString().replace("'", "''");
  }
}
