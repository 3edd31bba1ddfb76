package dev.takwimu.aws.testing;

import io.trino.execution.QueryInfo;
import io.trino.jdbc.TrinoConnection;
import io.trino.jdbc.TrinoStatement;
import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorType;
import io.trino.spi.QueryId;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.ColumnNullable;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StatementType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Athena execution as Trino runs it: its state as Athena reports it, and once it succeeded its rows in Athena's
 * result format. Thread-safe: the run happens on an executor thread while the client polls.
 */
final class TrinoRun {
  /** Statements whose results carry the column names as their first row (queries; not SHOW, DESCRIBE, EXPLAIN). */
  private static final List<String> QUERY_KEYWORDS = List.of("SELECT", "WITH", "VALUES", "TABLE", "(");

  private static final Pattern FAILED_QUERY = Pattern.compile(
      "^Query failed \\(#([0-9a-z_]+)\\)");

  private final AthenaOnTrino.StatementRecord record;
  private final AthenaToTrino.Translation translation;
  private final Instant submitted = Instant.now();

  private QueryExecutionState state = QueryExecutionState.QUEUED;
  private Instant completed;
  private String failure;
  private AthenaError error;
  private Statement running;
  private List<ColumnInfo> columns = List.of();
  private List<Row> rows = List.of();
  private Long updateCount;
  private long dataScannedBytes;
  private long engineMillis;

  /** A run of the given translation, or with {@code translation} null a run that failed with {@code failure}. */
  TrinoRun(AthenaOnTrino.StatementRecord record, AthenaToTrino.Translation translation, String failure) {
    this.record = record;
    this.translation = translation;
    if (translation == null) {
      fail(failure, 2, 1000);
    }
  }

  /**
   * A run answered with the result of an earlier one (Athena's result reuse): succeeded at once with the earlier
   * run's columns and rows, nothing scanned, no Trino statement.
   */
  static TrinoRun reusing(AthenaOnTrino.StatementRecord record, TrinoRun earlier) {
    TrinoRun run = new TrinoRun(record, null, null);
    synchronized (run) {
      run.state = QueryExecutionState.SUCCEEDED;
      run.failure = null;
      run.error = null;
      run.completed = Instant.now();
      run.columns = earlier.columns();
      run.rows = earlier.rows();
    }
    return run;
  }

  AthenaOnTrino.StatementRecord record() {
    return record;
  }

  /** Runs the statement on Trino to its end; returns at once if the run was cancelled or failed before it began. */
  void run(TrinoOnMoto trino, S3Client s3) {
    long started = System.nanoTime();
    AtomicReference<String> queryId = new AtomicReference<>();
    try (Connection connection = trino.connect(record.database());
        Statement statement = connection.createStatement()) {
      synchronized (this) {
        if (state != QueryExecutionState.QUEUED) {
          return;
        }
        state = QueryExecutionState.RUNNING;
        running = statement;
      }
      statement.unwrap(TrinoStatement.class)
          .setProgressMonitor(stats -> queryId.compareAndSet(null, stats.getQueryId()));
      List<ColumnInfo> resultColumns = List.of();
      List<Row> resultRows = new ArrayList<>();
      Long count = null;
      if (translation instanceof AthenaToTrino.Unload unload) {
        count = unload(statement, unload, s3);
      } else if (statement.execute(((AthenaToTrino.Sql) translation).sql())) {
        try (ResultSet resultSet = statement.getResultSet()) {
          resultColumns = columns(resultSet.getMetaData());
          if (isQuery()) {
            resultRows.add(row(resultColumns.stream().map(ColumnInfo::name).toList()));
          }
          while (resultSet.next()) {
            resultRows.add(row(values(resultSet)));
          }
        }
      } else if (statement.getLargeUpdateCount() >= 0) {
        count = statement.getLargeUpdateCount();
      }
      QueryInfo info = finalInfo(trino, queryId.get());
      synchronized (this) {
        columns = List.copyOf(resultColumns);
        rows = List.copyOf(resultRows);
        updateCount = count;
        dataScannedBytes = info == null ? 0 : info.getQueryStats().getPhysicalInputDataSize().toBytes();
        finish(QueryExecutionState.SUCCEEDED, started);
      }
    } catch (SQLException | RuntimeException e) {
      // a statement that fails at once does not reach the progress monitor; its id is in the driver's message
      Matcher failed = FAILED_QUERY.matcher(String.valueOf(e.getMessage()));
      QueryInfo info = finalInfo(trino, queryId.get() != null ? queryId.get() : failed.find() ? failed.group(1) : null);
      synchronized (this) {
        if (state == QueryExecutionState.CANCELLED) {
          return;
        }
        if (info != null && info.getErrorCode() != null && info.getFailureInfo() != null) {
          ErrorCode code = info.getErrorCode();
          // Athena's StateChangeReason is "ERROR_NAME: message"; its AthenaError is category 2 (user) with type 1000
          // for the engine's user errors, category 1 (system) with type 200 (engine internal error) otherwise
          boolean user = code.getType() == ErrorType.USER_ERROR;
          fail(code.getName() + ": " + info.getFailureInfo().getMessage(), user ? 2 : 1, user ? 1000 : 200);
        } else {
          fail(e.getMessage(), 2, 1000);
        }
        engineMillis = (System.nanoTime() - started) / 1_000_000;
      }
    } finally {
      synchronized (this) {
        running = null;
      }
    }
  }

  /** Stops the run like StopQueryExecution: cancels the Trino statement; a finished run stays as it ended. */
  void cancel() {
    Statement statement;
    synchronized (this) {
      if (isDone()) {
        return;
      }
      state = QueryExecutionState.CANCELLED;
      completed = Instant.now();
      statement = running;
    }
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        // the statement ended on its own meanwhile
      }
    }
  }

  synchronized boolean isDone() {
    return state == QueryExecutionState.SUCCEEDED || state == QueryExecutionState.FAILED
        || state == QueryExecutionState.CANCELLED;
  }

  synchronized QueryExecutionState state() {
    return state;
  }

  synchronized String failure() {
    return failure;
  }

  synchronized AthenaError error() {
    return error;
  }

  Instant submitted() {
    return submitted;
  }

  synchronized Instant completed() {
    return completed;
  }

  synchronized long dataScannedBytes() {
    return dataScannedBytes;
  }

  synchronized long engineMillis() {
    return engineMillis;
  }

  synchronized List<ColumnInfo> columns() {
    return columns;
  }

  /** Whether the run answered with a result set (a query, SHOW...) rather than an update count or nothing. */
  synchronized boolean hasRows() {
    return !columns.isEmpty();
  }

  /** All result rows, the header row first for queries. */
  synchronized List<Row> rows() {
    return rows;
  }

  synchronized Long updateCount() {
    return updateCount;
  }

  /** Athena's statement type: DML for queries and writes (UNLOAD, INSERT, MERGE...), UTILITY for EXPLAIN, else DDL. */
  StatementType statementType() {
    String keyword = firstKeyword();
    if (List.of("SELECT", "WITH", "VALUES", "TABLE", "(", "INSERT", "UPDATE", "DELETE", "MERGE", "UNLOAD")
        .contains(keyword)) {
      return StatementType.DML;
    }
    return keyword.equals("EXPLAIN") ? StatementType.UTILITY : StatementType.DDL;
  }

  private boolean isQuery() {
    return QUERY_KEYWORDS.contains(firstKeyword());
  }

  private String firstKeyword() {
    return firstKeyword(record.athenaSql());
  }

  /** The statement's first keyword in upper case (or its first character), after white space and comments. */
  static String firstKeyword(String statement) {
    String sql = statement.stripLeading();
    while (sql.startsWith("--") || sql.startsWith("/*")) {
      int end = sql.startsWith("--") ? sql.indexOf('\n') : sql.indexOf("*/");
      sql = end < 0 ? "" : sql.substring(end + (sql.startsWith("--") ? 1 : 2)).stripLeading();
    }
    int end = 0;
    while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
      end++;
    }
    return end == 0 ? sql.substring(0, Math.min(1, sql.length())) : sql.substring(0, end).toUpperCase(Locale.ROOT);
  }

  private void fail(String message, int category, int type) {
    state = QueryExecutionState.FAILED;
    failure = message;
    error = AthenaError.builder().errorCategory(category).errorType(type).retryable(false).errorMessage(message)
        .build();
    completed = Instant.now();
  }

  private void finish(QueryExecutionState finalState, long startedNanos) {
    engineMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    if (state == QueryExecutionState.RUNNING) {
      state = finalState;
      completed = Instant.now();
    }
  }

  /**
   * Emulates Athena's UNLOAD, which Trino lacks, the way Athena engine v3 (Trino) writes it: a CREATE TABLE AS of a
   * temporary Hive table (catalog {@value TrinoOnMoto#UNLOAD_CATALOG}) at the target prefix, in the file format and
   * compression the UNLOAD asks for ({@link UnloadFormat}: TEXTFILE and JSON gzip-compressed), then DROP TABLE, which
   * leaves the files. So the files are named as Trino's Hive writer names them, {@code <query id>_<uuid>} plus
   * {@code .gz} for compressed text, and TEXTFILE has no header, the {@code field_delimiter} (default {@code \001})
   * and {@code \N} for null. Unnamed columns are called {@code _col0}, {@code _col1}... as in Athena. Like Athena,
   * refuses a prefix that already holds objects; partitioned UNLOADs are not emulated.
   */
  private long unload(Statement statement, AthenaToTrino.Unload unload, S3Client s3) throws SQLException {
    UnloadFormat format = UnloadFormat.of(unload.properties());
    if (unload.properties().containsKey("partitioned_by")) {
      throw new IllegalArgumentException("The UNLOAD emulation does not write partitions (partitioned_by)");
    }
    URI target = URI.create(unload.location());
    String bucket = target.getHost();
    String path = target.getPath().replaceFirst("^/", "");
    String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    if (s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).keyCount() > 0) {
      throw new IllegalArgumentException("HIVE_PATH_ALREADY_EXISTS: Target directory for table already exists: "
          + unload.location() + ". You may need to manually clean the data at location '" + unload.location()
          + "' before retrying.");
    }
    Connection connection = statement.getConnection();
    connection.unwrap(TrinoConnection.class).setSessionProperty(TrinoOnMoto.UNLOAD_CATALOG + ".compression_codec",
        format.hiveCodec());
    List<String> names = new ArrayList<>();
    try (Statement describe = connection.createStatement();
        ResultSet empty = describe.executeQuery("SELECT * FROM (" + unload.query() + ") LIMIT 0")) {
      ResultSetMetaData metaData = empty.getMetaData();
      for (int i = 1; i <= metaData.getColumnCount(); i++) {
        String name = metaData.getColumnLabel(i).toLowerCase(Locale.ROOT);
        names.add(names.contains(name) ? "_col" + (i - 1) : name);
      }
    }
    String schema = quote(TrinoOnMoto.UNLOAD_CATALOG) + ".\"unload\"";
    String table = schema + "."
        + quote("tk_unload_" + record.executionId().replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT));
    try (Statement create = connection.createStatement()) {
      create.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    String with = "format = '" + format.format() + "', external_location = '" + unload.location().replace("'", "''")
        + "'" + (format.format().equals("TEXTFILE")
            ? ", textfile_field_separator = '" + format.fieldDelimiter().replace("'", "''") + "'" : "");
    statement.execute("CREATE TABLE " + table + " WITH (" + with + ") AS SELECT * FROM (" + unload.query()
        + ") AS unload_rows(" + String.join(", ", names.stream().map(TrinoRun::quote).toList()) + ")");
    long count = Math.max(0, statement.getLargeUpdateCount());
    try (Statement drop = connection.createStatement()) {
      drop.execute("DROP TABLE " + table); // a table with an external location: its files stay
    }
    return count;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /**
   * The query's final statistics and failure from the server (JDBC tells neither the physical input bytes nor the
   * error name), or null if the server no longer knows the query.
   */
  private static QueryInfo finalInfo(TrinoOnMoto trino, String queryId) {
    if (queryId == null) {
      return null;
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    Optional<QueryInfo> info = trino.server().getDispatchManager().getFullQueryInfo(QueryId.valueOf(queryId));
    while (info.isPresent() && !info.get().isFinalQueryInfo() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      info = trino.server().getDispatchManager().getFullQueryInfo(QueryId.valueOf(queryId));
    }
    return info.orElse(null);
  }

  /**
   * Athena's column metadata: the type name without its parameters, lower case ({@code varchar}, {@code decimal},
   * {@code timestamp}, {@code array}...), except that Trino's {@code real} is Athena's {@code float}.
   */
  private static List<ColumnInfo> columns(ResultSetMetaData metaData) throws SQLException {
    List<ColumnInfo> columns = new ArrayList<>();
    for (int i = 1; i <= metaData.getColumnCount(); i++) {
      String type = metaData.getColumnTypeName(i).toLowerCase(Locale.ROOT).replaceAll("\\(.*?\\)+", "").strip();
      columns.add(ColumnInfo.builder()
          .catalogName("hive").schemaName("").tableName("")
          .name(metaData.getColumnLabel(i)).label(metaData.getColumnLabel(i))
          .type(type.equals("real") ? "float" : type)
          .precision(metaData.getPrecision(i)).scale(metaData.getScale(i))
          .nullable(ColumnNullable.UNKNOWN)
          .caseSensitive(type.equals("varchar") || type.equals("char"))
          .build());
    }
    return columns;
  }

  /**
   * The row's values as Athena prints them, which is how Trino's client protocol sends them: dates
   * {@code 2024-01-31}, timestamps {@code 2024-01-31 10:00:00.000}, booleans {@code true}, doubles as Java's
   * {@code Double.toString}, decimals with their scale ({@code 12.50}); null stays null.
   */
  private static List<String> values(ResultSet resultSet) throws SQLException {
    int count = resultSet.getMetaData().getColumnCount();
    List<String> values = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      values.add(resultSet.getString(i));
    }
    return values;
  }

  private static Row row(List<String> values) {
    return Row.builder().data(values.stream()
        .map(v -> v == null ? Datum.builder().build() : Datum.builder().varCharValue(v).build()).toList()).build();
  }
}
