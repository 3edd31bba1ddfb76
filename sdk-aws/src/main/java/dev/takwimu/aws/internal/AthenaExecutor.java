package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.EncryptionOption;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;

/**
 * Runs statements on Athena. Values are sent only as execution parameters (SQL literals Athena binds to the {@code ?}
 * placeholders), never spliced into the statement. Each execution carries a client request token, so an SDK-level retry
 * of StartQueryExecution cannot start it twice. Status is polled with growing waits up to the query timeout; a timeout
 * or an interrupt stops the query. Statements that fail transiently (throttling, Iceberg commit conflicts) are run again
 * with jittered exponential backoff, and statements committing to the same table never overlap inside this process.
 */
public final class AthenaExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(AthenaExecutor.class);
  private static final String CATALOG = "AwsDataCatalog";
  private static final Duration MAX_POLL = Duration.ofSeconds(5);
  private static final int PAGE_SIZE = 1000;
  /** Failure reasons worth running the statement again for: commit conflicts and throttling. */
  private static final List<String> TRANSIENT = List.of("ICEBERG_COMMIT_ERROR", "TooManyRequestsException",
      "ThrottlingException", "Rate exceeded", "SlowDown", "Please reduce your request rate");
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd().toFormatter(Locale.ROOT);

  private final AthenaClient athena;
  private final AwsSettings settings;
  private final QueryLog queryLog;
  private final ConcurrentHashMap<String, ReentrantLock> tableLocks = new ConcurrentHashMap<>();
  private volatile Boolean workgroupHoldsResults;

  public AthenaExecutor(AthenaClient athena, AwsSettings settings) {
    this(athena, settings, QueryLog.NONE);
  }

  /** An executor appending every statement it runs to the query log. */
  public AthenaExecutor(AthenaClient athena, AwsSettings settings, QueryLog queryLog) {
    this.athena = athena;
    this.settings = settings;
    this.queryLog = queryLog;
  }

  /**
   * Makes the workgroup enforce the configured scan limit (Athena cancels a query that scans more); does nothing
   * when no limit is set.
   */
  public void applyScanLimit() {
    if (settings.scanLimitBytes() == null) {
      return;
    }
    String workgroup = settings.workgroup();
    try {
      WorkGroupConfiguration current = athena.getWorkGroup(r -> r.workGroup(workgroup)).workGroup().configuration();
      if (current != null && settings.scanLimitBytes().equals(current.bytesScannedCutoffPerQuery())) {
        return;
      }
      athena.updateWorkGroup(r -> r.workGroup(workgroup)
          .configurationUpdates(u -> u.bytesScannedCutoffPerQuery(settings.scanLimitBytes())));
    } catch (SdkException e) {
      throw AwsErrors.of(e, "athena:UpdateWorkGroup", "workgroup " + workgroup);
    }
  }

  /** Runs the statement to completion and returns all its rows (meant for small results). */
  public AthenaResult execute(AthenaStatement statement) {
    Finished finished = run(statement);
    try (Stream<List<Object>> rows = rows(finished)) {
      return new AthenaResult(finished.schema(), rows.toList(), finished.stats());
    }
  }

  /** Runs the statement to completion and streams its rows page by page; close the stream. */
  public StreamedResult stream(AthenaStatement statement) {
    Finished finished = run(statement);
    return new StreamedResult(finished.schema(), rows(finished), finished.stats());
  }

  /**
   * A finished statement's rows, fetched lazily one page at a time.
   *
   * @param schema the result's columns
   * @param rows the rows; fetching more pages as they are consumed
   * @param stats what the execution cost
   */
  public record StreamedResult(Schema schema, Stream<List<Object>> rows, QueryStats stats) {}

  /** A finished statement; {@code pages} has given its first page ({@code firstPage}) and fetches the rest lazily. */
  private record Finished(String executionId, boolean returnsRows, Schema schema, List<ColumnInfo> columns,
      QueryStats stats, GetQueryResultsResponse firstPage, Iterator<GetQueryResultsResponse> pages) {}

  private Finished run(AthenaStatement statement) {
    ReentrantLock lock = statement.lockKey() == null ? null
        : tableLocks.computeIfAbsent(statement.lockKey(), k -> new ReentrantLock());
    if (lock != null) {
      lock.lock();
    }
    try {
      int attempt = 1;
      while (true) {
        try {
          return runOnce(statement);
        } catch (TransientFailure e) {
          if (attempt >= settings.maxAttempts()) {
            throw new TakwimuException(String.format("Athena statement failed %d times, last: %s", attempt,
                e.getMessage()));
          }
          sleep(backoff(attempt));
          attempt++;
          LOG.debug("Retrying Athena statement (attempt {}): {}", attempt, e.getMessage());
        }
      }
    } finally {
      if (lock != null) {
        lock.unlock();
      }
    }
  }

  /** Exponential backoff with full jitter: up to 0.5 s, 1 s, 2 s, ... capped at 20 s. */
  private static Duration backoff(int attempt) {
    long cap = Math.min(20_000L, 500L << Math.min(attempt - 1, 10));
    return Duration.ofMillis(100 + ThreadLocalRandom.current().nextLong(cap));
  }

  private static final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransientFailure(String message) {
      super(message, null, false, false);
    }
  }

  private Finished runOnce(AthenaStatement statement) {
    String sql = statement.sql();
    boolean returnsRows = returnsRows(sql);
    List<String> literals = statement.params().stream().map(AthenaExecutor::literal).toList();
    List<String> parameters = literals;
    if (!literals.isEmpty()) {
      // Athena binds a value only in a WHERE clause of a SELECT, INSERT INTO, CTAS or UNLOAD, and only up to 1,024
      // characters; any other value is written into the text as the same literal Athena would have substituted
      boolean accepts = acceptsParameters(sql);
      List<Boolean> inWhere = SqlCalls.placeholdersInWhere(sql);
      List<String> texts = new ArrayList<>(literals.size());
      List<String> bound = new ArrayList<>(literals.size());
      for (int i = 0; i < literals.size(); i++) {
        String literal = literals.get(i);
        boolean bind = accepts && i < inWhere.size() && inWhere.get(i) && literal.length() <= MAX_PARAMETER_LENGTH;
        texts.add(bind ? "?" : literal);
        if (bind) {
          bound.add(literal);
        }
      }
      if (bound.size() < literals.size()) {
        sql = SqlCalls.replacePlaceholders(sql, texts);
        parameters = List.copyOf(bound);
      }
    }
    StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
        .queryExecutionContext(c -> c.catalog(CATALOG).database(statement.database()))
        .workGroup(settings.workgroup())
        .clientRequestToken(UUID.randomUUID().toString());
    if (!parameters.isEmpty()) {
      request.executionParameters(parameters);
    }
    if (returnsRows && statement.reusable() && !settings.resultReuse().isZero() && workgroupHoldsResults()) {
      // Athena disables reuse for a query that overrides the result configuration, so none is sent: the workgroup
      // has the same one. Athena documents its match as the query string (with database, catalog, workgroup and
      // result configuration), not the execution parameters: the key comment puts them into the string, so a
      // reused result can never belong to other values.
      if (!parameters.isEmpty()) {
        sql = "-- takwimu-reuse-key " + reuseKey(sql, parameters) + "\n" + sql;
      }
      long minutes = Math.max(1, settings.resultReuse().toMinutes());
      request.resultReuseConfiguration(r -> r.resultReuseByAgeConfiguration(a -> a.enabled(true)
          .maxAgeInMinutes((int) minutes)));
    } else {
      request.resultConfiguration(resultConfiguration());
    }
    request.queryString(sql);
    Logged logged = new Logged(Instant.now(), System.nanoTime(), sql, parameters, statement.database());
    String executionId;
    try {
      executionId = athena.startQueryExecution(request.build()).queryExecutionId();
    } catch (SdkException e) {
      log(logged, null, "REJECTED", null, e.getMessage());
      if (isTransient(e.getMessage())) {
        throw new TransientFailure(e.getMessage());
      }
      throw AwsErrors.of(e, "athena:StartQueryExecution", "workgroup " + settings.workgroup());
    }
    QueryExecution execution = await(executionId, statement, logged);
    QueryExecutionStatistics statistics = execution.statistics();
    QueryStats stats = new QueryStats(executionId,
        statistics == null || statistics.dataScannedInBytes() == null ? 0 : statistics.dataScannedInBytes(),
        Duration.ofMillis(statistics == null || statistics.engineExecutionTimeInMillis() == null ? 0
            : statistics.engineExecutionTimeInMillis()),
        statistics != null && statistics.resultReuseInformation() != null
            && Boolean.TRUE.equals(statistics.resultReuseInformation().reusedPreviousResult()));
    if (!returnsRows) {
      return new Finished(executionId, false, new Schema(List.of()), List.of(), stats, null, null);
    }
    Iterator<GetQueryResultsResponse> pages = athena.getQueryResultsPaginator(r -> r.queryExecutionId(executionId)
        .maxResults(PAGE_SIZE)).iterator();
    GetQueryResultsResponse first = nextPage(pages, executionId);
    List<ColumnInfo> columns = first.resultSet().resultSetMetadata() == null ? List.of()
        : first.resultSet().resultSetMetadata().columnInfo();
    List<Column> schema = new ArrayList<>();
    for (ColumnInfo column : columns) {
      schema.add(Column.of(column.name(), dataType(column.type())));
    }
    return new Finished(executionId, true, new Schema(schema), columns, stats, first, pages);
  }

  /**
   * Whether the workgroup's own result configuration is the one this executor would send (the result location, and
   * the KMS key when one is set) or the workgroup enforces its own, so that a query may leave it out; read once with
   * GetWorkGroup. Otherwise reuse cannot apply, which is logged once.
   */
  private boolean workgroupHoldsResults() {
    Boolean holds = workgroupHoldsResults;
    if (holds == null) {
      String workgroup = settings.workgroup();
      String reason;
      try {
        WorkGroupConfiguration configuration = athena.getWorkGroup(r -> r.workGroup(workgroup)).workGroup()
            .configuration();
        ResultConfiguration own = configuration == null ? null : configuration.resultConfiguration();
        String location = own == null || own.outputLocation() == null ? null : withSlash(own.outputLocation());
        boolean enforced = configuration != null && Boolean.TRUE.equals(configuration.enforceWorkGroupConfiguration());
        boolean sameKey = settings.kmsKeyId() == null || own != null && own.encryptionConfiguration() != null
            && own.encryptionConfiguration().encryptionOption() == EncryptionOption.SSE_KMS
            && settings.kmsKeyId().equals(own.encryptionConfiguration().kmsKey());
        holds = location != null && (enforced || location.equals(withSlash(settings.resultLocation().uri()))
            && sameKey);
        reason = location == null ? "has no query result location" : "has the query result location " + location
            + (sameKey ? "" : " without the KMS key " + settings.kmsKeyId());
      } catch (SdkException e) {
        holds = false;
        reason = "could not be read (" + e.getMessage() + ")";
      }
      if (!holds) {
        LOG.warn("Athena result reuse is on, but workgroup {} {}: Athena reuses no result of a query that sends its "
            + "own result configuration, so none will be reused. Set the workgroup's query result location to {}{}.",
            workgroup, reason, settings.resultLocation().uri(),
            settings.kmsKeyId() == null ? "" : " with SSE_KMS and key " + settings.kmsKeyId());
      }
      workgroupHoldsResults = holds;
    }
    return holds;
  }

  private static String withSlash(String uri) {
    return uri.endsWith("/") ? uri : uri + "/";
  }

  private ResultConfiguration resultConfiguration() {
    ResultConfiguration.Builder result = ResultConfiguration.builder().outputLocation(settings.resultLocation().uri());
    if (settings.kmsKeyId() != null) {
      result.encryptionConfiguration(e -> e.encryptionOption(EncryptionOption.SSE_KMS).kmsKey(settings.kmsKeyId()));
    }
    return result.build();
  }

  /** What the query log needs of a statement besides its end. */
  private record Logged(Instant started, long startNanos, String sql, List<String> parameters, String database) {}

  private void log(Logged logged, String executionId, String state, QueryExecution execution, String error) {
    QueryExecutionStatistics statistics = execution == null ? null : execution.statistics();
    queryLog.record(new QueryLog.Entry(logged.started(), executionId, state, settings.workgroup(), logged.database(),
        logged.sql(), logged.parameters(),
        statistics == null || statistics.dataScannedInBytes() == null ? 0 : statistics.dataScannedInBytes(),
        statistics == null || statistics.engineExecutionTimeInMillis() == null ? 0
            : statistics.engineExecutionTimeInMillis(),
        Duration.ofNanos(System.nanoTime() - logged.startNanos()).toMillis(),
        statistics != null && statistics.resultReuseInformation() != null
            && Boolean.TRUE.equals(statistics.resultReuseInformation().reusedPreviousResult()),
        error));
  }

  private QueryExecution await(String executionId, AthenaStatement statement, Logged logged) {
    long deadline = System.nanoTime() + settings.queryTimeout().toNanos();
    Duration wait = settings.pollInterval();
    while (true) {
      QueryExecution execution;
      try {
        execution = athena.getQueryExecution(r -> r.queryExecutionId(executionId)).queryExecution();
      } catch (SdkException e) {
        throw AwsErrors.of(e, "athena:GetQueryExecution", "query " + executionId);
      }
      QueryExecutionState state = execution.status().state();
      if (state == QueryExecutionState.SUCCEEDED) {
        log(logged, executionId, state.toString(), execution, null);
        return execution;
      }
      if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
        String reason = execution.status().stateChangeReason();
        log(logged, executionId, state.toString(), execution, reason == null ? "no reason given" : reason);
        String message = describe(statement) + " " + state.toString().toLowerCase(Locale.ROOT) + ": "
            + (reason == null ? "no reason given" : reason);
        if (state == QueryExecutionState.FAILED && isTransient(reason)) {
          throw new TransientFailure(message);
        }
        if (reason != null && reason.contains("Bytes scanned limit")) {
          throw new TakwimuException(message + " (the workgroup's scan limit stopped it; raise "
              + "takwimu.aws.athena.scan-limit or narrow the query)");
        }
        throw new TakwimuException(message + " [query " + executionId + "]");
      }
      if (System.nanoTime() > deadline) {
        stop(executionId);
        log(logged, executionId, "CANCELLED", execution, "did not finish within " + settings.queryTimeout());
        throw new TakwimuException(String.format("%s did not finish within %s and was cancelled [query %s]",
            describe(statement), settings.queryTimeout(), executionId));
      }
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        stop(executionId);
        log(logged, executionId, "CANCELLED", execution, "interrupted");
        Thread.currentThread().interrupt();
        throw new TakwimuException(describe(statement) + " was interrupted and cancelled [query " + executionId + "]");
      }
      wait = wait.multipliedBy(3).dividedBy(2);
      if (wait.compareTo(MAX_POLL) > 0) {
        wait = MAX_POLL;
      }
    }
  }

  private void stop(String executionId) {
    try {
      athena.stopQueryExecution(r -> r.queryExecutionId(executionId));
    } catch (SdkException e) {
      LOG.warn("Could not stop Athena query {}: {}", executionId, e.getMessage());
    }
  }

  /** The paginator's next page, fetched now; null when there is none. */
  private static GetQueryResultsResponse nextPage(Iterator<GetQueryResultsResponse> pages, String executionId) {
    try {
      return pages.hasNext() ? pages.next() : null;
    } catch (SdkException e) {
      throw AwsErrors.of(e, "athena:GetQueryResults", "query " + executionId);
    }
  }

  /**
   * The rows of every page, fetched by the SDK's paginator one page at a time as the stream is consumed; Athena's
   * first row of the first page repeats the column names and is skipped.
   */
  private Stream<List<Object>> rows(Finished finished) {
    if (!finished.returnsRows()) {
      return Stream.empty();
    }
    Iterator<List<Object>> iterator = new Iterator<>() {
      private GetQueryResultsResponse page = finished.firstPage();
      private int index = page != null && isHeader(page, finished.columns()) ? 1 : 0;

      @Override
      public boolean hasNext() {
        while (page != null && index >= page.resultSet().rows().size()) {
          page = nextPage(finished.pages(), finished.executionId());
          index = 0;
        }
        return page != null;
      }

      @Override
      public List<Object> next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        List<Datum> data = page.resultSet().rows().get(index++).data();
        List<Object> values = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
          values.add(value(data.get(i).varCharValue(), finished.columns().get(i)));
        }
        return values;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
  }

  private static boolean isHeader(GetQueryResultsResponse page, List<ColumnInfo> columns) {
    if (page.resultSet().rows().isEmpty()) {
      return false;
    }
    List<Datum> first = page.resultSet().rows().get(0).data();
    if (first.size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < first.size(); i++) {
      if (!columns.get(i).name().equals(first.get(i).varCharValue())) {
        return false;
      }
    }
    return true;
  }

  /** Whether Athena answers the statement with rows (a query) rather than with nothing (DDL, INSERT, MERGE...). */
  /** Whether Athena takes execution parameters in this statement at all: SELECT, INSERT INTO, CTAS and UNLOAD. */
  static boolean acceptsParameters(String sql) {
    String head = stripLeadingComments(sql).toUpperCase(Locale.ROOT);
    return head.startsWith("SELECT") || head.startsWith("WITH") || head.startsWith("(") || head.startsWith("INSERT")
        || head.startsWith("CREATE") || head.startsWith("UNLOAD");
  }

  static boolean returnsRows(String sql) {
    String head = stripLeadingComments(sql).toUpperCase(Locale.ROOT);
    return head.startsWith("SELECT") || head.startsWith("WITH") || head.startsWith("(") || head.startsWith("VALUES")
        || head.startsWith("SHOW") || head.startsWith("DESCRIBE") || head.startsWith("EXPLAIN");
  }

  private static String stripLeadingComments(String sql) {
    String rest = sql.stripLeading();
    while (rest.startsWith("--") || rest.startsWith("/*")) {
      int end = rest.startsWith("--") ? rest.indexOf('\n') : rest.indexOf("*/");
      if (end < 0) {
        return "";
      }
      rest = rest.substring(end + (rest.startsWith("--") ? 1 : 2)).stripLeading();
    }
    return rest;
  }

  static DataType dataType(String athenaType) {
    String type = athenaType == null ? "varchar" : athenaType.toLowerCase(Locale.ROOT);
    if (type.startsWith("varchar") || type.startsWith("char") || type.equals("string")) {
      return DataType.STRING;
    }
    return switch (type.replaceAll("\\(.*", "")) {
      case "bigint" -> DataType.LONG;
      case "integer", "int", "smallint", "tinyint" -> DataType.INT;
      case "double", "float", "real", "decimal" -> DataType.DOUBLE;
      case "boolean" -> DataType.BOOLEAN;
      case "date" -> DataType.DATE;
      case "timestamp" -> DataType.TIMESTAMP;
      default -> DataType.STRING;
    };
  }

  /** A value as Athena printed it, converted to the Java type of its column. */
  static Object value(String text, ColumnInfo column) {
    if (text == null) {
      return null;
    }
    String type = column.type() == null ? "varchar" : column.type().toLowerCase(Locale.ROOT).replaceAll("\\(.*", "");
    return switch (dataType(type)) {
      case STRING -> text;
      case LONG -> Long.parseLong(text);
      case INT -> Integer.parseInt(text);
      case DOUBLE -> type.equals("decimal") ? new BigDecimal(text).doubleValue() : parseDouble(text);
      case BOOLEAN -> Boolean.parseBoolean(text);
      case DATE -> LocalDate.parse(text);
      case TIMESTAMP -> LocalDateTime.parse(text.replace('T', ' '), TIMESTAMP);
    };
  }

  private static double parseDouble(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** Athena's limit on one execution parameter (StartQueryExecution, ExecutionParameters: 1 to 1,024 characters). */
  static final int MAX_PARAMETER_LENGTH = 1024;

  /**
   * The statement with its values written into it as literals, for the places where Athena takes no execution
   * parameter (outside WHERE, in MERGE, values over 1,024 characters). Every value goes through {@link #literal}, the
   * one escaping function: a string literal has no escape but its doubled quote, so any text is safe in it.
   */
  public static String inline(String sql, List<?> values) {
    return SqlCalls.replacePlaceholders(sql, values.stream().map(AthenaExecutor::literal).toList());
  }

  /**
   * A value as the SQL literal Athena binds to a placeholder: strings quoted with quotes doubled, typed literals for
   * longs, dates and timestamps, doubles in scientific notation so they stay DOUBLE (a plain {@code 1.5} is a
   * DECIMAL).
   */
  public static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String text) {
      return "'" + text.replace("'", "''") + "'";
    }
    if (value instanceof Boolean bool) {
      return bool ? "true" : "false";
    }
    if (value instanceof Long) {
      return "BIGINT '" + value + "'"; // a bare 42 would be an INTEGER
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d)) {
        return "nan()";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "infinity()" : "-infinity()";
      }
      String text = Double.toString(d);
      return text.contains("E") ? text : text + "E0";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof LocalDate date) {
      return "DATE '" + date + "'";
    }
    if (value instanceof LocalDateTime timestamp) {
      return "TIMESTAMP '" + timestamp.toLocalDate() + " " + timestamp.toLocalTime().format(
          DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT)) + "'";
    }
    throw new IllegalArgumentException("Cannot bind a " + value.getClass().getName() + " as an Athena parameter");
  }

  private static String reuseKey(String sql, List<String> parameters) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(sql, String.join("\u0000", parameters))) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isTransient(String message) {
    return message != null && TRANSIENT.stream().anyMatch(message::contains);
  }

  private static String describe(AthenaStatement statement) {
    String first = stripLeadingComments(statement.sql()).lines().findFirst().orElse("").strip();
    return "Athena statement '" + (first.length() > 80 ? first.substring(0, 77) + "..." : first) + "'";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TakwimuException("Interrupted while waiting to retry an Athena statement");
    }
  }
}
