package dev.takwimu.core.stream;

import java.time.Duration;
import java.util.Map;

/**
 * What one flush did.
 *
 * @param records records the flush took from the buffer
 * @param rows rows appended to the raw dataset
 * @param quarantined records appended to the quarantine dataset
 * @param alreadyCommitted records left out because the lake already held their offsets (re-deliveries)
 * @param offsets next offset per partition this flush recorded; empty when it committed nothing
 * @param batchId the {@code _batch_id} of the flush's rows; null when it committed nothing
 * @param version the raw dataset's version after the flush; 0 when it does not exist yet
 * @param duration wall-clock time
 */
public record FlushReport(long records, long rows, long quarantined, long alreadyCommitted,
    Map<TopicPartition, Long> offsets, String batchId, long version, Duration duration) {
  public FlushReport {
    offsets = Map.copyOf(offsets);
  }

  /** Whether the flush committed a version. */
  public boolean committed() {
    return batchId != null;
  }
}
