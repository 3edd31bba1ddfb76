package dev.takwimu.aws;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import java.util.Map;

/**
 * Runs stages that need more than SQL as Glue ETL jobs: the script uploaded to S3, the job created or updated, a run
 * started and followed until it ends. Obtained from {@link AwsBackend#glueJobs()}.
 */
public interface GlueJobRunner {

  /**
   * Uploads the job's script and creates the Glue job, or updates it when it exists.
   *
   * @throws InvalidInputException when no Glue role is configured ({@value AwsProperties#GLUE_ROLE})
   */
  void deploy(GlueJob job);

  /** Starts a run of a deployed job with extra arguments ({@code --key} to value); returns the run id. */
  String start(GlueJob job, Map<String, String> arguments);

  /**
   * Waits for a run to end, polling with backoff until the job's timeout (plus time to start) has passed.
   *
   * @throws TakwimuException when the run fails, times out, is stopped, or outlasts the wait (it is then stopped)
   */
  GlueJobReport await(GlueJob job, String runId);

  /**
   * Creates the Glue BigQuery connection when it is missing, then deploys and runs the extract's job.
   *
   * @throws TakwimuException as {@link #await} does
   */
  GlueJobReport extract(BigQueryExtract extract);

  /** Deploys the job, runs it and waits for the run to end. */
  default GlueJobReport run(GlueJob job) {
    deploy(job);
    return await(job, start(job, Map.of()));
  }
}
