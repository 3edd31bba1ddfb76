package dev.takwimu.core.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * When a sink flushes on its own: as soon as its buffer holds {@code maxRecords} records or {@code maxBytes} bytes of
 * values, or its oldest buffered record has waited {@code maxInterval}, whichever comes first (as Firehose's buffering
 * hints).
 *
 * @param maxRecords at least 1
 * @param maxBytes at least 1
 * @param maxInterval positive
 */
public record BufferHints(int maxRecords, long maxBytes, Duration maxInterval) {
  /** 10,000 records, 5 MiB, 60 seconds. */
  public static final BufferHints DEFAULT = new BufferHints(10_000, 5L * 1024 * 1024, Duration.ofSeconds(60));

  public BufferHints {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    Objects.requireNonNull(maxInterval, "maxInterval");
    if (maxInterval.isZero() || maxInterval.isNegative()) {
      throw new IllegalArgumentException("maxInterval must be positive, got " + maxInterval);
    }
  }

  public BufferHints withMaxRecords(int records) {
    return new BufferHints(records, maxBytes, maxInterval);
  }

  public BufferHints withMaxBytes(long bytes) {
    return new BufferHints(maxRecords, bytes, maxInterval);
  }

  public BufferHints withMaxInterval(Duration interval) {
    return new BufferHints(maxRecords, maxBytes, interval);
  }
}
