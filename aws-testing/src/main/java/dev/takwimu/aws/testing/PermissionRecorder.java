package dev.takwimu.aws.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.model.QueryExecutionContext;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.databasemigration.model.CreateEndpointRequest;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.glue.model.ConnectionInput;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Records every AWS call a client makes with each IAM action it needs and the resource ARNs IAM evaluates that action
 * on (S3 objects and buckets, Glue catalog, databases, tables, jobs and connections, the Athena workgroup, SageMaker
 * jobs and models, Firehose delivery streams, DMS replication instances, endpoints and tasks, the KMS key of an encrypted write, the role handed over by
 * {@code iam:PassRole}), plus what Athena does in the Glue catalog with the caller's permissions for each statement.
 * Attach it with {@code overrideConfiguration(c -> c.addExecutionInterceptor(recorder))}, run the scenario, then check
 * {@link #calls()} against the policy (sdk-aws's tests do, with {@code PolicyCoverage}). It records only; it knows no
 * policy. ARNs carry the client's region and the account given to the constructor (moto's by default).
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
  /** The SDK's service name of AWS Database Migration Service, whose IAM prefix is {@code dms}. */
  private static final String DMS = "DatabaseMigration";
  /** The database Athena needs to see in every region (GetDatabase, CreateDatabase when missing). */
  public static final String ATHENA_DEFAULT_DATABASE = "default";

  /**
   * One IAM authorization a call needs.
   *
   * @param action the IAM action, e.g. {@code glue:GetTable}
   * @param resources the ARNs IAM evaluates it on, every one of which must be allowed; {@code *} for an action that
   *     supports no resource-level permissions, empty when unknown
   */
  public record Access(String action, List<String> resources) {
    public Access {
      resources = List.copyOf(resources);
    }
  }

  /**
   * One call.
   *
   * @param service the SDK's service name, e.g. {@code S3}
   * @param operation the SDK's operation name, e.g. {@code ListObjectsV2}
   * @param accesses the authorizations it needs, in order
   */
  public record Call(String service, String operation, List<Access> accesses) {
    public Call {
      accesses = List.copyOf(accesses);
    }

    /** A call needing each action on each resource. */
    public Call(String service, String operation, List<String> actions, List<String> resources) {
      this(service, operation, actions.stream().map(a -> new Access(a, resources)).toList());
    }

    /** The IAM actions it needs, e.g. {@code s3:ListBucket}. */
    public List<String> actions() {
      return accesses.stream().map(Access::action).distinct().toList();
    }

    @Override
    public String toString() {
      return service + "." + operation + " " + accesses;
    }
  }

  private final String account;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  /** Execution id to workgroup, learned from StartQueryExecution, for the calls that name only the execution. */
  private final Map<String, String> workgroups = new ConcurrentHashMap<>();

  /** A recorder for moto's account ({@link LocalMotoServer#ACCOUNT}). */
  public PermissionRecorder() {
    this(LocalMotoServer.ACCOUNT);
  }

  /** A recorder whose ARNs name this 12-digit account. */
  public PermissionRecorder(String account) {
    this.account = account;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    calls.add(new Call(service, operation, accesses(service, operation, context.request(),
        region == null ? LocalMotoServer.REGION : region.id())));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.response() instanceof StartQueryExecutionResponse started && started.queryExecutionId() != null) {
      context.request().getValueForField("WorkGroup", String.class)
          .ifPresent(workgroup -> workgroups.put(started.queryExecutionId(), workgroup));
    }
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
    if (DMS.equals(service)) {
      return List.of("dms:" + operation);
    }
    return List.of(service.toLowerCase(Locale.ROOT) + ":" + operation);
  }

  /** The authorizations a request needs, its ARNs in this region and the recorder's account. */
  public List<Access> accesses(String service, String operation, SdkRequest request, String region) {
    Arns arns = new Arns(partition(region), region, account);
    List<Access> accesses = new ArrayList<>();
    for (String action : iamActions(service, operation)) {
      accesses.add(new Access(action, resources(service, operation, request, arns)));
    }
    switch (service) {
      case "S3" -> kms(request, arns, operation).ifPresent(accesses::add);
      case "Athena" -> {
        if ("StartQueryExecution".equals(operation)) {
          accesses.addAll(athenaCatalogAccess(request, arns));
        }
      }
      case DMS -> {
        if (operation.startsWith("Create") && request.getValueForField("Tags", List.class).filter(t -> !t.isEmpty())
            .isPresent()) {
          accesses.add(new Access("dms:AddTagsToResource", dmsResources(operation, request, arns)));
        }
        dmsPassedRoles(request).forEach(role -> accesses.add(new Access("iam:PassRole", List.of(role))));
      }
      default -> { }
    }
    passedRole(service, operation, request).ifPresent(role -> accesses.add(new Access("iam:PassRole", List.of(role))));
    return accesses;
  }

  private List<String> resources(String service, String operation, SdkRequest request, Arns arns) {
    return switch (service) {
      case "S3" -> s3Resources(request, arns);
      case "Glue" -> glueResources(operation, request, arns);
      case "Athena" -> athenaResources(request, arns);
      case "SageMaker" -> sageMakerResources(operation, request, arns);
      case DMS -> dmsResources(operation, request, arns);
      case "Firehose" -> field(request, "DeliveryStreamName")
          .map(name -> List.of(arns.arn("firehose", "deliverystream/" + name))).orElse(List.of());
      default -> List.of();
    };
  }

  private static List<String> s3Resources(SdkRequest request, Arns arns) {
    String bucket = field(request, "Bucket").orElse(null);
    if (bucket == null) {
      return List.of();
    }
    String key = field(request, "Key").orElse(null);
    if (key != null) {
      return List.of(arns.s3(bucket + "/" + key));
    }
    List<String> keys = request.getValueForField("Delete", Delete.class).map(Delete::objects).orElse(List.of())
        .stream().map(ObjectIdentifier::key).map(k -> arns.s3(bucket + "/" + k)).toList();
    return keys.isEmpty() ? List.of(arns.s3(bucket)) : keys;
  }

  /**
   * Glue authorizes catalog objects on the object and each of its ancestors: a table action on the catalog, the
   * database and the table ("Specifying AWS Glue resource ARNs", Glue developer guide).
   */
  private static List<String> glueResources(String operation, SdkRequest request, Arns arns) {
    String catalog = arns.arn("glue", "catalog");
    Optional<String> database = field(request, "DatabaseName");
    Optional<String> table = field(request, "TableName")
        .or(() -> request.getValueForField("TableInput", TableInput.class).map(TableInput::name));
    if (operation.endsWith("Job") || operation.endsWith("JobRun") || operation.endsWith("JobRuns")) {
      return field(request, "JobName").or(() -> field(request, "Name"))
          .map(job -> List.of(arns.arn("glue", "job/" + job))).orElse(List.of());
    }
    if (operation.endsWith("Connection")) {
      return field(request, "Name")
          .or(() -> request.getValueForField("ConnectionInput", ConnectionInput.class).map(ConnectionInput::name))
          .map(name -> List.of(catalog, arns.arn("glue", "connection/" + name))).orElse(List.of(catalog));
    }
    if (operation.endsWith("Database") || operation.equals("GetDatabases")) {
      Optional<String> name = field(request, "Name")
          .or(() -> request.getValueForField("DatabaseInput", DatabaseInput.class).map(DatabaseInput::name));
      if (name.isEmpty()) {
        return List.of(catalog);
      }
      List<String> resources = new ArrayList<>(List.of(catalog, arns.arn("glue", "database/" + name.get())));
      if (operation.equals("DeleteDatabase")) {
        resources.add(arns.arn("glue", "table/" + name.get() + "/*"));
      }
      return resources;
    }
    if (database.isPresent()) {
      String db = database.get();
      if (table.isEmpty() && !operation.equals("GetTables")) {
        table = field(request, "Name");
      }
      if (operation.equals("GetTables") || operation.equals("BatchDeleteTable")) {
        return List.of(catalog, arns.arn("glue", "database/" + db), arns.arn("glue", "table/" + db + "/*"));
      }
      return table.map(t -> List.of(catalog, arns.arn("glue", "database/" + db), arns.arn("glue",
          "table/" + db + "/" + t))).orElse(List.of(catalog, arns.arn("glue", "database/" + db)));
    }
    return List.of(catalog);
  }

  private List<String> athenaResources(SdkRequest request, Arns arns) {
    Optional<String> workgroup = field(request, "WorkGroup")
        .or(() -> field(request, "QueryExecutionId").map(workgroups::get));
    return workgroup.map(w -> List.of(arns.arn("athena", "workgroup/" + w))).orElse(List.of());
  }

  /**
   * What Athena reads in the Glue catalog with the caller's permissions for a statement: the statement's database and
   * the {@code default} database, each with the catalog ("Configure access to databases and tables in the AWS Glue
   * Data Catalog", Athena user guide). The tables a statement reads or writes are not parsed out of the SQL.
   */
  private static List<Access> athenaCatalogAccess(SdkRequest request, Arns arns) {
    String catalog = arns.arn("glue", "catalog");
    List<Access> accesses = new ArrayList<>();
    accesses.add(new Access("glue:GetDatabase",
        List.of(catalog, arns.arn("glue", "database/" + ATHENA_DEFAULT_DATABASE))));
    request.getValueForField("QueryExecutionContext", QueryExecutionContext.class)
        .map(QueryExecutionContext::database)
        .ifPresent(db -> accesses.add(new Access("glue:GetDatabase", List.of(catalog,
            arns.arn("glue", "database/" + db)))));
    return accesses;
  }

  /**
   * DMS authorizes a call on the replication instance, endpoints and task it names by ARN; a created resource's ARN
   * holds an id DMS generates, recorded as {@code *}; Describe* calls support no resource-level permissions
   * ({@code *}).
   */
  private static List<String> dmsResources(String operation, SdkRequest request, Arns arns) {
    if (operation.startsWith("Describe") && !operation.equals("DescribeTableStatistics")) {
      return List.of("*");
    }
    List<String> resources = new ArrayList<>();
    switch (operation) {
      case "CreateReplicationInstance" -> resources.add(arns.dms("rep:*"));
      case "CreateEndpoint" -> resources.add(arns.dms("endpoint:*"));
      case "CreateReplicationTask" -> resources.add(arns.dms("task:*"));
      default -> { }
    }
    for (String name : List.of("ReplicationTaskArn", "EndpointArn", "SourceEndpointArn", "TargetEndpointArn",
        "ReplicationInstanceArn")) {
      field(request, name).ifPresent(resources::add);
    }
    return resources.stream().distinct().toList();
  }

  /** The roles a DMS CreateEndpoint hands to DMS: the endpoint's, the S3 settings', the secret's. */
  private static List<String> dmsPassedRoles(SdkRequest request) {
    if (!(request instanceof CreateEndpointRequest endpoint)) {
      return List.of();
    }
    List<String> roles = new ArrayList<>();
    if (endpoint.serviceAccessRoleArn() != null) {
      roles.add(endpoint.serviceAccessRoleArn());
    }
    if (endpoint.s3Settings() != null && endpoint.s3Settings().serviceAccessRoleArn() != null) {
      roles.add(endpoint.s3Settings().serviceAccessRoleArn());
    }
    if (endpoint.postgreSQLSettings() != null && endpoint.postgreSQLSettings().secretsManagerAccessRoleArn() != null) {
      roles.add(endpoint.postgreSQLSettings().secretsManagerAccessRoleArn());
    }
    return roles.stream().distinct().toList();
  }

  /** SageMaker ARNs hold the resource's name in lower case. */
  private static List<String> sageMakerResources(String operation, SdkRequest request, Arns arns) {
    String type;
    String field;
    if (operation.endsWith("TrainingJob")) {
      type = "training-job";
      field = "TrainingJobName";
    } else if (operation.endsWith("TransformJob")) {
      type = "transform-job";
      field = "TransformJobName";
    } else if (operation.endsWith("Model")) {
      type = "model";
      field = "ModelName";
    } else if (operation.equals("AddTags")) {
      return field(request, "ResourceArn").map(List::of).orElse(List.of());
    } else {
      return List.of();
    }
    return field(request, field)
        .map(name -> List.of(arns.arn("sagemaker", type + "/" + name.toLowerCase(Locale.ROOT)))).orElse(List.of());
  }

  /** An SSE-KMS write needs kms:GenerateDataKey on its key (an alias ARN when the key is named by alias). */
  private static Optional<Access> kms(SdkRequest request, Arns arns, String operation) {
    if (!operation.equals("PutObject") && !operation.equals("CreateMultipartUpload")
        && !operation.equals("CopyObject")) {
      return Optional.empty();
    }
    return field(request, "SSEKMSKeyId").map(key -> new Access("kms:GenerateDataKey", List.of(
        key.startsWith("arn:") ? key : arns.arn("kms", key.startsWith("alias/") ? key : "key/" + key))));
  }

  /** The role a call hands to a service, which needs iam:PassRole on it. */
  private static Optional<String> passedRole(String service, String operation, SdkRequest request) {
    return switch (service + "." + operation) {
      case "SageMaker.CreateTrainingJob" -> field(request, "RoleArn");
      case "SageMaker.CreateModel" -> field(request, "ExecutionRoleArn");
      case "Glue.CreateJob", "Glue.UpdateJob" -> field(request, "Role");
      case "Firehose.CreateDeliveryStream" -> request.getValueForField("ExtendedS3DestinationConfiguration",
          ExtendedS3DestinationConfiguration.class).map(ExtendedS3DestinationConfiguration::roleARN);
      default -> Optional.empty();
    };
  }

  private static Optional<String> field(SdkRequest request, String name) {
    try {
      return request.getValueForField(name, String.class);
    } catch (ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private record Arns(String partition, String region, String account) {
    String arn(String service, String resource) {
      return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    /** A DMS ARN: {@code arn:aws:dms:REGION:ACCOUNT:endpoint:ID} (type and id separated by a colon). */
    String dms(String typeAndId) {
      return arn("dms", typeAndId);
    }

    String s3(String bucketAndKey) {
      return "arn:" + partition + ":s3:::" + bucketAndKey;
    }
  }

  private static String partition(String region) {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
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
