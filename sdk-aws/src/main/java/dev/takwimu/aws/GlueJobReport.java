package dev.takwimu.aws;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * A finished Glue job run.
 *
 * @param jobName the job's name in Glue
 * @param runId Glue's run id ({@code jr_...})
 * @param state the run's final state, {@code SUCCEEDED}
 * @param duration how long the run executed
 * @param dpuSeconds DPU seconds Glue reports (auto-scaled and Flex runs); empty when Glue gives none
 */
public record GlueJobReport(String jobName, String runId, String state, Duration duration, OptionalDouble dpuSeconds) {
}
