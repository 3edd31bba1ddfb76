package dev.takwimu.samples.cli;

import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.PermissionRecorder;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Registered for every SDK client of the samples' test JVM (classpath file
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}), so the clients the CLI builds itself behave
 * as in the sdk-aws tests: Athena statements really run on the test Trino, and every call is recorded to check the
 * generated IAM policy against. Only {@link AwsCliEndToEndTest} builds Athena clients; for other services this only
 * records. Trino runs here with the project's Jackson 2.18 (the CLI needs it), with which Trino 406 cannot read its
 * own task statistics: queries work, data-scanned figures read 0 in this module's tests (sdk-aws tests use Trino's
 * Jackson and check them).
 */
public final class EmulatedAws implements ExecutionInterceptor {
  static final PermissionRecorder CALLS = new PermissionRecorder();

  private static final ExecutionInterceptor NONE = new ExecutionInterceptor() {};

  /** The Athena emulation for Athena calls; nothing for the other services (and no servers started for them). */
  private static ExecutionInterceptor athena(ExecutionAttributes attributes) {
    return "Athena".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
        ? AwsTestEnvironment.get().athenaOnTrino() : NONE;
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
    return athena(attributes).modifyResponse(context, attributes);
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
    athena(attributes).afterExecution(context, attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    athena(attributes).onExecutionFailure(context, attributes);
  }
}
