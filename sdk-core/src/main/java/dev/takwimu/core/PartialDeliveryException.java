package dev.takwimu.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A delivery failed after some of its files were appended (on a backend that commits one file at a time): the message
 * names the failure, the files appended (with their batches) and the files not ingested. Re-running the same delivery
 * skips the appended files, whose content the raw zone already holds, and ingests the rest.
 */
public class PartialDeliveryException extends TakwimuException {
  private final List<IngestReport> ingested;
  private final List<String> notIngested;

  public PartialDeliveryException(TakwimuException cause, List<IngestReport> ingested, List<String> notIngested) {
    super(cause.getMessage() + "; of this delivery, ingested: " + ingested.stream()
        .map(r -> r.file() + (r.skipped() ? " (already in batch " : " (batch ") + r.batchId() + ")")
        .collect(Collectors.joining(", ")) + "; not ingested: " + String.join(", ", notIngested), cause);
    this.ingested = List.copyOf(ingested);
    this.notIngested = List.copyOf(notIngested);
  }

  /** Reports of the files appended (or found already ingested) before the failure. */
  public List<IngestReport> ingested() {
    return ingested;
  }

  /** Names of the file that failed and of the files after it. */
  public List<String> notIngested() {
    return notIngested;
  }
}
