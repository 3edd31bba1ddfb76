package dev.takwimu.samples.bench;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteSource;
import dev.takwimu.safaricom.KenyaCounties;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The benchmark's plain DuckDB baseline: the pipeline's stages written as straightforward DuckDB SQL over a plain JDBC
 * connection, with no lake, raw zone, manifests, versions, lineage or rule engine. {@code takwimu bench} runs it
 * in-process next to the SDK; {@code takwimu bench plain} ({@link PlainCommand}) runs it as a process of its own,
 * insights included, for bench/run.sh.
 *
 * <p>Each export is read once into a temporary table, validated and cast with the rules of SafaricomPipeline (required
 * ids, positive finite amounts below 1e12, YYYY-MM-DD dates, YYYY-MM-DD HH:MM:SS timestamps, known status and boolean
 * values, references to curated customers, the first valid row of each id in file order); curated and quarantined rows
 * are written as Parquet. The features and the insights run the stage's and SafaricomInsights' own SQL (not copies) over
 * the temp tables, which carry the names those queries read.
 *
 * <p>Written the way a DuckDB user would, with two choices that matter for speed: tables are TEMP tables (in DuckDB
 * 1.4 the main in-memory database compresses its tables, which costs seconds at this size), and file order comes from
 * the rowid of the table each export is loaded into (row_number() OVER () would run the CSV parse on one thread).
 * DuckDB runs with the local backend's settings: memory_limit 1GB, one thread per core, spilling under the output
 * directory, time zone Africa/Nairobi.
 */
final class DirectDuckDb implements AutoCloseable {
  /** The local backend's default DuckDB memory limit (LocalBackend.DEFAULT_MEMORY_LIMIT). */
  static final String MEMORY_LIMIT = "1GB";

  /** One dataset's or the features' work: rows read, rows kept, rows warned about, seconds. */
  record Step(String name, long rowsIn, long rowsOut, long warnings, double seconds) {}

  /**
   * How to run besides the work itself.
   *
   * @param partitionTransactions write curated transactions partitioned by txn_date (the SDK's layout before it
   *     partitioned by month) instead of one file
   * @param profile write DuckDB's JSON profile of each statement to {@code profile/} under the output directory
   * @param log where each step's time goes, as {@code plain-duckdb step NAME SECONDSs}
   */
  record Settings(boolean partitionTransactions, boolean profile, PrintWriter log) {
    /** What {@code takwimu bench} measures: one transactions file, no profiles, no log. */
    static Settings quiet() {
      return new Settings(false, false, new PrintWriter(Writer.nullWriter()));
    }
  }

  private final Connection connection;
  private final Path out;
  private final Settings settings;

  private DirectDuckDb(Connection connection, Path out, Settings settings) {
    this.connection = connection;
    this.out = out;
    this.settings = settings;
  }

  /**
   * Starts an in-memory DuckDB that writes under {@code out} (created if missing).
   *
   * @throws TakwimuException when DuckDB cannot start or the directory cannot be created
   */
  static DirectDuckDb open(Path out, Settings settings) {
    try {
      for (String zone : List.of("curated", "quarantine", "cleaned", "spill")) {
        Files.createDirectories(out.resolve(zone));
      }
      if (settings.profile()) {
        Files.createDirectories(out.resolve("profile"));
      }
      Properties properties = new Properties();
      properties.setProperty("memory_limit", MEMORY_LIMIT);
      properties.setProperty("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
      properties.setProperty("temp_directory", out.resolve("spill").toAbsolutePath().toString());
      Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
      DirectDuckDb db = new DirectDuckDb(connection, out.toAbsolutePath(), settings);
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
    return dataset("customers", "count_if(unknown_county)", """
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
        """.formatted(csv(input, RawExport.CUSTOMERS), counties), """
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
  }

  /** Reads, validates and writes transactions; the curated rows stay in the temp table {@code transactions}. */
  Step transactions(Path input) {
    return dataset("transactions", "0", """
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
                 coalesce(amount_value >= 1e12, false) AS too_much,
                 ts IS NULL AS bad_timestamp,
                 customer IS NULL OR customer NOT IN (SELECT customer_id FROM customers) AS unknown_customer
          FROM parsed
        ), valid AS (
          SELECT *, NOT (bad_id OR bad_amount OR too_much OR bad_timestamp OR unknown_customer) AS ok FROM flagged
        )
        SELECT * FROM valid;
        CREATE TEMP TABLE transactions_first AS SELECT min(rn) AS rn FROM transactions_checked WHERE ok GROUP BY id
        """.formatted(csv(input, RawExport.TRANSACTIONS)), """
        CREATE TEMP TABLE transactions AS
        SELECT id AS txn_id, customer AS customer_id, amount_value AS amount, nullif(trim(channel), '') AS channel,
               ts AS txn_timestamp, CAST(ts AS DATE) AS txn_date
        FROM transactions_checked WHERE rn IN (SELECT rn FROM transactions_first);
        COPY transactions TO '%s' (FORMAT parquet%s);
        COPY (SELECT txn_id, cust_id, amount, channel, "timestamp",
                     concat_ws('; ', CASE WHEN bad_id THEN 'not_empty(txn_id)' END,
                                     CASE WHEN bad_amount THEN 'positive_number(amount)' END,
                                     CASE WHEN too_much THEN 'money_below_1e12(amount)' END,
                                     CASE WHEN bad_timestamp THEN 'valid_timestamp(timestamp)' END,
                                     CASE WHEN unknown_customer THEN 'reference(cust_id -> customers.customer_id)' END,
                                     CASE WHEN ok THEN 'unique(txn_id)' END) AS rejected_by
              FROM transactions_checked WHERE rn NOT IN (SELECT rn FROM transactions_first))
          TO '%s' (FORMAT parquet)
        """.formatted(file(settings.partitionTransactions() ? "curated/transactions" : "curated/transactions.parquet"),
        settings.partitionTransactions() ? ", PARTITION_BY (txn_date), OVERWRITE_OR_IGNORE" : "",
        file("quarantine/transactions.parquet")));
  }

  /** Reads, validates and writes loans; the curated rows stay in the temp table {@code loans}. */
  Step loans(Path input) {
    return dataset("loans", "0", """
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
                 coalesce(amount_value >= 1e12, false) AS too_much,
                 loan_day IS NULL AS bad_date,
                 repaid_flag IS NULL AS bad_repaid,
                 coalesce(trim(repaid_amount), '') <> ''
                   AND coalesce(NOT (isfinite(repaid_value) AND repaid_value >= 0), true) AS bad_repaid_amount,
                 coalesce(repaid_value >= 1e12, false) AS too_much_repaid,
                 coalesce(trim(repaid_date), '') <> '' AND repaid_day IS NULL AS bad_repaid_date,
                 customer IS NULL OR customer NOT IN (SELECT customer_id FROM customers) AS unknown_customer
          FROM parsed
        ), valid AS (
          SELECT *, NOT (bad_id OR bad_amount OR too_much OR bad_date OR bad_repaid OR bad_repaid_amount
                         OR too_much_repaid OR bad_repaid_date OR unknown_customer) AS ok
          FROM flagged
        )
        SELECT * FROM valid;
        CREATE TEMP TABLE loans_first AS SELECT min(rn) AS rn FROM loans_checked WHERE ok GROUP BY id
        """.formatted(csv(input, RawExport.LOANS)), """
        CREATE TEMP TABLE loans AS
        SELECT id AS loan_id, customer AS customer_id, amount_value AS loan_amount, loan_day AS loan_date,
               repaid_flag AS repaid, coalesce(repaid_value, 0.0) AS repaid_amount, repaid_day AS repaid_date
        FROM loans_checked WHERE rn IN (SELECT rn FROM loans_first);
        COPY loans TO '%s' (FORMAT parquet);
        COPY (SELECT loan_id, customer_id, loan_amount, loan_date, repaid_amount, repaid, repaid_date,
                     concat_ws('; ', CASE WHEN bad_id THEN 'not_empty(loan_id)' END,
                                     CASE WHEN bad_amount THEN 'positive_number(loan_amount)' END,
                                     CASE WHEN too_much THEN 'money_below_1e12(loan_amount)' END,
                                     CASE WHEN bad_date THEN 'valid_date(loan_date)' END,
                                     CASE WHEN bad_repaid THEN 'valid_boolean(repaid)' END,
                                     CASE WHEN bad_repaid_amount THEN 'non_negative_number_or_empty(repaid_amount)' END,
                                     CASE WHEN too_much_repaid THEN 'money_below_1e12(repaid_amount)' END,
                                     CASE WHEN bad_repaid_date THEN 'valid_date_or_empty(repaid_date)' END,
                                     CASE WHEN unknown_customer
                                          THEN 'reference(customer_id -> customers.customer_id)' END,
                                     CASE WHEN ok THEN 'unique(loan_id)' END) AS rejected_by
              FROM loans_checked WHERE rn NOT IN (SELECT rn FROM loans_first))
          TO '%s' (FORMAT parquet)
        """.formatted(file("curated/loans.parquet"), file("quarantine/loans.parquet")));
  }


  /**
   * The features stage's own SQL ({@code SafaricomPipeline.customerFeatures(asOf)}, its {@code ?} bound to the as-of
   * date) over the three curated tables, which carry the stage's input names; kept as the temp table {@code features}
   * and written as Parquet.
   */
  Step features(LocalDate asOf) {
    long started = System.nanoTime();
    // A SQL stage's candidates are its query; it never touches the context.
    WriteSource.Query stage = (WriteSource.Query) SafaricomPipeline.customerFeatures(asOf).candidates(() -> {
      throw new IllegalStateException("the features stage is SQL and needs no lake");
    });
    profiled("features", 1, () -> {
      try (PreparedStatement create = connection.prepareStatement("CREATE TEMP TABLE features AS " + stage.sql())) {
        bind(create, stage.params());
        create.execute();
      }
    });
    profiled("features", 2, () -> execute(
        "COPY features TO '%s' (FORMAT parquet)".formatted(file("cleaned/customer_features.parquet"))));
    logStep("features", started);
    long rows = count("SELECT count(*) FROM features");
    return new Step("features", rows, rows, 0, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Runs every query of {@link SafaricomInsights#ALL} over the temp tables {@code features} and the curated ones
   * (coverage and trends) and writes the results to
   * {@code file} as one JSON object keyed by insight name, each an array of row objects.
   *
   * @throws TakwimuException when a query fails or the file cannot be written
   */
  /** The temp tables the insights may read, under the input names they read them by. */
  private static final Map<String, DatasetId> TEMP_TABLES = Map.of("features", SafaricomPipeline.CUSTOMER_FEATURES,
      "customers", SafaricomPipeline.CUSTOMERS, "transactions", SafaricomPipeline.TRANSACTIONS,
      "loans", SafaricomPipeline.LOANS);

  void insights(Path file) {
    long started = System.nanoTime();
    StringBuilder json = new StringBuilder("{");
    for (InsightQuery<?> query : SafaricomInsights.ALL) {
      if (!TEMP_TABLES.entrySet().containsAll(query.inputs().entrySet())) {
        throw new IllegalStateException("Insight " + query.name() + " reads more than the features and the curated "
            + "tables: " + query.inputs());
      }
      json.append(json.length() > 1 ? ",\n" : "\n").append("  ").append(JsonText.string(query.name())).append(": [");
      try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
        bind(statement, query.params());
        try (ResultSet rows = statement.executeQuery()) {
          JsonText.appendRows(json, rows);
        }
      } catch (SQLException e) {
        throw new TakwimuException(e, "Plain DuckDB failed on insight %s: %s", query.name(), e.getMessage());
      }
    }
    json.append("\n}\n");
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write %s: %s", file, e.getMessage());
    }
    logStep("insights", started);
  }

  /**
   * Runs one dataset's check and write statements as two logged steps, counts rows read, kept and warned about
   * ({@code warnings}: an aggregate over the check table), then drops the load and check tables.
   */
  private Step dataset(String name, String warnings, String check, String write) {
    long started = System.nanoTime();
    step("curate " + name, check);
    step("write curated/" + name, write);
    long[] counts = new long[3];
    String sql = "SELECT count(*), count(*) - (SELECT count(*) FROM %1$s_first), %2$s FROM %1$s_checked"
        .formatted(name, warnings);
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      for (int i = 0; i < counts.length; i++) {
        counts[i] = row.getLong(i + 1);
      }
    } catch (SQLException e) {
      throw new TakwimuException(e, "Plain DuckDB failed on %s: %s", sql, e.getMessage());
    }
    execute("DROP TABLE %1$s_raw;\nDROP TABLE %1$s_checked;\nDROP TABLE %1$s_first".formatted(name));
    settings.log().printf(Locale.ROOT, "plain-duckdb %s: %d rows in, %d out, %d quarantined, %d warnings%n", name,
        counts[0], counts[0] - counts[1], counts[1], counts[2]);
    settings.log().flush();
    return new Step(name, counts[0], counts[0] - counts[1], counts[2], (System.nanoTime() - started) / 1e9);
  }

  /** Runs statements separated by ";\n", each profiled when asked, and logs their time under {@code name}. */
  private void step(String name, String sql) {
    long started = System.nanoTime();
    String[] statements = sql.split(";\\s*\n");
    for (int i = 0; i < statements.length; i++) {
      String statement = statements[i];
      profiled(name, i + 1, () -> execute(statement));
    }
    logStep(name, started);
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  /** Runs the action; with profiling on, DuckDB writes its profile to {@code profile/<step>-<index>.json}. */
  private void profiled(String step, int index, SqlAction action) {
    if (settings.profile()) {
      execute("PRAGMA enable_profiling = 'json';\nPRAGMA profiling_output = '"
          + file("profile/" + step.replace(' ', '_').replace('/', '_') + "-" + index + ".json") + "'");
    }
    try {
      action.run();
    } catch (SQLException e) {
      throw new TakwimuException(e, "Plain DuckDB failed on %s under %s: %s", step, out, e.getMessage());
    }
    if (settings.profile()) {
      execute("PRAGMA disable_profiling");
    }
  }

  private void logStep(String name, long started) {
    settings.log().printf(Locale.ROOT, "plain-duckdb step %-28s %.2fs%n", name, (System.nanoTime() - started) / 1e9);
    settings.log().flush();
  }

  private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object value = params.get(i);
      statement.setObject(i + 1, value instanceof LocalDate date ? date.toString() : value);
    }
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
