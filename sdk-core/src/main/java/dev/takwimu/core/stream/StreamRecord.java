package dev.takwimu.core.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * One record as a broker delivers it. The value is not copied: do not change the array after putting the record.
 *
 * @param topic the topic it was read from
 * @param partition the topic's partition
 * @param offset its position in the partition
 * @param value the payload, normally a JSON object in UTF-8; null for a record without a value
 * @param timestamp when the broker says it was produced
 */
public record StreamRecord(String topic, int partition, long offset, byte[] value, Instant timestamp) {
  public StreamRecord {
    new TopicPartition(topic, partition); // validates both
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    Objects.requireNonNull(timestamp, "timestamp");
  }

  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  /** Bytes of the value, 0 without one: what {@link BufferHints#maxBytes()} counts. */
  public int size() {
    return value == null ? 0 : value.length;
  }
}
