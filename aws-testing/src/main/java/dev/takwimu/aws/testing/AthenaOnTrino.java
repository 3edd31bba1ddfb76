package dev.takwimu.aws.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.BatchGetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.BatchGetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseByAgeConfiguration;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.ResultSetMetadata;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.UnprocessedQueryExecutionId;
import software.amazon.awssdk.services.athena.model.WorkGroupConfiguration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Makes an {@code AthenaClient} pointed at moto behave like Athena: moto receives and records every request (it never
 * executes SQL), and this interceptor runs each started statement on Trino and rewrites the answers of
 * GetQueryExecution and BatchGetQueryExecution (state, failure, statistics) and GetQueryResults (Trino's rows,
 * paginated as Athena does).
 *
 * <p>StartQueryExecution takes the query, its execution parameters, database and catalog (only
 * {@code AwsDataCatalog}, Trino's {@value TrinoOnMoto#CATALOG}), translates Athena-only syntax with
 * {@link AthenaToTrino}, and runs the statement on an executor thread. Repeating a client request token returns the
 * first execution, as Athena's idempotency does. StopQueryExecution cancels the Trino statement.
 *
 * <p>The result configuration is the request's, or the work group's when the request has none or the work group
 * enforces its own; a statement with neither output location is refused as Athena refuses it. Result reuse is
 * emulated as the Athena User Guide documents it ("Reuse query results in Athena"): a SELECT that asks for it, sends no
 * result configuration of its own and uses no non-deterministic function (nor LIMIT without ORDER BY) is answered
 * with the rows of the latest earlier execution in the same work group with the same query string, catalog,
 * database and result configuration, completed within the maximum age, without running Trino and whatever the tables
 * hold now. Execution parameters are not part of the documented match, so they are not compared.
 */
public final class AthenaOnTrino implements ExecutionInterceptor {
  /** Athena's page size limit for GetQueryResults (also its default). */
  public static final int MAX_RESULTS = 1000;
  private static final ExecutionAttribute<Prepared> PENDING = new ExecutionAttribute<>("AthenaOnTrino.pending");
  private static final ExecutionAttribute<String> BODY = new ExecutionAttribute<>("AthenaOnTrino.body");
  private static final String DEFAULT_CATALOG = "AwsDataCatalog";

  /**
   * One statement as the backend sent it and as Trino ran it.
   *
   * @param executionId the query execution id (moto's)
   * @param athenaSql the query string as sent to Athena
   * @param trinoSql what Trino ran (for UNLOAD, the query whose rows were written); null if it could not be translated
   * @param parameters the execution parameters (SQL literal texts)
   * @param catalog the context's catalog ({@code AwsDataCatalog} when not given)
   * @param database the context's database ({@code default} when not given, as on Athena)
   * @param workGroup the work group ({@code primary} when not given)
   * @param clientRequestToken the idempotency token (the SDK fills one in when the caller does not)
   * @param resultConfiguration the result configuration the execution used (its own or its work group's)
   * @param resultConfigurationOverride whether the request carried a result configuration of its own
   * @param reusedExecutionId the execution whose result this one reused; null when it ran
   */
  public record StatementRecord(String executionId, String athenaSql, String trinoSql, List<String> parameters,
      String catalog, String database, String workGroup, String clientRequestToken,
      ResultConfiguration resultConfiguration, boolean resultConfigurationOverride, String reusedExecutionId) {
    public StatementRecord {
      parameters = List.copyOf(parameters);
    }

    StatementRecord withExecution(String id, String reused) {
      return new StatementRecord(id, athenaSql, trinoSql, parameters, catalog, database, workGroup,
          clientRequestToken, resultConfiguration, resultConfigurationOverride, reused);
    }
  }

  /**
   * A started statement waiting for its execution id: translated, or failed (translation null) with a reason;
   * {@code reuseMinutes} is the maximum age of a result it may reuse, null when it may reuse none; {@code refusal}
   * is why Athena refuses the request itself (HTTP 400), null when it accepts it.
   */
  private record Prepared(StatementRecord record, AthenaToTrino.Translation translation, String failure,
      Integer reuseMinutes, String refusal) {
  }

  /** Non-deterministic functions, whose queries Athena never answers from a reused result. */
  private static final Pattern RANDOM = Pattern.compile("\\b(rand|random|shuffle|uuid)\\s*\\(",
      Pattern.CASE_INSENSITIVE);
  /** LIMIT without ORDER BY is non-deterministic too (Athena's example). */
  private static final Pattern LIMIT = Pattern.compile("\\bLIMIT\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ORDER_BY = Pattern.compile("\\bORDER\\s+BY\\b", Pattern.CASE_INSENSITIVE);

  private final TrinoOnMoto trino;
  private final S3Client s3;
  private final AthenaClient workGroups;
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "athena-on-trino");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, TrinoRun> runs = new ConcurrentHashMap<>();
  private final Map<String, String> executionsByToken = new ConcurrentHashMap<>();
  private final List<StatementRecord> records = new CopyOnWriteArrayList<>();

  /**
   * An interceptor running statements on the given Trino, checking that an UNLOAD's target is empty with the given S3
   * client and reading work group configurations with the given Athena client (one without this interceptor); it
   * closes neither. Trino writes the UNLOAD's files.
   */
  public AthenaOnTrino(TrinoOnMoto trino, S3Client s3, AthenaClient workGroups) {
    this.trino = trino;
    this.s3 = s3;
    this.workGroups = workGroups;
  }

  /** Every statement started since the last {@link #clear()}, in start order. */
  public List<StatementRecord> statements() {
    return List.copyOf(records);
  }

  /** Forgets the recorded statements and executions; runs still going are cancelled. */
  public void clear() {
    runs.values().forEach(TrinoRun::cancel);
    runs.clear();
    executionsByToken.clear();
    records.clear();
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (context.request() instanceof StartQueryExecutionRequest request) {
      // the token the SDK would generate while marshalling, generated here so that it can be recorded
      StartQueryExecutionRequest withToken = request.clientRequestToken() != null ? request
          : request.toBuilder().clientRequestToken(UUID.randomUUID().toString()).build();
      attributes.putAttribute(PENDING, prepare(withToken));
      return withToken;
    }
    if (context.request() instanceof StopQueryExecutionRequest request) {
      Optional.ofNullable(runs.get(request.queryExecutionId())).ifPresent(TrinoRun::cancel);
    }
    return context.request();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    if (response instanceof StartQueryExecutionResponse started) {
      return start(started, attributes.getAttribute(PENDING));
    }
    if (response instanceof GetQueryExecutionResponse execution) {
      TrinoRun run = runs.get(execution.queryExecution().queryExecutionId());
      return run == null ? response : execution.toBuilder().queryExecution(describe(execution.queryExecution(), run))
          .build();
    }
    if (response instanceof BatchGetQueryExecutionResponse batch
        && context.request() instanceof BatchGetQueryExecutionRequest request) {
      return batch(request, batch);
    }
    if (response instanceof GetQueryResultsResponse && context.request() instanceof GetQueryResultsRequest request) {
      TrinoRun run = runs.get(request.queryExecutionId());
      return run == null ? response : results(request, run);
    }
    return response;
  }

  /**
   * Replaces moto's HTTP answer where Athena's differs in kind. StartQueryExecution with no output location (neither
   * the request's nor the work group's) and GetQueryResults that Athena refuses (the execution has not succeeded,
   * MaxResults out of range) become HTTP 400 with an InvalidRequestException body, which the SDK unmarshals and
   * throws as for the real service. BatchGetQueryExecution, which moto 5.2 does not implement (HTTP
   * 500), becomes an empty answer that {@link #modifyResponse} fills in.
   */
  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Prepared pending = attributes.getAttribute(PENDING);
    if (context.request() instanceof StartQueryExecutionRequest && pending != null && pending.refusal() != null
        && context.httpResponse().isSuccessful()) {
      attributes.putAttribute(BODY, "{\"__type\":\"InvalidRequestException\",\"Message\":" + json(pending.refusal())
          + ",\"AthenaErrorCode\":\"INVALID_INPUT\"}");
      return context.httpResponse().toBuilder().statusCode(400).statusText("Bad Request")
          .putHeader("x-amzn-ErrorType", "InvalidRequestException").build();
    }
    if (context.request() instanceof GetQueryResultsRequest request && context.httpResponse().isSuccessful()) {
      TrinoRun run = runs.get(request.queryExecutionId());
      String error = run == null ? null : resultsError(request, run);
      if (error != null) {
        attributes.putAttribute(BODY, "{\"__type\":\"InvalidRequestException\",\"Message\":" + json(error)
            + ",\"AthenaErrorCode\":\"INVALID_INPUT\"}");
        return context.httpResponse().toBuilder().statusCode(400).statusText("Bad Request")
            .putHeader("x-amzn-ErrorType", "InvalidRequestException").build();
      }
    }
    if (context.request() instanceof BatchGetQueryExecutionRequest && context.httpResponse().statusCode() == 500) {
      attributes.putAttribute(BODY, "{\"QueryExecutions\":[],\"UnprocessedQueryExecutionIds\":[]}");
      return context.httpResponse().toBuilder().statusCode(200).statusText("OK").build();
    }
    return context.httpResponse();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    String body = attributes.getAttribute(BODY);
    return body == null ? context.responseBody()
        : Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Every requested execution: moto's description with the run's state, or built from the run, or unprocessed. */
  private BatchGetQueryExecutionResponse batch(BatchGetQueryExecutionRequest request,
      BatchGetQueryExecutionResponse response) {
    Map<String, QueryExecution> fromMoto = new HashMap<>();
    response.queryExecutions().forEach(e -> fromMoto.put(e.queryExecutionId(), e));
    List<QueryExecution> executions = new ArrayList<>();
    List<UnprocessedQueryExecutionId> unprocessed = new ArrayList<>(response.unprocessedQueryExecutionIds());
    for (String id : request.queryExecutionIds()) {
      TrinoRun run = runs.get(id);
      if (run != null) {
        StatementRecord record = run.record();
        executions.add(describe(fromMoto.getOrDefault(id, QueryExecution.builder().queryExecutionId(id)
            .query(record.athenaSql()).workGroup(record.workGroup())
            .queryExecutionContext(c -> c.catalog(record.catalog()).database(record.database())).build()), run));
      } else if (fromMoto.containsKey(id)) {
        executions.add(fromMoto.get(id));
      } else if (unprocessed.stream().noneMatch(u -> id.equals(u.queryExecutionId()))) {
        unprocessed.add(UnprocessedQueryExecutionId.builder().queryExecutionId(id).errorCode("INVALID_INPUT")
            .errorMessage("QueryExecution " + id + " was not found").build());
      }
    }
    return response.toBuilder().queryExecutions(executions).unprocessedQueryExecutionIds(unprocessed).build();
  }

  private static String resultsError(GetQueryResultsRequest request, TrinoRun run) {
    QueryExecutionState state = run.state();
    if (state == QueryExecutionState.FAILED) {
      return run.failure();
    }
    if (state != QueryExecutionState.SUCCEEDED) {
      return "Query has not yet finished. Current state: " + state;
    }
    int pageSize = request.maxResults() == null ? MAX_RESULTS : request.maxResults();
    if (pageSize < 1 || pageSize > MAX_RESULTS) {
      return "1 validation error detected: Value '" + pageSize + "' at 'maxResults' failed to satisfy constraint: "
          + "Member must have value less than or equal to " + MAX_RESULTS;
    }
    return null;
  }

  private static String json(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }

  /** The run for a StartQueryExecution request, not yet started (its execution id comes with moto's response). */
  private Prepared prepare(StartQueryExecutionRequest request) {
    String catalog = DEFAULT_CATALOG;
    String database = "default";
    if (request.queryExecutionContext() != null) {
      catalog = Optional.ofNullable(request.queryExecutionContext().catalog()).orElse(catalog);
      database = Optional.ofNullable(request.queryExecutionContext().database()).orElse(database);
    }
    List<String> parameters = request.executionParameters() == null ? List.of() : request.executionParameters();
    String workGroup = Optional.ofNullable(request.workGroup()).orElse("primary");
    AthenaToTrino.Translation translation = null;
    String failure = null;
    if (!catalog.equalsIgnoreCase(TrinoOnMoto.CATALOG)) {
      failure = "CATALOG_NOT_FOUND: Catalog '" + catalog + "' does not exist (the emulation has AwsDataCatalog only)";
    } else {
      try {
        translation = AthenaToTrino.translate(request.queryString(), parameters);
      } catch (AthenaToTrino.Rejected e) {
        failure = e.getMessage();
      } catch (IllegalArgumentException e) {
        failure = "INVALID_PARAMETER_USAGE: " + e.getMessage();
      }
    }
    String trinoSql = translation instanceof AthenaToTrino.Sql sql ? sql.sql()
        : translation instanceof AthenaToTrino.Unload unload ? unload.query() : null;
    ResultConfiguration own = request.resultConfiguration();
    boolean override = own != null && (own.outputLocation() != null || own.encryptionConfiguration() != null
        || own.expectedBucketOwner() != null || own.aclConfiguration() != null);
    WorkGroupConfiguration configuration = workGroupConfiguration(workGroup);
    ResultConfiguration ofWorkGroup = configuration == null || configuration.resultConfiguration() == null
        ? ResultConfiguration.builder().build() : configuration.resultConfiguration();
    boolean enforced = configuration != null
        && Boolean.TRUE.equals(configuration.enforceWorkGroupConfiguration());
    ResultConfiguration used = !override || enforced ? ofWorkGroup
        : own.outputLocation() != null ? own : own.toBuilder().outputLocation(ofWorkGroup.outputLocation()).build();
    String refusal = used.outputLocation() == null ? "No output location provided. An output location is required "
        + "either through the Workgroup result configuration setting or as an API input." : null;
    StatementRecord record = new StatementRecord(null, request.queryString(), trinoSql, parameters, catalog,
        database, workGroup, request.clientRequestToken(), used, override, null);
    ResultReuseByAgeConfiguration reuse = request.resultReuseConfiguration() == null ? null
        : request.resultReuseConfiguration().resultReuseByAgeConfiguration();
    Integer reuseMinutes = reuse != null && Boolean.TRUE.equals(reuse.enabled()) && !override && translation != null
        && isReusable(request.queryString()) ? Optional.ofNullable(reuse.maxAgeInMinutes()).orElse(60) : null;
    return new Prepared(record, translation, failure, reuseMinutes, refusal);
  }

  /** The work group's configuration as moto keeps it; null for a work group moto does not know. */
  private WorkGroupConfiguration workGroupConfiguration(String name) {
    try {
      return workGroups.getWorkGroup(b -> b.workGroup(name)).workGroup().configuration();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      return null;
    }
  }

  /** A SELECT (EXECUTE is not emulated) without non-deterministic functions, nor LIMIT without ORDER BY. */
  static boolean isReusable(String sql) {
    String keyword = TrinoRun.firstKeyword(sql);
    if (!keyword.equals("SELECT") && !keyword.equals("WITH") && !keyword.equals("(")) {
      return false;
    }
    return !RANDOM.matcher(sql).find() && (!LIMIT.matcher(sql).find() || ORDER_BY.matcher(sql).find());
  }

  /**
   * The latest run this statement may take its result from: it ran (reused nothing itself), succeeded with rows
   * within {@code maxAgeMinutes}, in the same work group with the same query string, catalog, database and result
   * configuration, none of its own.
   */
  private TrinoRun previous(StatementRecord record, int maxAgeMinutes) {
    java.time.Instant oldest = java.time.Instant.now().minus(Duration.ofMinutes(maxAgeMinutes));
    TrinoRun latest = null;
    for (TrinoRun run : runs.values()) {
      StatementRecord earlier = run.record();
      if (run.state() != QueryExecutionState.SUCCEEDED || earlier.reusedExecutionId() != null
          || earlier.resultConfigurationOverride() || !run.hasRows()
          || !earlier.workGroup().equals(record.workGroup()) || !earlier.athenaSql().equals(record.athenaSql())
          || !earlier.catalog().equalsIgnoreCase(record.catalog()) || !earlier.database().equals(record.database())
          || !Objects.equals(earlier.resultConfiguration(), record.resultConfiguration())
          || run.completed().isBefore(oldest)) {
        continue;
      }
      if (latest == null || run.completed().isAfter(latest.completed())) {
        latest = run;
      }
    }
    return latest;
  }

  private SdkResponse start(StartQueryExecutionResponse response, Prepared pending) {
    String previous = executionsByToken.putIfAbsent(pending.record().clientRequestToken(),
        response.queryExecutionId());
    if (previous != null) {
      return response.toBuilder().queryExecutionId(previous).build();
    }
    TrinoRun reused = pending.reuseMinutes() == null ? null : previous(pending.record(), pending.reuseMinutes());
    StatementRecord record = pending.record().withExecution(response.queryExecutionId(),
        reused == null ? null : reused.record().executionId());
    TrinoRun run = reused == null ? new TrinoRun(record, pending.translation(), pending.failure())
        : TrinoRun.reusing(record, reused);
    runs.put(record.executionId(), run);
    records.add(record);
    if (!run.isDone()) {
      executor.execute(() -> run.run(trino, s3));
    }
    return response;
  }

  /** Moto's description of the execution with the run's state, failure and statistics. */
  private static QueryExecution describe(QueryExecution execution, TrinoRun run) {
    QueryExecutionState state = run.state();
    long total = Duration.between(run.submitted(),
        Optional.ofNullable(run.completed()).orElse(java.time.Instant.now())).toMillis();
    return execution.toBuilder()
        .statementType(run.statementType())
        .status(s -> s.state(state)
            .submissionDateTime(run.submitted())
            .completionDateTime(run.completed())
            .stateChangeReason(run.failure())
            .athenaError(run.error()))
        .statistics(s -> s.dataScannedInBytes(run.dataScannedBytes())
            .engineExecutionTimeInMillis(run.engineMillis())
            .totalExecutionTimeInMillis(total)
            .queryQueueTimeInMillis(0L)
            .resultReuseInformation(r -> r.reusedPreviousResult(run.record().reusedExecutionId() != null)))
        .build();
  }

  /**
   * One page of a succeeded run's rows. Like Athena: at most {@link #MAX_RESULTS} rows a page (the header row
   * counts), and a NextToken while rows remain.
   */
  private static GetQueryResultsResponse results(GetQueryResultsRequest request, TrinoRun run) {
    int pageSize = request.maxResults() == null ? MAX_RESULTS : request.maxResults();
    int offset = request.nextToken() == null ? 0 : offset(request.nextToken(), request.queryExecutionId());
    List<Row> rows = run.rows();
    int end = Math.min(rows.size(), offset + pageSize);
    GetQueryResultsResponse.Builder page = GetQueryResultsResponse.builder()
        .resultSet(ResultSet.builder()
            .resultSetMetadata(ResultSetMetadata.builder().columnInfo(run.columns()).build())
            .rows(new ArrayList<>(rows.subList(offset, end)))
            .build())
        .updateCount(run.updateCount());
    if (end < rows.size()) {
      page.nextToken(token(request.queryExecutionId(), end));
    }
    return page.build();
  }

  private static String token(String executionId, int offset) {
    return Base64.getUrlEncoder().encodeToString((executionId + "/" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, String executionId) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    if (!decoded.startsWith(executionId + "/")) {
      throw new IllegalArgumentException("NextToken " + token + " is not one of query " + executionId);
    }
    return Integer.parseInt(decoded.substring(executionId.length() + 1));
  }
}
