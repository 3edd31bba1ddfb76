package dev.takwimu.samples.cli;

import dev.takwimu.core.TakwimuException;
import dev.takwimu.safaricom.SyntheticStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** Producing synthetic stream traffic as {@code takwimu produce} does, for {@code demo --stream} and the bench. */
public final class StreamSteps {
  private StreamSteps() {
  }

  /** What one {@link #produce} sent: records acknowledged and the seconds from the first send to the last ack. */
  public record Produced(long records, double seconds) {
    public double perSecond() {
      return records / Math.max(seconds, 1e-9);
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
