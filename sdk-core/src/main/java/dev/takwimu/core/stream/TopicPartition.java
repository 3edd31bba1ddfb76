package dev.takwimu.core.stream;

import java.util.Objects;

/**
 * One partition of a topic, the unit whose offsets a sink records.
 *
 * @param topic the topic's name
 * @param partition the partition number, from 0
 */
public record TopicPartition(String topic, int partition) {
  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative, got " + partition);
    }
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
