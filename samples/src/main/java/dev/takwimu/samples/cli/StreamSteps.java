package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.kafka.embedded.EmbeddedKafka;
import dev.takwimu.kafka.stream.IngestorMetrics;
import dev.takwimu.kafka.stream.KafkaStreamIngestor;
import dev.takwimu.safaricom.MpesaStream;
import dev.takwimu.safaricom.SyntheticStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** Producing synthetic stream traffic as {@code takwimu produce} does, for {@code demo --stream} and the bench. */
public final class StreamSteps {
  /** The topic of {@code demo --stream}: always the same, so a second demo replays it (its records land once). */
  static final String DEMO_TOPIC = "mpesa-transactions";

  private StreamSteps() {
  }

  /** What one {@link #produce} sent: records acknowledged and the seconds from the first send to the last ack. */
  public record Produced(long records, double seconds) {
    public double perSecond() {
      return records / Math.max(seconds, 1e-9);
    }
  }

  /** What {@link #demo} did: produced, then consumed into the lake until idle. */
  record Demo(String topic, Produced produced, IngestorMetrics consumed, double consumeSeconds) {
  }

  /**
   * The stream part of {@code takwimu demo --stream}: starts an embedded broker on a free loopback port, sends
   * {@code count} records of the stream to a topic of two partitions, consumes them with the ingestor into the
   * backend's raw/transactions_stream until no record arrived for 3 s, and stops the broker.
   */
  static Demo demo(Backend backend, SyntheticStream stream, long count, PrintWriter out, PrintWriter err) {
    if (!(backend instanceof SupportsStreaming streaming)) {
      throw new TakwimuException("the " + backend.name() + " backend cannot stream yet; demo --stream needs the "
          + "local backend");
    }
    String topic = DEMO_TOPIC;
    try (EmbeddedKafka kafka = Progress.during("broker", err, () -> EmbeddedKafka.builder().port(0).build().start())) {
      out.printf(Locale.ROOT, "broker: Kafka at %s (started in %s)%n", kafka.bootstrap(),
          Steps.seconds(kafka.startTime()));
      out.flush();
      kafka.createTopic(topic, 2);
      Produced produced = Progress.during("produce", err, () -> produce(stream, kafka.bootstrap(), topic, count, null));
      out.printf(Locale.ROOT, "produce: %d records to %s in %.2f s (%.0f records/s)%n", produced.records(), topic,
          produced.seconds(), produced.perSecond());
      out.flush();
      BufferHints hints = BufferHints.DEFAULT.withMaxRecords(10_000).withMaxInterval(Duration.ofSeconds(1));
      long start = System.nanoTime();
      IngestorMetrics metrics;
      try (StreamSink sink = streaming.streams().open(MpesaStream.TRANSACTIONS, hints)) {
        metrics = Progress.during("stream", err, () -> KafkaStreamIngestor.builder().bootstrap(kafka.bootstrap())
            .topic(topic).groupId("takwimu-demo").sink(sink).pollTimeout(Duration.ofMillis(200))
            .idleTimeout(Duration.ofSeconds(3)).build().run());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "stream: %d records consumed into %s in %.2f s (%.0f records/s, idle 3 s included): "
              + "%d rows committed, %d quarantined, %d already in the lake, %d flushes%n", metrics.consumed(),
          MpesaStream.TRANSACTIONS.raw(), seconds, metrics.consumed() / Math.max(seconds, 1e-9), metrics.committed(),
          metrics.quarantined(), metrics.alreadyCommitted(), metrics.flushes());
      out.flush();
      return new Demo(topic, produced, metrics, seconds);
    }
  }

  /**
   * Sends records {@code 0} to {@code count - 1} of the stream to an existing topic with {@code takwimu produce}'s
   * producer settings, at most {@code rate} records/s (null: as fast as the broker takes them), and waits for every
   * acknowledgement.
   *
   * @throws TakwimuException when a record is not acknowledged
   */
  public static Produced produce(SyntheticStream stream, String bootstrap, String topic, long count, Double rate) {
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long started = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ProduceCommand.producerConfig(bootstrap))) {
      started = System.nanoTime();
      long batch = rate == null ? Long.MAX_VALUE : Math.max(1, (long) (rate / 100)); // about 10 ms of records
      for (long i = 0; i < count && failure.get() == null; i++) {
        SyntheticStream.Record record = stream.record(i);
        producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, e) -> {
          if (e == null) {
            acknowledged.incrementAndGet();
          } else {
            failure.compareAndSet(null, e);
          }
        });
        if ((i + 1) % batch == 0) {
          long wait = started + (long) ((i + 1) * 1e9 / rate) - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      }
      producer.flush();
    } catch (KafkaException e) {
      failure.compareAndSet(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TakwimuException(e, "Interrupted while sending to topic %s", topic);
    }
    if (failure.get() != null) {
      throw new TakwimuException(failure.get(), "cannot send to topic %s at %s (%d of %d records acknowledged): %s",
          topic, bootstrap, acknowledged.get(), count, TakwimuCli.oneLine(String.valueOf(failure.get().getMessage())));
    }
    return new Produced(acknowledged.get(), (System.nanoTime() - started) / 1e9);
  }
}
