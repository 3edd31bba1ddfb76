package dev.takwimu.samples.cli;

import dev.takwimu.aws.dms.DmsOnPostgres;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.PermissionRecorder;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.athena.model.BatchGetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/**
 * Registered for every SDK client of the samples' test JVM (classpath file
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}), so the clients the CLI builds itself behave
 * as in the sdk-aws tests: Athena statements really run on the test Trino, and every call is recorded to check the
 * generated IAM policy against; DMS tasks really load into PostgreSQL ({@link DmsOnPostgres}). For other services
 * this only records. It also keeps what Athena told the clients about each execution that succeeded (its data scanned).
 */
public final class EmulatedAws implements ExecutionInterceptor {
  static final PermissionRecorder CALLS = new PermissionRecorder();
  /** The succeeded Athena executions the clients were told about, by execution id (the last answer about each). */
  static final Map<String, QueryExecution> SUCCEEDED = new ConcurrentHashMap<>();

  private static final ExecutionInterceptor NONE = new ExecutionInterceptor() {};

  private static DmsOnPostgres dms;

  /**
   * The Athena emulation for Athena calls, the DMS one ({@link DmsOnPostgres}) for DMS calls; nothing for the other
   * services (and no servers started for them).
   */
  private static ExecutionInterceptor athena(ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    return "Athena".equals(service) ? AwsTestEnvironment.get().athenaOnTrino()
        : "DatabaseMigration".equals(service) ? dms() : NONE;
  }

  /** The DMS emulation every DMS client of the JVM shares. */
  static synchronized DmsOnPostgres dms() {
    if (dms == null) {
      dms = new DmsOnPostgres(AwsTestEnvironment.get().s3Client());
    }
    return dms;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    CALLS.beforeExecution(context, attributes);
    athena(attributes).beforeExecution(context, attributes);
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    return athena(attributes).modifyRequest(context, attributes);
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    SdkResponse response = athena(attributes).modifyResponse(context, attributes);
    if (response instanceof GetQueryExecutionResponse answer) {
      remember(List.of(answer.queryExecution()));
    } else if (response instanceof BatchGetQueryExecutionResponse answer) {
      remember(answer.queryExecutions());
    }
    return response;
  }

  private static void remember(List<QueryExecution> executions) {
    executions.stream().filter(e -> e.status() != null && e.status().state() == QueryExecutionState.SUCCEEDED)
        .forEach(e -> SUCCEEDED.put(e.queryExecutionId(), e));
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    return athena(attributes).modifyHttpResponse(context, attributes);
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    return athena(attributes).modifyHttpResponseContent(context, attributes);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    CALLS.afterExecution(context, attributes);
    athena(attributes).afterExecution(context, attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    athena(attributes).onExecutionFailure(context, attributes);
  }
}
