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
 * @param bytesScanned data the engine scanned for the run, which a pay-per-scan engine (Athena) bills by; 0 where
 *     nothing is billed by scan (the local backend)
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
    Duration duration,
    long bytesScanned) {
  public StageReport {
    inputRows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputRows));
    quarantinedByRule = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quarantinedByRule));
    warnings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(warnings));
  }

  /** A report of a run whose engine does not bill by data scanned. */
  public StageReport(String stage, DatasetId output, long version, Map<DatasetId, Long> inputRows, long rowsIn,
      long rowsOut, long rowsQuarantined, Map<String, Long> quarantinedByRule, Map<String, Long> warnings,
      Duration duration) {
    this(stage, output, version, inputRows, rowsIn, rowsOut, rowsQuarantined, quarantinedByRule, warnings, duration, 0);
  }
}
