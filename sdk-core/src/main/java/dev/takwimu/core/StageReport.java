package dev.takwimu.core;

import java.time.Duration;
import java.util.Map;

/**
 * What one run of a stage did.
 *
 * @param stage the stage's name
 * @param output the dataset written
 * @param version the output's committed version
 * @param inputRows rows in each input dataset's current version
 * @param rowsIn candidate rows the rules were checked on
 * @param rowsOut rows committed to the output
 * @param rowsQuarantined rows sent to quarantine (a row breaking two rules counts once here)
 * @param quarantinedByRule rows that broke each QUARANTINE rule
 * @param warnings rows that broke each WARN rule
 * @param duration wall-clock time of the run
 */
public record StageReport(
    String stage,
    DatasetId output,
    long version,
    Map<DatasetId, Long> inputRows,
    long rowsIn,
    long rowsOut,
    long rowsQuarantined,
    Map<String, Long> quarantinedByRule,
    Map<String, Long> warnings,
    Duration duration) {
  public StageReport {
    inputRows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputRows));
    quarantinedByRule = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quarantinedByRule));
    warnings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(warnings));
  }
}
