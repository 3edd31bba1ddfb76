package dev.takwimu.samples.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one pipeline stage did.
 *
 * @param stage the stage's name
 * @param output the dataset it wrote
 * @param rowsIn candidate rows
 * @param rowsOut rows committed to the output
 * @param quarantined rows sent to quarantine
 * @param warnings rows kept despite a warning
 * @param ruleViolations violations per rule name
 * @param elapsed how long the stage took
 */
public record StageSummary(String stage, String output, long rowsIn, long rowsOut, long quarantined, long warnings,
                           Map<String, Long> ruleViolations, Duration elapsed) {
  public StageSummary {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(output, "output");
    ruleViolations = Map.copyOf(ruleViolations);
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
