package dev.takwimu.core.stream;

import java.time.Clock;

/** Opens stream sinks on a backend's lake. */
public interface StreamSinks {

  /** A sink for the format's records, flushing by the given hints and the system clock. */
  default StreamSink open(StreamFormat format, BufferHints hints) {
    return open(format, hints, Clock.systemUTC());
  }

  /** A sink whose buffer interval is measured by the given clock. */
  StreamSink open(StreamFormat format, BufferHints hints, Clock clock);
}
