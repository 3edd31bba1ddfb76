package dev.takwimu.core;

import java.time.Duration;

/**
 * What ingesting one file did.
 *
 * @param file the file's name
 * @param target the raw dataset appended to
 * @param batchId the batch the rows were appended under, or the earlier batch that already holds this file
 * @param rows rows appended; 0 when skipped
 * @param skipped true when the same content had already been ingested into the target
 * @param version the target's version after this file
 * @param duration wall-clock time
 */
public record IngestReport(
    String file, DatasetId target, String batchId, long rows, boolean skipped, long version, Duration duration) {}
