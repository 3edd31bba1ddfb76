package dev.takwimu.kafka.stream;

import dev.takwimu.core.TakwimuException;

/** The ingestor cannot consume: the broker cannot be reached or the topic does not exist. */
public class KafkaStreamIngestException extends TakwimuException {
  public KafkaStreamIngestException(String message) {
    super(message);
  }

  public KafkaStreamIngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
