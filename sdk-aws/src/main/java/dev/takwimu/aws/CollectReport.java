package dev.takwimu.aws;

import dev.takwimu.core.DatasetId;
import java.time.Duration;

/**
 * What one collect step did: the objects Firehose delivered that it appended to the raw table (one append per 500,000
 * rows or fewer).
 *
 * @param dataset the raw dataset appended to
 * @param objects objects appended by this step
 * @param rows rows appended
 * @param alreadyCollected objects under the stream prefix that earlier steps had appended
 * @param unreadable lines that were not a stream line (sent to the format's quarantine dataset)
 * @param version the raw dataset's version after the step; 0 when it does not exist
 * @param duration wall-clock time
 */
public record CollectReport(DatasetId dataset, int objects, long rows, int alreadyCollected, long unreadable,
    long version, Duration duration) {}
