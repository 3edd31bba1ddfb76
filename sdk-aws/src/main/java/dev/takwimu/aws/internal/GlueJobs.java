package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.BigQueryExtract;
import dev.takwimu.aws.GlueJob;
import dev.takwimu.aws.GlueJobReport;
import dev.takwimu.aws.GlueJobRunner;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConnectionInput;
import software.amazon.awssdk.services.glue.model.ConnectionsList;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.JobCommand;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobUpdate;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** {@link GlueJobRunner} on the backend's clients: scripts under {@code <work>/glue-scripts/}, jobs named takwimu-*. */
public final class GlueJobs implements GlueJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(GlueJobs.class);
  /** Time a run may spend waiting for capacity before it starts executing, on top of the job's own timeout. */
  static final Duration START_GRACE = Duration.ofMinutes(15);
  private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);

  private final AwsSettings settings;
  private final AwsClients clients;

  public GlueJobs(AwsSettings settings, AwsClients clients) {
    this.settings = settings;
    this.clients = clients;
  }

  /** The key of a job's script in the work location's bucket: {@code <work>/glue-scripts/<name>.py}. */
  public static String scriptKey(AwsSettings settings, GlueJob job) {
    return settings.work().key("glue-scripts/" + job.name() + ".py");
  }

  @Override
  public void deploy(GlueJob job) {
    String role = settings.glue().roleArn().orElseThrow(() -> new InvalidInputException(
        "Cannot deploy Glue job " + job.glueName() + ": no role for Glue jobs; set " + AwsProperties.GLUE_ROLE));
    S3Location work = settings.work();
    String script = "s3://" + work.bucket() + "/" + scriptKey(settings, job);
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(work.bucket()).key(scriptKey(settings, job))
        .contentType("text/x-python; charset=utf-8");
    if (settings.kmsKeyId() != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
    }
    clients.s3().putObject(put.build(), RequestBody.fromString(job.script(), StandardCharsets.UTF_8));
    JobUpdate update = jobUpdate(job, role, script, work.resolve("glue-temp/"));
    GlueClient glue = clients.glue();
    if (exists(job)) {
      glue.updateJob(r -> r.jobName(job.glueName()).jobUpdate(update));
      LOG.info("Updated Glue job {} (script {})", job.glueName(), script);
    } else {
      glue.createJob(r -> r.name(job.glueName()).description(update.description()).role(update.role())
          .command(update.command()).defaultArguments(update.defaultArguments()).connections(update.connections())
          .glueVersion(update.glueVersion()).workerType(update.workerType())
          .numberOfWorkers(update.numberOfWorkers()).timeout(update.timeout()).maxRetries(update.maxRetries()));
      LOG.info("Created Glue job {} (script {})", job.glueName(), script);
    }
  }

  /** The job's definition in Glue; CreateJob takes the same fields. */
  static JobUpdate jobUpdate(GlueJob job, String role, String script, S3Location temp) {
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("--job-language", "python");
    arguments.put("--TempDir", temp.uri());
    arguments.putAll(job.arguments());
    return JobUpdate.builder()
        .description("Takwimu job " + job.name())
        .role(role)
        .command(JobCommand.builder().name("glueetl").pythonVersion("3").scriptLocation(script).build())
        .defaultArguments(arguments)
        .connections(ConnectionsList.builder().connections(job.connections()).build())
        .glueVersion(job.glueVersion())
        .workerType(job.workerType())
        .numberOfWorkers(job.workers())
        .timeout((int) Math.max(1, job.timeout().toMinutes()))
        .maxRetries(0)
        .build();
  }

  private boolean exists(GlueJob job) {
    try {
      clients.glue().getJob(r -> r.jobName(job.glueName()));
      return true;
    } catch (EntityNotFoundException e) {
      return false;
    }
  }

  @Override
  public String start(GlueJob job, Map<String, String> arguments) {
    String runId = clients.glue().startJobRun(r -> r.jobName(job.glueName()).arguments(arguments)).jobRunId();
    LOG.info("Started Glue job {} run {}", job.glueName(), runId);
    return runId;
  }

  @Override
  public GlueJobReport await(GlueJob job, String runId) {
    Instant deadline = Instant.now().plus(job.timeout()).plus(START_GRACE);
    Duration interval = settings.pollInterval();
    while (true) {
      JobRun run = clients.glue().getJobRun(r -> r.jobName(job.glueName()).runId(runId)).jobRun();
      Optional<GlueJobReport> report = finished(job.glueName(), run);
      if (report.isPresent()) {
        return report.get();
      }
      if (Instant.now().isAfter(deadline)) {
        clients.glue().batchStopJobRun(r -> r.jobName(job.glueName()).jobRunIds(runId));
        throw new TakwimuException(String.format("Glue job %s run %s still %s after %s; stopped it",
            job.glueName(), runId, run.jobRunStateAsString(), job.timeout().plus(START_GRACE)));
      }
      sleep(interval);
      interval = min(interval.multipliedBy(3).dividedBy(2), MAX_POLL_INTERVAL);
    }
  }

  /**
   * The report of a run that succeeded, empty while it is still going.
   *
   * @throws TakwimuException when the run ended any other way, with Glue's error message
   */
  static Optional<GlueJobReport> finished(String jobName, JobRun run) {
    String state = run.jobRunStateAsString();
    switch (state) {
      case "SUCCEEDED":
        return Optional.of(new GlueJobReport(jobName, run.id(), state, duration(run),
            run.dpuSeconds() == null ? OptionalDouble.empty() : OptionalDouble.of(run.dpuSeconds())));
      case "FAILED", "TIMEOUT", "STOPPED", "ERROR", "EXPIRED":
        String message = run.errorMessage() == null || run.errorMessage().isBlank() ? "no error message"
            : run.errorMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        throw new TakwimuException(String.format("Glue job %s run %s ended %s: %s", jobName, run.id(), state,
            message));
      default:
        return Optional.empty(); // STARTING, RUNNING, STOPPING, WAITING
    }
  }

  private static Duration duration(JobRun run) {
    if (run.executionTime() != null && run.executionTime() > 0) {
      return Duration.ofSeconds(run.executionTime());
    }
    if (run.startedOn() != null && run.completedOn() != null) {
      return Duration.between(run.startedOn(), run.completedOn());
    }
    return Duration.ZERO;
  }

  @Override
  public GlueJobReport extract(BigQueryExtract extract) {
    ensureConnection(extract);
    GlueJob job = extract.job(settings);
    GlueJobReport report = run(job);
    LOG.info("BigQuery {} appended to {} by Glue run {} in {}", extract.table(), extract.targetTable(settings),
        report.runId(), report.duration());
    return report;
  }

  private void ensureConnection(BigQueryExtract extract) {
    try {
      clients.glue().getConnection(r -> r.name(extract.connection()));
    } catch (EntityNotFoundException e) {
      clients.glue().createConnection(r -> r.connectionInput(connectionInput(extract)));
      LOG.info("Created Glue BigQuery connection {} (secret {})", extract.connection(), extract.secretId());
    }
  }

  /** A Glue BIGQUERY connection: the secret holding the GCP credentials goes in its Spark properties. */
  static ConnectionInput connectionInput(BigQueryExtract extract) {
    String secret = extract.secretId().replace("\\", "\\\\").replace("\"", "\\\"");
    return ConnectionInput.builder()
        .name(extract.connection())
        .description("Takwimu BigQuery extract (GCP credentials in Secrets Manager)")
        .connectionType("BIGQUERY")
        .connectionPropertiesWithStrings(Map.of("SparkProperties", "{\"secretId\":\"" + secret + "\"}"))
        .build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TakwimuException("Interrupted while waiting for a Glue job run", e);
    }
  }
}
