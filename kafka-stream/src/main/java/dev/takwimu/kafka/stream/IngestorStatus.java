package dev.takwimu.kafka.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether an ingestor's poll loop is alive, as one snapshot: what liveness and readiness probes ask.
 *
 * @param state where the loop is
 * @param sinceStart time since {@link KafkaStreamIngestor#run()} started, zero before
 * @param sinceLastPoll time since the last poll returned, null before the first
 * @param sinceLastFlush time since the last flush that took records, null before the first
 * @param assignedPartitions partitions the consumer group gave this ingestor
 * @param buffered records buffered in the sink and not yet flushed, as of the last poll
 * @param failure why the loop ended with an exception ({@link State#FAILED}), null otherwise
 */
public record IngestorStatus(State state, Duration sinceStart, Duration sinceLastPoll, Duration sinceLastFlush,
    int assignedPartitions, int buffered, String failure) {
  public IngestorStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(sinceStart, "sinceStart");
  }

  /** Where an ingestor's loop is. */
  public enum State {
    /** {@link KafkaStreamIngestor#run()} has not been called. */
    NEW,
    /** Waiting for the broker to answer and the topic to exist. */
    STARTING,
    /** Polling. */
    RUNNING,
    /** Stop was asked or the idle timeout passed: flushing what is buffered and leaving the group. */
    STOPPING,
    /** {@code run()} returned. */
    STOPPED,
    /** {@code run()} ended with an exception. */
    FAILED
  }

  /**
   * True while the loop is starting, or polling and has polled within {@code stallAfter} (a stopping loop that still
   * flushes counts as alive); false once it stopped or failed.
   */
  public boolean live(Duration stallAfter) {
    return switch (state) {
      case NEW, STARTING -> true;
      case RUNNING, STOPPING -> sinceLastPoll == null ? sinceStart.compareTo(stallAfter) <= 0
          : sinceLastPoll.compareTo(stallAfter) <= 0;
      case STOPPED, FAILED -> false;
    };
  }

  /** True when alive, polling (not stopping) and holding at least one partition: it is consuming. */
  public boolean ready(Duration stallAfter) {
    return state == State.RUNNING && assignedPartitions > 0 && live(stallAfter);
  }
}
