package dev.takwimu.aws.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.takwimu.aws.DmsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.TakwimuException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationTasksResponse;
import software.amazon.awssdk.services.databasemigration.model.DmsSslModeValue;
import software.amazon.awssdk.services.databasemigration.model.Filter;
import software.amazon.awssdk.services.databasemigration.model.MigrationTypeValue;
import software.amazon.awssdk.services.databasemigration.model.DataFormatValue;
import software.amazon.awssdk.services.databasemigration.model.ReplicationEndpointTypeValue;
import software.amazon.awssdk.services.databasemigration.model.ReplicationInstance;
import software.amazon.awssdk.services.databasemigration.model.ReplicationTask;
import software.amazon.awssdk.services.databasemigration.model.ResourceNotFoundException;
import software.amazon.awssdk.services.databasemigration.model.StartReplicationTaskTypeValue;
import software.amazon.awssdk.services.databasemigration.model.TableStatistics;
import software.amazon.awssdk.services.databasemigration.model.Tag;
import software.amazon.awssdk.services.databasemigration.waiters.DatabaseMigrationWaiter;

/**
 * The DMS side of a migration: the replication instance (reused, or created and waited for), one run's S3 source and
 * PostgreSQL target endpoints and its full-load task (created, waited for until ready, started, waited for until it
 * stops), the task's table statistics, and the clean-up of what the run created. Every wait is an SDK waiter bounded
 * by the settings' timeouts; every failure is one line naming the call and the resource.
 */
final class DmsTasks {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** DMS's stop reason of a full-load-only task that loaded every table. */
  static final String FULL_LOAD_FINISHED = "FULL_LOAD_ONLY_FINISHED";

  private final DatabaseMigrationClient dms;
  private final DmsSettings settings;

  DmsTasks(DatabaseMigrationClient dms, DmsSettings settings) {
    this.dms = dms;
    this.settings = settings;
  }

  /** The ARN of the configured replication instance, created when missing, once it is available. */
  String replicationInstance(Consumer<String> progress) {
    String id = settings.replicationInstance();
    ReplicationInstance instance = describeInstance(id);
    if (instance == null) {
      progress.accept("creating DMS replication instance " + id + " (" + settings.instanceClass() + ", engine "
          + settings.engineVersion() + "); it is billed by the hour until you delete it");
      instance = call("dms:CreateReplicationInstance", "replication instance " + id,
          () -> dms.createReplicationInstance(r -> r.replicationInstanceIdentifier(id)
              .replicationInstanceClass(settings.instanceClass())
              .allocatedStorage(settings.allocatedStorageGb())
              .engineVersion(settings.engineVersion())
              .replicationSubnetGroupIdentifier(settings.subnetGroup())
              .vpcSecurityGroupIds(settings.securityGroups().isEmpty() ? null : settings.securityGroups())
              .publiclyAccessible(false)
              .multiAZ(false)
              .tags(tag()))).replicationInstance();
    } else if (instance.engineVersion() != null
        && compareVersions(instance.engineVersion(), DmsSettings.MIN_ENGINE_VERSION) < 0) {
      throw new TakwimuException("DMS replication instance " + id + " runs engine " + instance.engineVersion()
          + ", which cannot read Parquet from S3: upgrade it to " + DmsSettings.MIN_ENGINE_VERSION
          + " or later, or configure another (dms.replication-instance)");
    }
    if (!"available".equals(instance.replicationInstanceStatus())) {
      progress.accept("waiting for DMS replication instance " + id + " (" + instance.replicationInstanceStatus()
          + ") to become available");
      try (DatabaseMigrationWaiter waiter = waiter()) {
        waiter.waitUntilReplicationInstanceAvailable(r -> r.filters(filter("replication-instance-id", id)),
            bounded(settings.instanceTimeout()));
      } catch (SdkException e) {
        ReplicationInstance now = describeInstance(id);
        throw new TakwimuException("DMS replication instance " + id + " did not become available within "
            + settings.instanceTimeout() + " (status " + (now == null ? "gone" : now.replicationInstanceStatus())
            + "): " + e.getMessage(), e);
      }
      instance = describeInstance(id);
    }
    return instance.replicationInstanceArn();
  }

  private ReplicationInstance describeInstance(String id) {
    try {
      return call("dms:DescribeReplicationInstances", "replication instance " + id,
          () -> dms.describeReplicationInstances(r -> r.filters(filter("replication-instance-id", id))))
          .replicationInstances().stream().findFirst().orElse(null);
    } catch (TakwimuException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        return null; // DMS answers a filter that matches nothing with ResourceNotFoundFault
      }
      throw e;
    }
  }

  /** Creates the run's S3 source endpoint over {@code folder}; returns its ARN. */
  String createSource(String run, S3Location folder, String tableDefinition) {
    String id = settings.namePrefix() + "src-" + run;
    String bucketFolder = folder.prefix().endsWith("/") ? folder.prefix().substring(0, folder.prefix().length() - 1)
        : folder.prefix();
    return call("dms:CreateEndpoint", "source endpoint " + id, () -> dms.createEndpoint(r -> r
        .endpointIdentifier(id)
        .endpointType(ReplicationEndpointTypeValue.SOURCE)
        .engineName("s3")
        .s3Settings(s -> s.bucketName(folder.bucket())
            .bucketFolder(bucketFolder)
            .serviceAccessRoleArn(settings.serviceAccessRole())
            .externalTableDefinition(tableDefinition)
            .dataFormat(DataFormatValue.PARQUET))
        .tags(tag()))).endpoint().endpointArn();
  }

  /** Creates the run's PostgreSQL target endpoint; returns its ARN. The password goes only into this request. */
  String createTarget(String run) {
    String id = settings.namePrefix() + "dst-" + run;
    DmsSettings.DmsTarget target = settings.target();
    return call("dms:CreateEndpoint", "target endpoint " + id + " (" + target + ")", () -> dms.createEndpoint(r -> r
        .endpointIdentifier(id)
        .endpointType(ReplicationEndpointTypeValue.TARGET)
        .engineName(target.engine())
        .sslMode(DmsSslModeValue.fromValue(target.sslMode()))
        .postgreSQLSettings(p -> p.databaseName(target.database())
            .serverName(target.host())
            .port(target.port() > 0 ? target.port() : null)
            .username(target.user())
            .password(target.password())
            .secretsManagerSecretId(target.secretArn())
            .secretsManagerAccessRoleArn(target.secretAccessRole()))
        .tags(tag()))).endpoint().endpointArn();
  }

  /** Creates the run's full-load task over the tables and waits until it is ready; returns its ARN. */
  String createTask(String run, String instance, String source, String target, List<DatasetId> tables) {
    String id = settings.namePrefix() + run;
    String arn = call("dms:CreateReplicationTask", "replication task " + id, () -> dms.createReplicationTask(r -> r
        .replicationTaskIdentifier(id)
        .replicationInstanceArn(instance)
        .sourceEndpointArn(source)
        .targetEndpointArn(target)
        .migrationType(MigrationTypeValue.FULL_LOAD)
        .tableMappings(tableMappings(tables))
        .replicationTaskSettings(taskSettings())
        .tags(tag()))).replicationTask().replicationTaskArn();
    try (DatabaseMigrationWaiter waiter = waiter()) {
      waiter.waitUntilReplicationTaskReady(r -> r.filters(filter("replication-task-arn", arn)),
          bounded(settings.instanceTimeout()));
    } catch (SdkException e) {
      ReplicationTask task = describeTask(arn);
      throw new TakwimuException("DMS replication task " + id + " did not become ready (status " + task.status()
          + "): " + firstLine(task.lastFailureMessage() != null ? task.lastFailureMessage() : e.getMessage()), e);
    }
    return arn;
  }

  /**
   * Starts the task and waits until it stops; returns the task as it ended.
   *
   * @throws TakwimuException when it fails, stops for another reason than a finished full load, or outlasts the load
   *     timeout (it is then stopped)
   */
  ReplicationTask run(String arn) {
    call("dms:StartReplicationTask", "replication task " + arn, () -> dms.startReplicationTask(r -> r
        .replicationTaskArn(arn).startReplicationTaskType(StartReplicationTaskTypeValue.START_REPLICATION)));
    Waiter<DescribeReplicationTasksResponse> finished = Waiter.builder(DescribeReplicationTasksResponse.class)
        .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(r -> status(r).equals("stopped")))
        .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> status(r).equals("failed"), "the task failed"))
        .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
        .build();
    try {
      finished.run(() -> describeTasks(arn), bounded(settings.loadTimeout()));
    } catch (SdkException e) {
      ReplicationTask task = describeTask(arn);
      if (!"failed".equals(task.status())) {
        stopQuietly(arn);
        throw new TakwimuException("DMS replication task " + task.replicationTaskIdentifier() + " did not finish within "
            + settings.loadTimeout() + " (status " + task.status() + "); it was stopped (dms.load-timeout)", e);
      }
    }
    ReplicationTask task = describeTask(arn);
    if (!"stopped".equals(task.status()) || task.stopReason() == null
        || !task.stopReason().toUpperCase(Locale.ROOT).contains(FULL_LOAD_FINISHED)) {
      throw new TakwimuException("DMS replication task " + task.replicationTaskIdentifier() + " " + task.status()
          + (task.stopReason() == null ? "" : " (" + task.stopReason() + ")") + ": "
          + firstLine(task.lastFailureMessage() == null ? "no failure message; see the task's CloudWatch log"
              : task.lastFailureMessage()));
    }
    return task;
  }

  /** What the task did per table. */
  List<TableStatistics> statistics(String arn) {
    List<TableStatistics> all = new ArrayList<>();
    call("dms:DescribeTableStatistics", "replication task " + arn, () -> {
      dms.describeTableStatisticsPaginator(r -> r.replicationTaskArn(arn)).forEach(p -> all.addAll(p.tableStatistics()));
      return all;
    });
    return all;
  }

  /** Deletes the run's task and endpoints (null ARNs are skipped); problems are reported, not thrown. */
  void cleanUp(String task, List<String> endpoints, Consumer<String> progress) {
    if (task != null) {
      try {
        dms.deleteReplicationTask(r -> r.replicationTaskArn(task));
        try (DatabaseMigrationWaiter waiter = waiter()) {
          waiter.waitUntilReplicationTaskDeleted(r -> r.filters(filter("replication-task-arn", task)),
              bounded(settings.instanceTimeout()));
        }
      } catch (SdkException e) {
        if (!(e instanceof ResourceNotFoundException)) {
          progress.accept("warning: could not delete DMS replication task " + task + ": " + firstLine(e.getMessage()));
        }
      }
    }
    for (String endpoint : endpoints) {
      if (endpoint == null) {
        continue;
      }
      try {
        dms.deleteEndpoint(r -> r.endpointArn(endpoint));
      } catch (SdkException e) {
        progress.accept("warning: could not delete DMS endpoint " + endpoint + ": " + firstLine(e.getMessage()));
      }
    }
  }

  private void stopQuietly(String arn) {
    try {
      dms.stopReplicationTask(r -> r.replicationTaskArn(arn));
    } catch (SdkException e) {
      // already stopped or failed: nothing to stop
    }
  }

  private DescribeReplicationTasksResponse describeTasks(String arn) {
    return call("dms:DescribeReplicationTasks", "replication task " + arn,
        () -> dms.describeReplicationTasks(r -> r.filters(filter("replication-task-arn", arn)).withoutSettings(true)));
  }

  private ReplicationTask describeTask(String arn) {
    return describeTasks(arn).replicationTasks().stream().findFirst()
        .orElseThrow(() -> new TakwimuException("DMS replication task " + arn + " is gone"));
  }

  private static String status(DescribeReplicationTasksResponse response) {
    return response.replicationTasks().isEmpty() ? "" : String.valueOf(response.replicationTasks().get(0).status());
  }

  /** Selection rules that include exactly the given tables. */
  static String tableMappings(List<DatasetId> tables) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode rules = root.putArray("rules");
    int id = 1;
    for (DatasetId table : tables) {
      ObjectNode rule = rules.addObject();
      rule.put("rule-type", "selection");
      rule.put("rule-id", Integer.toString(id));
      rule.put("rule-name", "include-" + id++);
      ObjectNode locator = rule.putObject("object-locator");
      locator.put("schema-name", table.zone().id());
      locator.put("table-name", table.name());
      rule.put("rule-action", "include");
    }
    return root.toString();
  }

  /**
   * Full load only; each table dropped and created again from the table definition (its schema may have changed
   * since the last version), LOBs off (STRING columns have a length), logging to CloudWatch.
   */
  static String taskSettings() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("TargetMetadata").put("SupportLobs", false);
    root.putObject("FullLoadSettings").put("TargetTablePrepMode", "DROP_AND_CREATE");
    root.putObject("Logging").put("EnableLogging", true);
    return root.toString();
  }

  /** At most {@code timeout}, checking every poll interval. */
  private Consumer<WaiterOverrideConfiguration.Builder> bounded(java.time.Duration timeout) {
    return c -> c.waitTimeout(timeout).maxAttempts(Integer.MAX_VALUE)
        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(settings.pollInterval()));
  }

  private DatabaseMigrationWaiter waiter() {
    return DatabaseMigrationWaiter.builder().client(dms).build();
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  private static Tag tag() {
    return Tag.builder().key("created-by").value("takwimu").build();
  }

  private static int compareVersions(String a, String b) {
    return DmsSettings.compareVersions(a, b);
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline);
  }

  private static <T> T call(String action, String resource, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw AwsErrors.of(e, action, resource);
    }
  }
}
