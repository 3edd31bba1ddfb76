package dev.takwimu.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.TopicPartition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamBufferTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final BufferHints HINTS = new BufferHints(3, 100, Duration.ofSeconds(10));

  private final StreamBuffer buffer = new StreamBuffer(HINTS, Clock.fixed(START, ZoneOffset.UTC));

  @Test
  void dueByRecordsBytesOrTheOldestRecordsWait() {
    assertThat(buffer.isDue(START.plusSeconds(3600))).as("empty").isFalse();
    buffer.add(record("t", 0, 0, 10));
    assertThat(buffer.isDue(START.plusSeconds(9))).isFalse();
    assertThat(buffer.isDue(START.plusSeconds(10))).as("waited maxInterval").isTrue();
    buffer.add(record("t", 0, 1, 10));
    buffer.add(record("t", 0, 2, 10));
    assertThat(buffer.isDue(START)).as("maxRecords").isTrue();

    buffer.clear();
    assertThat(buffer.size()).isZero();
    assertThat(buffer.isDue(START.plusSeconds(3600))).isFalse();
    buffer.add(record("t", 0, 3, 100));
    assertThat(buffer.isDue(START)).as("maxBytes").isTrue();
  }

  @Test
  void freshSkipsCommittedOffsetsPerPartitionInArrivalOrder() {
    buffer.add(record("a", 0, 4, 1));
    buffer.add(record("a", 1, 0, 1));
    buffer.add(record("a", 0, 5, 1));
    buffer.add(record("b.c", 0, 7, 1));
    List<StreamRecord> fresh = buffer.fresh(Map.of(new TopicPartition("a", 0), 5L, new TopicPartition("b.c", 0), 7L));
    assertThat(fresh).extracting(StreamBufferTest::key).containsExactly("a/1/0", "a/0/5", "b.c/0/7");
  }

  @Test
  void aReDeliveryKeepsEachOffsetOnce() {
    buffer.add(record("a", 0, 1, 1));
    buffer.add(record("a", 0, 2, 1));
    buffer.add(record("a", 0, 1, 1)); // re-delivered after a rebalance
    buffer.add(record("a", 0, 3, 1));
    buffer.add(record("a", 0, 0, 1));
    assertThat(buffer.fresh(Map.of(new TopicPartition("a", 0), 1L))).extracting(StreamBufferTest::key)
        .containsExactly("a/0/1", "a/0/2", "a/0/3");
    assertThat(buffer.records()).hasSize(5);
  }

  private static StreamRecord record(String topic, int partition, long offset, int bytes) {
    return new StreamRecord(topic, partition, offset, new byte[bytes], START);
  }

  private static String key(StreamRecord record) {
    return record.topic() + "/" + record.partition() + "/" + record.offset();
  }
}
