package dev.takwimu.kafka.stream;

import dev.takwimu.core.stream.TopicPartition;
import java.util.Map;

/**
 * What an ingestor has done so far, as one consistent snapshot.
 *
 * @param consumed records polled from Kafka, re-deliveries included
 * @param committed rows appended to the raw dataset
 * @param quarantined records appended to the quarantine dataset
 * @param alreadyCommitted records left out because the lake held their offsets already
 * @param flushes flushes that took records
 * @param recordsPerSecond records consumed per second since the run started
 * @param lag records behind the end of each assigned partition, as of the last check (about once a second)
 */
public record IngestorMetrics(long consumed, long committed, long quarantined, long alreadyCommitted, long flushes,
    double recordsPerSecond, Map<TopicPartition, Long> lag) {
  public IngestorMetrics {
    lag = Map.copyOf(lag);
  }
}
