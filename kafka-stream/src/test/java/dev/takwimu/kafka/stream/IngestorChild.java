package dev.takwimu.kafka.stream;

import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An ingestor in its own JVM, for kill tests: {@code IngestorChild LAKE BOOTSTRAP TOPIC GROUP IDLE_MS}; prints
 * "started" once the broker answered, "flushed" after each flush and "done" when idle.
 */
public final class IngestorChild {
  private IngestorChild() {
  }

  public static void main(String[] args) {
    try (LocalBackend backend = StreamFixture.backend(Path.of(args[0]));
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      KafkaStreamIngestor.builder().bootstrap(args[1]).topic(args[2]).groupId(args[3]).sink(sink)
          .pollTimeout(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(Long.parseLong(args[4])))
          // a restarted child takes over its killed predecessor's partitions at once, without a session timeout
          .clientProperty("group.instance.id", "child")
          .onStart(() -> System.out.println("started"))
          .onFlush(report -> System.out.println("flushed " + report.offsets()))
          .build().run();
    }
    System.out.println("done");
  }
}
