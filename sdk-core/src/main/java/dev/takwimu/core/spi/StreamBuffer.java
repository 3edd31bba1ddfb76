package dev.takwimu.core.spi;

import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.TopicPartition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The records a {@link dev.takwimu.core.stream.StreamSink} holds between flushes: when they are due by its
 * {@link BufferHints}, and which of them the lake does not hold yet. Not thread-safe, as a sink is not.
 */
public final class StreamBuffer {
  private final BufferHints hints;
  private final Clock clock;
  private final List<StreamRecord> records = new ArrayList<>();
  private long bytes;
  private Instant oldest;

  public StreamBuffer(BufferHints hints, Clock clock) {
    this.hints = Objects.requireNonNull(hints, "hints");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds a record; the first one after a {@link #clear()} starts the interval. */
  public void add(StreamRecord record) {
    if (records.isEmpty()) {
      oldest = clock.instant();
    }
    records.add(record);
    bytes += record.size();
  }

  /** Whether a flush is due at {@code now}: enough records or bytes, or the oldest record has waited long enough. */
  public boolean isDue(Instant now) {
    return !records.isEmpty() && (records.size() >= hints.maxRecords() || bytes >= hints.maxBytes()
        || !now.isBefore(oldest.plus(hints.maxInterval())));
  }

  /** The buffered records in arrival order (a read-only view). */
  public List<StreamRecord> records() {
    return Collections.unmodifiableList(records);
  }

  public int size() {
    return records.size();
  }

  public void clear() {
    records.clear();
    bytes = 0;
    oldest = null;
  }

  /**
   * The buffered records the lake does not hold yet, each offset once, in arrival order: those at or past their
   * partition's next offset in {@code committed} (a partition missing from it starts at 0). A partition's records
   * normally come in rising offsets, which needs no set of the offsets seen; a buffer where they do not (a
   * re-delivery) takes one.
   */
  public List<StreamRecord> fresh(Map<TopicPartition, Long> committed) {
    List<StreamRecord> fresh = new ArrayList<>(records.size());
    Map<TopicPartition, Rising> partitions = new HashMap<>();
    Rising last = null;
    for (StreamRecord record : records) {
      if (last == null || last.partition != record.partition() || !last.topic.equals(record.topic())) {
        last = partitions.computeIfAbsent(record.topicPartition(), p -> new Rising(p, committed.get(p)));
      }
      if (record.offset() < last.next) {
        continue;
      }
      if (record.offset() <= last.highest) {
        return freshAnyOrder(committed);
      }
      last.highest = record.offset();
      fresh.add(record);
    }
    return fresh;
  }

  private List<StreamRecord> freshAnyOrder(Map<TopicPartition, Long> committed) {
    List<StreamRecord> fresh = new ArrayList<>(records.size());
    Set<String> seen = new HashSet<>();
    for (StreamRecord record : records) {
      Long next = committed.get(record.topicPartition());
      if ((next == null || record.offset() >= next)
          && seen.add(record.topic() + "\u0000" + record.partition() + "\u0000" + record.offset())) {
        fresh.add(record);
      }
    }
    return fresh;
  }

  /** One partition of a flush: the lake's next offset and the highest offset taken so far. */
  private static final class Rising {
    final String topic;
    final int partition;
    final long next;
    long highest = -1;

    Rising(TopicPartition partition, Long next) {
      this.topic = partition.topic();
      this.partition = partition.partition();
      this.next = next == null ? 0 : next;
    }
  }
}
