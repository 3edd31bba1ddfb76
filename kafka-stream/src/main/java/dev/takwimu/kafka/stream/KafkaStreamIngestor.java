package dev.takwimu.kafka.stream;

import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes a Kafka topic into a {@link StreamSink}, exactly once into raw: on every assignment (start, restart,
 * rebalance) each partition is sought to the next offset the LAKE recorded ({@link StreamSink#committedOffsets()}),
 * from the beginning when it has none, and the sink never appends an offset twice. Kafka's committed offsets are
 * written after each flush for lag tools only; they are never read.
 *
 * <p>{@link #run()} polls until {@link #stop()} (from any thread, a signal handler too) or, with an idle timeout, until
 * no record arrived for that long; then it flushes and closes its consumer. The sink stays open: its owner closes it.
 */
public final class KafkaStreamIngestor {
  private static final Duration LAG_EVERY = Duration.ofSeconds(1);

  private final String bootstrap;
  private final String topic;
  private final String groupId;
  private final StreamSink sink;
  private final Duration pollTimeout;
  private final Duration idleTimeout;
  private final Duration connectTimeout;
  private final Map<String, String> clientProperties;
  private final Consumer<FlushReport> flushListener;
  private final Runnable startListener;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Object consumerLock = new Object();
  private KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong quarantined = new AtomicLong();
  private final AtomicLong alreadyCommitted = new AtomicLong();
  private final AtomicLong flushes = new AtomicLong();
  private volatile long startNanos;
  private volatile Map<dev.takwimu.core.stream.TopicPartition, Long> lag = Map.of();
  private volatile IngestorStatus.State state = IngestorStatus.State.NEW;
  private volatile long lastPollNanos;
  private volatile long lastFlushNanos;
  private volatile int assigned;
  private volatile int buffered;
  private volatile String failure;
  private long idleSince = -1;

  private KafkaStreamIngestor(Builder builder) {
    this.bootstrap = Objects.requireNonNull(builder.bootstrap, "bootstrap");
    this.topic = Objects.requireNonNull(builder.topic, "topic");
    this.groupId = Objects.requireNonNull(builder.groupId, "groupId");
    this.sink = Objects.requireNonNull(builder.sink, "sink");
    this.pollTimeout = builder.pollTimeout;
    this.idleTimeout = builder.idleTimeout;
    this.connectTimeout = builder.connectTimeout;
    this.clientProperties = Map.copyOf(builder.clientProperties);
    this.flushListener = builder.flushListener;
    this.startListener = builder.startListener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Consumes until stopped or idle, then flushes and closes the consumer. Runs once.
   *
   * @return the metrics at the end
   * @throws KafkaStreamIngestException when the broker cannot be reached or the topic does not exist
   */
  public IngestorMetrics run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("An ingestor runs once");
    }
    startNanos = System.nanoTime();
    state = IngestorStatus.State.STARTING;
    try {
      IngestorMetrics end = consume();
      state = IngestorStatus.State.STOPPED;
      return end;
    } catch (RuntimeException | Error e) {
      failure = rootMessage(e);
      state = IngestorStatus.State.FAILED;
      throw e;
    }
  }

  private IngestorMetrics consume() {
    KafkaConsumer<byte[], byte[]> c;
    try {
      c = new KafkaConsumer<>(properties());
    } catch (KafkaException e) {
      if (rootCause(e) instanceof org.apache.kafka.common.config.ConfigException) {
        // refused before any connection: a setting, not the broker
        throw new KafkaStreamIngestException("Invalid Kafka consumer setting: " + rootMessage(e), e);
      }
      throw new KafkaStreamIngestException("Cannot reach the Kafka broker at " + bootstrap + ": "
          + rootMessage(e), e);
    }
    synchronized (consumerLock) {
      consumer = c;
    }
    try {
      if (!topicExists(c)) {
        return metrics(); // stopped while asking the broker
      }
      startListener.run();
      state = IngestorStatus.State.RUNNING;
      sink.onFlush(this::flushed);
      c.subscribe(List.of(topic), new SeekToLake(c));
      long lastLag = System.nanoTime();
      while (!stopped.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(pollTimeout);
        } catch (WakeupException e) {
          continue;
        }
        lastPollNanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          consumed.incrementAndGet();
          sink.put(new StreamRecord(record.topic(), record.partition(), record.offset(), record.value(),
              Instant.ofEpochMilli(Math.max(0, record.timestamp()))));
        }
        sink.flushIfDue(Instant.now());
        buffered = sink.buffered();
        long now = System.nanoTime();
        if (!records.isEmpty()) {
          idleSince = now;
        }
        if (now - lastLag >= LAG_EVERY.toNanos()) {
          updateLag(c);
          lastLag = now;
        }
        if (idleTimeout != null && idleSince >= 0 && now - idleSince >= idleTimeout.toNanos()) {
          break;
        }
      }
      state = IngestorStatus.State.STOPPING;
      sink.flush();
      buffered = sink.buffered();
      updateLag(c);
    } finally {
      assigned = 0;
      synchronized (consumerLock) {
        consumer = null;
      }
      try {
        c.close(CloseOptions.timeout(Duration.ofSeconds(10)));
      } catch (KafkaException e) {
        // closing only leaves the group: the lake holds every flushed record already
      }
    }
    return metrics();
  }

  /** Makes {@link #run()} flush and return soon; safe from any thread and from a signal handler. */
  public void stop() {
    stopped.set(true);
    synchronized (consumerLock) {
      if (consumer != null) {
        consumer.wakeup();
      }
    }
  }

  /** Whether the poll loop is alive, for liveness and readiness probes; safe from any thread. */
  public IngestorStatus status() {
    long now = System.nanoTime();
    long start = startNanos;
    long poll = lastPollNanos;
    long flush = lastFlushNanos;
    return new IngestorStatus(state, start == 0 ? Duration.ZERO : Duration.ofNanos(now - start),
        poll == 0 ? null : Duration.ofNanos(now - poll), flush == 0 ? null : Duration.ofNanos(now - flush),
        assigned, buffered, failure);
  }

  /** The topic this ingestor consumes. */
  public String topic() {
    return topic;
  }

  /** The consumer group this ingestor belongs to. */
  public String groupId() {
    return groupId;
  }

  /** A snapshot of what the ingestor has done; safe from any thread while it runs. */
  public IngestorMetrics metrics() {
    long consumedNow = consumed.get();
    double seconds = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
    return new IngestorMetrics(consumedNow, committed.get(), quarantined.get(), alreadyCommitted.get(),
        flushes.get(), seconds > 0 ? consumedNow / seconds : 0, lag);
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.putAll(clientProperties);
    // what exactly once rests on: the lake, not Kafka, decides where each partition resumes
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /** True when the topic exists; false when stopped meanwhile; fails when there is no broker or no topic. */
  private boolean topicExists(KafkaConsumer<byte[], byte[]> c) {
    List<PartitionInfo> partitions;
    try {
      partitions = c.partitionsFor(topic, connectTimeout);
    } catch (TimeoutException e) {
      throw new KafkaStreamIngestException("Cannot reach the Kafka broker at " + bootstrap + " within "
          + connectTimeout.toSeconds() + " s", e);
    } catch (WakeupException e) {
      return false;
    } catch (KafkaException e) {
      throw new KafkaStreamIngestException("Cannot read topic " + topic + " at " + bootstrap + ": "
          + rootMessage(e), e);
    }
    if (partitions == null || partitions.isEmpty()) {
      throw new KafkaStreamIngestException("No topic " + topic + " on the Kafka broker at " + bootstrap);
    }
    return true;
  }

  /** After every flush: counts it, commits its offsets to Kafka for lag tools, tells the listener. */
  private void flushed(FlushReport report) {
    lastFlushNanos = System.nanoTime();
    flushes.incrementAndGet();
    committed.addAndGet(report.rows());
    quarantined.addAndGet(report.quarantined());
    alreadyCommitted.addAndGet(report.alreadyCommitted());
    KafkaConsumer<byte[], byte[]> c;
    synchronized (consumerLock) {
      c = consumer;
    }
    if (c != null && !report.offsets().isEmpty()) {
      Set<TopicPartition> owned = c.assignment();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      report.offsets().forEach((tp, next) -> {
        TopicPartition partition = new TopicPartition(tp.topic(), tp.partition());
        if (owned.contains(partition)) {
          offsets.put(partition, new OffsetAndMetadata(next));
        }
      });
      try {
        if (!offsets.isEmpty()) {
          c.commitSync(offsets, connectTimeout);
        }
      } catch (KafkaException e) {
        // informational only (a rebalance, a wakeup from stop()): the lake's offsets are the truth
      }
    }
    flushListener.accept(report);
  }

  private void updateLag(KafkaConsumer<byte[], byte[]> c) {
    Set<TopicPartition> partitions = c.assignment();
    assigned = partitions.size();
    if (partitions.isEmpty()) {
      lag = Map.of();
      return;
    }
    try {
      Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(2));
      Map<dev.takwimu.core.stream.TopicPartition, Long> now = new LinkedHashMap<>();
      for (TopicPartition partition : partitions) {
        long position = c.position(partition, Duration.ofSeconds(2));
        now.put(new dev.takwimu.core.stream.TopicPartition(partition.topic(), partition.partition()),
            Math.max(0, ends.getOrDefault(partition, position) - position));
      }
      lag = now;
    } catch (KafkaException e) {
      // keeps the last lag: a slow broker must not stop the ingestion
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = rootCause(e);
    return Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Flushes before partitions go; seeks new ones to the lake's offsets. */
  private final class SeekToLake implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> c;

    SeekToLake(KafkaConsumer<byte[], byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        sink.flush();
      }
      assigned = c.assignment().size() - partitions.size();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<dev.takwimu.core.stream.TopicPartition, Long> lake = sink.committedOffsets();
      for (TopicPartition partition : partitions) {
        Long next = lake.get(new dev.takwimu.core.stream.TopicPartition(partition.topic(), partition.partition()));
        if (next == null) {
          c.seekToBeginning(List.of(partition));
        } else {
          c.seek(partition, next);
        }
      }
      idleSince = System.nanoTime();
      assigned = c.assignment().size();
    }
  }

  /** Settings of an ingestor; bootstrap, topic, group id and sink are required. */
  public static final class Builder {
    private String bootstrap;
    private String topic;
    private String groupId;
    private StreamSink sink;
    private Duration pollTimeout = Duration.ofMillis(500);
    private Duration idleTimeout;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private final Map<String, String> clientProperties = new LinkedHashMap<>();
    private Consumer<FlushReport> flushListener = report -> {};
    private Runnable startListener = () -> {};

    private Builder() {
    }

    /** The brokers, {@code host:port[,host:port]}. */
    public Builder bootstrap(String servers) {
      this.bootstrap = requireText(servers, "bootstrap");
      return this;
    }

    public Builder topic(String name) {
      this.topic = requireText(name, "topic");
      return this;
    }

    /** The consumer group: ingestors of one group share the topic's partitions. */
    public Builder groupId(String group) {
      this.groupId = requireText(group, "groupId");
      return this;
    }

    /** Where the records go; its owner opens and closes it. */
    public Builder sink(StreamSink streamSink) {
      this.sink = Objects.requireNonNull(streamSink, "sink");
      return this;
    }

    /** How long one poll waits for records (default 500 ms). */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = positive(timeout, "pollTimeout");
      return this;
    }

    /** Stops once no record arrived for this long after the partitions were assigned (default: never). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout == null ? null : positive(timeout, "idleTimeout");
      return this;
    }

    /** How long to wait for the broker's metadata and commits (default 30 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Kafka consumer settings over the ingestor's; {@code enable.auto.commit} and the deserializers stay the
     * ingestor's.
     */
    public Builder clientProperty(String key, String value) {
      clientProperties.put(requireText(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Called on the ingestor's thread after every flush, once Kafka has its offsets. */
    public Builder onFlush(Consumer<FlushReport> listener) {
      this.flushListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Called on the ingestor's thread once the broker answered and the topic exists, before consuming. */
    public Builder onStart(Runnable listener) {
      this.startListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public KafkaStreamIngestor build() {
      return new KafkaStreamIngestor(this);
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
