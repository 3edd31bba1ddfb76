package dev.takwimu.aws.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Records every AWS call a client makes, with the IAM actions it needs and, for S3, the ARNs it acts on (they need no
 * region or account), so a test can prove a generated policy covers them: attach it with
 * {@code overrideConfiguration(c -> c.addExecutionInterceptor(recorder))}, run the scenario, then check
 * {@link #calls()} against the policy (sdk-aws's tests do, with {@code PolicyCoverage}). It records only; it knows no
 * policy.
 */
public final class PermissionRecorder implements ExecutionInterceptor {
  /** S3 operations whose IAM action is not {@code s3:<Operation>}. */
  private static final Map<String, List<String>> S3_ACTIONS = Map.ofEntries(
      Map.entry("ListObjectsV2", List.of("s3:ListBucket")),
      Map.entry("ListObjects", List.of("s3:ListBucket")),
      Map.entry("HeadBucket", List.of("s3:ListBucket")),
      Map.entry("HeadObject", List.of("s3:GetObject")),
      Map.entry("GetObjectAttributes", List.of("s3:GetObject", "s3:GetObjectAttributes")),
      Map.entry("DeleteObjects", List.of("s3:DeleteObject")),
      Map.entry("CopyObject", List.of("s3:GetObject", "s3:PutObject")),
      Map.entry("CreateMultipartUpload", List.of("s3:PutObject")),
      Map.entry("UploadPart", List.of("s3:PutObject")),
      Map.entry("UploadPartCopy", List.of("s3:GetObject", "s3:PutObject")),
      Map.entry("CompleteMultipartUpload", List.of("s3:PutObject")),
      Map.entry("ListParts", List.of("s3:ListMultipartUploadParts")),
      Map.entry("ListMultipartUploads", List.of("s3:ListBucketMultipartUploads")),
      Map.entry("ListObjectVersions", List.of("s3:ListBucketVersions")));
  /** Operations IAM does not authorize (anyone may call them). */
  private static final Set<String> UNAUTHORIZED = Set.of("Sts.GetCallerIdentity");

  /**
   * One call.
   *
   * @param service the SDK's service name, e.g. {@code S3}
   * @param operation the SDK's operation name, e.g. {@code ListObjectsV2}
   * @param actions the IAM actions it needs, e.g. {@code s3:ListBucket}
   * @param resources the ARNs it acts on when known (S3), else empty
   */
  public record Call(String service, String operation, List<String> actions, List<String> resources) {
    @Override
    public String toString() {
      return service + "." + operation + " " + actions + (resources.isEmpty() ? "" : " on " + resources);
    }
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    calls.add(new Call(service, operation, iamActions(service, operation),
        "S3".equals(service) ? s3Resources(context.request()) : List.of()));
  }

  /**
   * The IAM actions an SDK operation needs: {@code s3:GetObject} for GetObject, {@code s3:ListBucket} for
   * ListObjectsV2.
   */
  public static List<String> iamActions(String service, String operation) {
    if (UNAUTHORIZED.contains(service + "." + operation)) {
      return List.of();
    }
    if ("S3".equals(service)) {
      return S3_ACTIONS.getOrDefault(operation, List.of("s3:" + operation));
    }
    return List.of(service.toLowerCase(Locale.ROOT) + ":" + operation);
  }

  private static List<String> s3Resources(SdkRequest request) {
    String bucket = request.getValueForField("Bucket", String.class).orElse(null);
    if (bucket == null) {
      return List.of();
    }
    String key = request.getValueForField("Key", String.class).orElse(null);
    if (key != null) {
      return List.of("arn:aws:s3:::" + bucket + "/" + key);
    }
    List<String> keys = request.getValueForField("Delete", Delete.class).map(Delete::objects).orElse(List.of())
        .stream().map(ObjectIdentifier::key).map(k -> "arn:aws:s3:::" + bucket + "/" + k).toList();
    return keys.isEmpty() ? List.of("arn:aws:s3:::" + bucket) : keys;
  }

  /** Every call so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The IAM actions of every call so far, sorted. */
  public Set<String> actions() {
    Set<String> actions = new TreeSet<>();
    calls.forEach(call -> actions.addAll(call.actions()));
    return actions;
  }

  /** Forgets the calls recorded so far. */
  public void clear() {
    calls.clear();
  }
}
