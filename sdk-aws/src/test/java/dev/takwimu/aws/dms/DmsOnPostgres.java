package dev.takwimu.aws.dms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointResponse;
import software.amazon.awssdk.services.databasemigration.model.CreateReplicationTaskRequest;
import software.amazon.awssdk.services.databasemigration.model.CreateReplicationTaskResponse;
import software.amazon.awssdk.services.databasemigration.model.DescribeEndpointsRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationInstancesRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksResponse;
import software.amazon.awssdk.services.databasemigration.model.DescribeTableStatisticsRequest;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.databasemigration.model.StartReplicationTaskRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DMS for the tests: moto stores endpoints and tasks but moves no data, keeps a task "creating" forever and lacks
 * DescribeTableStatistics. Attached to a DMS client, this interceptor makes moto answer as DMS does where Takwimu
 * depends on it: requests that break a documented rule ({@link DmsRules}) fail with InvalidParameterValueException;
 * a created task is "ready"; starting it runs the full load for real ({@link DmsFullLoad}: moto's S3 into the target
 * endpoint's PostgreSQL), after which the task is "stopped" with DMS's FULL_LOAD_ONLY_FINISHED reason (or "failed");
 * DescribeTableStatistics reports what was loaded; a Describe filter that matches nothing is ResourceNotFoundFault.
 */
public final class DmsOnPostgres implements ExecutionInterceptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutionAttribute<String> BODY = new ExecutionAttribute<>("DmsOnPostgresBody");
  private static final Pattern ISO = Pattern.compile(
      "\"(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})?)\"");

  private final S3Client s3;
  private final Map<String, CreateEndpointRequest> endpoints = new ConcurrentHashMap<>();
  private final Map<String, CreateReplicationTaskRequest> tasks = new ConcurrentHashMap<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final List<String> rejections = new CopyOnWriteArrayList<>();

  /** A task's state as this DMS sees it. */
  private record Run(String status, String stopReason, String failure, List<DmsFullLoad.TableResult> tables) {}

  /** @param s3 a client of the emulator's S3, where the source endpoints' files are */
  public DmsOnPostgres(S3Client s3) {
    this.s3 = s3;
  }

  /** The requests refused so far, one line each (the broken rules). */
  public List<String> rejections() {
    return List.copyOf(rejections);
  }

  /** The CreateEndpoint requests of endpoints created so far (passwords included: test data only). */
  public List<CreateEndpointRequest> endpoints() {
    return List.copyOf(endpoints.values());
  }

  /** The CreateReplicationTask requests of tasks created so far. */
  public List<CreateReplicationTaskRequest> tasks() {
    return List.copyOf(tasks.values());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    SdkRequest request = context.request();
    if (!context.httpResponse().isSuccessful()) {
      return;
    }
    if (response instanceof CreateEndpointResponse created && request instanceof CreateEndpointRequest r) {
      endpoints.put(created.endpoint().endpointArn(), r);
    } else if (response instanceof CreateReplicationTaskResponse created
        && request instanceof CreateReplicationTaskRequest r) {
      String arn = created.replicationTask().replicationTaskArn();
      tasks.put(arn, r);
      runs.put(arn, new Run("ready", null, null, List.of()));
    } else if (request instanceof StartReplicationTaskRequest start) {
      runs.put(start.replicationTaskArn(), fullLoad(start.replicationTaskArn()));
    }
  }

  private Run fullLoad(String taskArn) {
    CreateReplicationTaskRequest task = tasks.get(taskArn);
    CreateEndpointRequest source = endpoints.get(task.sourceEndpointArn());
    CreateEndpointRequest target = endpoints.get(task.targetEndpointArn());
    if (source == null || target == null) {
      return new Run("failed", "Stop Reason FATAL_ERROR", "Endpoint not found", List.of());
    }
    if (target.postgreSQLSettings() == null || target.postgreSQLSettings().password() == null) {
      return new Run("failed", "Stop Reason FATAL_ERROR", "The emulated DMS reads no Secrets Manager secret: give "
          + "the test target a password", List.of());
    }
    try {
      List<DmsFullLoad.TableResult> tables = DmsFullLoad.run(s3, source, target, task);
      return new Run("stopped", "Stop Reason " + "FULL_LOAD_ONLY_FINISHED", null, tables);
    } catch (IOException | RuntimeException e) {
      return new Run("failed", "Stop Reason FATAL_ERROR", String.valueOf(e.getMessage()), List.of());
    }
  }

  /** The tables a task loaded, as DescribeTableStatistics reports them. */
  public List<DmsFullLoad.TableResult> tableResults(String taskArn) {
    Run run = runs.get(taskArn);
    return run == null ? List.of() : run.tables();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (context.response() instanceof DescribeReplicationTasksResponse described) {
      List<ReplicationTask> changed = new ArrayList<>();
      for (ReplicationTask task : described.replicationTasks()) {
        Run run = runs.get(task.replicationTaskArn());
        changed.add(run == null ? task : task.toBuilder().status(run.status()).stopReason(run.stopReason())
            .lastFailureMessage(run.failure()).build());
      }
      return described.toBuilder().replicationTasks(changed).build();
    }
    return context.response();
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    SdkHttpResponse http = context.httpResponse();
    List<String> broken = request instanceof CreateEndpointRequest r ? DmsRules.violations(r)
        : request instanceof CreateReplicationTaskRequest r ? DmsRules.violations(r) : List.of();
    if (!broken.isEmpty()) {
      rejections.add(request.getClass().getSimpleName() + ": " + String.join("; ", broken));
      return error(attributes, http, "InvalidParameterValueException", String.join("; ", broken));
    }
    if (request instanceof DescribeTableStatisticsRequest statistics) {
      attributes.putAttribute(BODY, statistics(statistics.replicationTaskArn()));
      return http.toBuilder().statusCode(200).statusText("OK").build();
    }
    if (http.isSuccessful()) {
      String body = epochTimestamps(read(context.responseBody()));
      attributes.putAttribute(BODY, body);
      if ((request instanceof DescribeReplicationTasksRequest
          || request instanceof DescribeReplicationInstancesRequest || request instanceof DescribeEndpointsRequest)
          && nothingFound(body)) {
        return error(attributes, http, "ResourceNotFoundFault", "No resource matched the filters");
      }
    }
    return http;
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    String body = attributes.getAttribute(BODY);
    return body == null ? context.responseBody()
        : Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static SdkHttpResponse error(ExecutionAttributes attributes, SdkHttpResponse http, String code,
      String message) {
    ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
    attributes.putAttribute(BODY, body.toString());
    return http.toBuilder().statusCode(400).statusText("Bad Request").putHeader("x-amzn-ErrorType", code).build();
  }

  private String statistics(String taskArn) {
    ObjectNode body = JSON.createObjectNode().put("ReplicationTaskArn", taskArn);
    ArrayNode array = body.putArray("TableStatistics");
    for (DmsFullLoad.TableResult table : tableResults(taskArn)) {
      array.addObject().put("SchemaName", table.schema()).put("TableName", table.table())
          .put("FullLoadRows", table.rows()).put("Inserts", 0).put("TableState", table.state());
    }
    return body.toString();
  }

  /**
   * moto writes DMS timestamps as ISO text with microseconds, which the SDK cannot read; DMS's JSON protocol sends
   * epoch seconds.
   */
  private static String epochTimestamps(String body) {
    Matcher m = ISO.matcher(body);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String text = m.group(1);
      java.time.Instant instant = text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$")
          ? java.time.OffsetDateTime.parse(text).toInstant()
          : java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
      m.appendReplacement(out, Matcher.quoteReplacement(
          java.math.BigDecimal.valueOf(instant.getEpochSecond()).add(java.math.BigDecimal.valueOf(instant.getNano(), 9))
              .stripTrailingZeros().toPlainString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean nothingFound(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      for (String list : List.of("ReplicationTasks", "ReplicationInstances", "Endpoints")) {
        if (root.has(list) && root.get(list).isEmpty()) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Optional<InputStream> body) {
    try {
      return body.isEmpty() ? "{}" : new String(body.get().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
