package dev.takwimu.samples.cli;

import dev.takwimu.core.TakwimuException;
import dev.takwimu.safaricom.SyntheticExports;
import dev.takwimu.safaricom.SyntheticStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu produce}: synthetic M-Pesa transactions sent to a Kafka topic, as test traffic for a consumer. */
@Command(name = "produce", sortOptions = false,
    description = {
        "Send synthetic M-Pesa transactions to a Kafka topic.",
        "",
        "Each record is a JSON object (txn_id, cust_id, amount, channel, timestamp) for a",
        "customer of the book 'takwimu generate --customers C --seed S' writes, keyed by",
        "the customer id. Transaction ids start with S, so none repeats a batch export's",
        "(those start with T); the same options always send the same records. With",
        "--dirty-rate, that share of records is damaged: not JSON, a missing field, the",
        "wrong shape (the stream sink quarantines these), a negative amount or a bad",
        "timestamp (curation rejects these). A missing topic is created (broker's default",
        "partitions). The producer is idempotent and waits for acks from all replicas."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu broker --port 9092",
        "  takwimu produce --bootstrap 127.0.0.1:9092 --topic mpesa-transactions --count 100000",
        "  takwimu produce --bootstrap 127.0.0.1:9092 --topic t --count 5000 --rate 500 --dirty-rate 0.02"})
final class ProduceCommand implements Callable<Integer> {
  /** How long to wait for the broker (metadata, a topic, an acknowledgement) before giving up. */
  static final Duration BROKER_TIMEOUT = Duration.ofSeconds(8);
  private static final Pattern BOOTSTRAP = Pattern.compile("[^\\s:,]+:\\d{1,5}(,[^\\s:,]+:\\d{1,5})*");

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
      description = "Kafka broker to connect to, e.g. 127.0.0.1:9092 (several separated by commas).")
  String bootstrap;

  @Option(names = "--topic", required = true, paramLabel = "NAME",
      description = "Topic to send to; created when missing.")
  String topic;

  @Option(names = "--count", required = true, paramLabel = "N", description = "Number of records to send.")
  long count;

  @Option(names = "--rate", paramLabel = "R",
      description = "Records per second at most (default: as fast as the broker takes them).")
  Double rate;

  @Option(names = "--customers", paramLabel = "C", defaultValue = "10000",
      description = "Customers of the book the records belong to (default: ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the book and of the records (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dirty-rate", paramLabel = "D", defaultValue = "0",
      description = "Share of records damaged, 0 to 0.5 (default: ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Override
  public Integer call() throws InterruptedException {
    if (!BOOTSTRAP.matcher(bootstrap.strip()).matches()) {
      throw new ParameterException(spec.commandLine(),
          "--bootstrap must be HOST:PORT (e.g. 127.0.0.1:9092), not '" + bootstrap + "'");
    }
    if (topic.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--topic must not be empty");
    }
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be a positive number, not " + count);
    }
    if (rate != null && !(rate > 0 && rate < Double.POSITIVE_INFINITY)) {
      throw new ParameterException(spec.commandLine(), "--rate must be a positive number of records/s, not " + rate);
    }
    SyntheticExports.Builder builder = SyntheticExports.builder().seed(seed);
    Converters.apply(spec, "--customers", () -> builder.customers(customers));
    Converters.apply(spec, "--dirty-rate", () -> builder.dirtyRate(dirtyRate));
    SyntheticStream stream = SyntheticStream.of(builder.build());

    String servers = bootstrap.strip();
    ensureTopic(servers);
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long started;
    long finished;
    Ticker ticker = Ticker.start(spec.commandLine().getErr(), acknowledged, count);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(servers))) {
      started = System.nanoTime();
      long batch = rate == null ? Long.MAX_VALUE : Math.max(1, (long) (rate / 100)); // about 10 ms of records
      for (long i = 0; i < count && failure.get() == null; i++) {
        SyntheticStream.Record record = stream.record(i);
        try {
          producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, e) -> {
            if (e == null) {
              acknowledged.incrementAndGet();
            } else {
              failure.compareAndSet(null, e);
            }
          });
        } catch (KafkaException e) {
          failure.compareAndSet(null, e);
        }
        if ((i + 1) % batch == 0) {
          long wait = started + (long) ((i + 1) * 1e9 / rate) - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      }
      producer.flush();
      finished = System.nanoTime();
    } catch (KafkaException e) {
      failure.compareAndSet(null, e);
      finished = System.nanoTime();
      started = finished;
    } finally {
      ticker.stop();
    }
    if (failure.get() != null) {
      throw new TakwimuException(failure.get(), "cannot send to topic %s at %s (%d of %d records acknowledged): %s",
          topic, servers, acknowledged.get(), count, reason(failure.get()));
    }
    double seconds = (finished - started) / 1e9;
    spec.commandLine().getOut().printf(Locale.ROOT, "produced %d records to %s in %.2f s (%.0f records/s)%n", count,
        topic, seconds, count / Math.max(seconds, 1e-9));
    return TakwimuCli.OK;
  }

  /** Fails in one line when the broker cannot be reached, or the topic is missing and cannot be created. */
  private void ensureTopic(String servers) throws InterruptedException {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "takwimu-produce-admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw unreachable(servers, e.getCause());
        }
      }
      try {
        admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new TakwimuException(e.getCause(), "topic %s does not exist at %s and cannot be created: %s", topic,
              servers, reason(e.getCause()));
        }
      }
    } catch (KafkaException e) {
      throw unreachable(servers, e);
    }
  }

  private TakwimuException unreachable(String servers, Throwable e) {
    if (e instanceof TimeoutException) {
      return new TakwimuException(e, "cannot reach a Kafka broker at %s (no answer within %d s)", servers,
          BROKER_TIMEOUT.toSeconds());
    }
    return new TakwimuException(e, "cannot use topic %s at %s: %s", topic, servers, reason(e));
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : TakwimuCli.oneLine(message);
  }

  /**
   * Idempotent, acks from all replicas; batches of up to 128 KiB waiting at most 10 ms, compressed with lz4 (measured
   * faster than none here, docs/performance.md, Streaming: the broker stores a quarter of the bytes).
   */
  static Properties producerConfig(String servers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "takwimu-produce");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, BROKER_TIMEOUT.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis() * 3);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /** {@code produced 12000 of 100000 records (24000 records/s)} on one line of stderr each second, on a terminal. */
  private static final class Ticker {
    private final PrintWriter err;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;

    private Ticker(PrintWriter err, AtomicLong acknowledged, long count) {
      this.err = err;
      this.thread = err == null ? null : new Thread(() -> tick(acknowledged, count), "takwimu-produce-progress");
    }

    static Ticker start(PrintWriter err, AtomicLong acknowledged, long count) {
      Ticker ticker = new Ticker(System.console() == null ? null : err, acknowledged, count);
      if (ticker.thread != null) {
        ticker.thread.setDaemon(true);
        ticker.thread.start();
      }
      return ticker;
    }

    private void tick(AtomicLong acknowledged, long count) {
      long started = System.nanoTime();
      try {
        while (!done.await(1, TimeUnit.SECONDS)) {
          long sent = acknowledged.get();
          double seconds = (System.nanoTime() - started) / 1e9;
          show(String.format(Locale.ROOT, "produced %d of %d records (%.0f records/s)", sent, count, sent / seconds));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private synchronized void show(String text) {
      err.print("\r" + text + "   ");
      err.flush();
    }

    void stop() throws InterruptedException {
      if (thread == null) {
        return;
      }
      done.countDown();
      thread.join(2000);
      synchronized (this) {
        err.print("\r" + " ".repeat(72) + "\r");
        err.flush();
      }
    }
  }
}
