package dev.takwimu.samples.bench;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.core.stream.TopicPartition;
import dev.takwimu.kafka.embedded.EmbeddedKafka;
import dev.takwimu.kafka.stream.IngestorMetrics;
import dev.takwimu.kafka.stream.IngestorStatus;
import dev.takwimu.kafka.stream.KafkaStreamIngestor;
import dev.takwimu.safaricom.MpesaStream;
import dev.takwimu.safaricom.SyntheticExports;
import dev.takwimu.safaricom.SyntheticStream;
import dev.takwimu.samples.cli.StreamSteps;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code takwimu bench --stream}: an embedded broker, a producer thread ({@code takwimu produce}'s settings) and the
 * ingestor into a local lake ({@code takwimu stream}'s sink), all in this process and its broker child, on one
 * machine. Measures transactions/s from the first send to the commit of the last record, and each record's
 * produce-to-visible latency: from its Kafka timestamp (set by the producer at send) to the return of the flush that
 * committed it.
 */
final class StreamBench {
  private final Settings settings;
  private final PrintWriter err;

  /** The options of one bench. */
  record Settings(long count, Double rate, int partitions, Duration flushInterval, int flushRecords, long flushBytes,
      long customers, long seed, boolean preload, int repeat, Path work) {
  }

  /** One measured run. */
  record Run(int repeat, long records, double produceSeconds, double producedPerSecond, double seconds,
      double committedPerSecond, long flushes, double meanFlushSeconds, double maxFlushSeconds, long p50Millis,
      long p99Millis, long maxMillis, Cpu cpu) {
  }

  /**
   * CPU seconds per 1,000 records, by part: what bounds the rate on a machine of few cores, and what a busy shared
   * machine does not distort the way it distorts wall time.
   *
   * @param producer the producer's thread (generating and sending the records)
   * @param ingestor the ingestor's thread: polling, parsing Kafka's batches, buffering, and the flushes' Java side
   * @param otherThreads this process's other threads: DuckDB's workers during flushes, Kafka's network threads, GC
   * @param broker the broker's JVM
   */
  record Cpu(double producer, double ingestor, double otherThreads, double broker) {
    double total() {
      return producer + ingestor + otherThreads + broker;
    }
  }

  StreamBench(Settings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  /** Starts a broker, measures each repeat on a new topic and a fresh lake, stops the broker. */
  List<Run> run() throws Exception {
    SyntheticStream stream = SyntheticStream.of(SyntheticExports.builder().customers(settings.customers())
        .seed(settings.seed()).build());
    List<Run> runs = new ArrayList<>();
    err.println("bench: starting a Kafka broker...");
    err.flush();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(0).build().start()) {
      for (int r = 1; r <= settings.repeat(); r++) {
        String topic = "bench-stream-" + System.currentTimeMillis() + "-" + r;
        kafka.createTopic(topic, settings.partitions());
        Path lake = BenchCommand.fresh(settings.work().resolve("stream-lake"));
        err.printf(Locale.ROOT, "bench: run %d: %,d records to %s (%d partitions)...%n", r, settings.count(), topic,
            settings.partitions());
        err.flush();
        Run run = once(r, kafka, topic, lake, stream);
        err.printf(Locale.ROOT, "bench: run %d: %.0f txn/s committed, visible p50 %d ms, p99 %d ms%n", r,
            run.committedPerSecond(), run.p50Millis(), run.p99Millis());
        err.flush();
        runs.add(run);
      }
    }
    return runs;
  }

  private Run once(int repeat, EmbeddedKafka kafka, String topic, Path lake, SyntheticStream stream)
      throws Exception {
    String bootstrap = kafka.bootstrap();
    double processBefore = processCpu();
    double brokerBefore = cpu(kafka.processHandle());
    double producerCpu = 0;
    BufferHints hints = new BufferHints(settings.flushRecords(), settings.flushBytes(), settings.flushInterval());
    long count = settings.count();
    try (Backend backend = Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, lake.toString()))) {
      if (!(backend instanceof SupportsStreaming streaming)) {
        throw new TakwimuException("the local backend cannot stream");
      }
      StreamSteps.Produced preloaded = null;
      if (settings.preload()) {
        double before = threadCpu();
        preloaded = StreamSteps.produce(stream, bootstrap, topic, count, settings.rate());
        producerCpu = threadCpu() - before;
      }
      try (StreamSink lakeSink = streaming.streams().open(MpesaStream.TRANSACTIONS, hints)) {
        Visibility sink = new Visibility(lakeSink, (int) Math.min(count, Integer.MAX_VALUE - 8));
        List<FlushReport> flushes = new ArrayList<>();
        long[] lastCommit = {0};
        KafkaStreamIngestor[] self = new KafkaStreamIngestor[1];
        KafkaStreamIngestor ingestor = KafkaStreamIngestor.builder().bootstrap(bootstrap).topic(topic)
            .groupId("bench").sink(sink).pollTimeout(Duration.ofMillis(100))
            .onFlush(report -> {
              flushes.add(report);
              lastCommit[0] = System.nanoTime();
              if (sink.visible() >= count) {
                self[0].stop();
              }
            }).build();
        self[0] = ingestor;
        double[] ingestorCpu = {0};
        CompletableFuture<IngestorMetrics> consuming = new CompletableFuture<>();
        Thread loop = new Thread(() -> {
          try {
            consuming.complete(ingestor.run());
          } catch (RuntimeException | Error e) {
            consuming.completeExceptionally(e);
          } finally {
            ingestorCpu[0] = threadCpu();
          }
        }, "takwimu-bench-ingestor");
        loop.start();
        awaitAssigned(ingestor, consuming);
        long started = System.nanoTime();
        double before = threadCpu();
        StreamSteps.Produced produced = preloaded != null ? preloaded
            : StreamSteps.produce(stream, bootstrap, topic, count, settings.rate());
        producerCpu += threadCpu() - before;
        IngestorMetrics metrics;
        try {
          metrics = consuming.get(Math.max(600, count / 1_000), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        if (sink.visible() < count) {
          throw new TakwimuException(String.format(Locale.ROOT, "the ingestor stopped after %d of %d records",
              sink.visible(), count));
        }
        loop.join(10_000);
        double perThousand = 1_000.0 / count;
        double other = processCpu() - processBefore - producerCpu - ingestorCpu[0];
        Cpu cpu = new Cpu(producerCpu * perThousand, ingestorCpu[0] * perThousand, other * perThousand,
            (cpu(kafka.processHandle()) - brokerBefore) * perThousand);
        double seconds = (lastCommit[0] - started) / 1e9;
        long[] latencies = sink.latencies();
        double[] flushSeconds = flushes.stream().mapToDouble(f -> f.duration().toNanos() / 1e9).toArray();
        return new Run(repeat, metrics.committed() + metrics.quarantined(), produced.seconds(), produced.perSecond(),
            seconds, count / seconds, flushes.size(), Arrays.stream(flushSeconds).average().orElse(0),
            Arrays.stream(flushSeconds).max().orElse(0), percentile(latencies, 0.50), percentile(latencies, 0.99),
            latencies.length == 0 ? 0 : latencies[latencies.length - 1], cpu);
      }
    }
  }

  /** The median of every figure over the runs (repeat 0). */
  static Run median(List<Run> runs) {
    return new Run(0, (long) median(runs, Run::records), median(runs, Run::produceSeconds),
        median(runs, Run::producedPerSecond), median(runs, Run::seconds), median(runs, Run::committedPerSecond),
        (long) median(runs, Run::flushes), median(runs, Run::meanFlushSeconds), median(runs, Run::maxFlushSeconds),
        (long) median(runs, Run::p50Millis), (long) median(runs, Run::p99Millis), (long) median(runs, Run::maxMillis),
        new Cpu(median(runs, r -> r.cpu().producer()), median(runs, r -> r.cpu().ingestor()),
            median(runs, r -> r.cpu().otherThreads()), median(runs, r -> r.cpu().broker())));
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  /** The runs and their medians as a table, with the targets. */
  static void print(Settings settings, List<Run> runs, PrintWriter out) {
    out.printf(Locale.ROOT, "Stream bench: %,d records per run, %s, %d partition(s), flush every %s or %,d records "
            + "or %,d bytes%s; %d core(s)%n%n", settings.count(),
        settings.rate() == null ? "producer unlimited" : String.format(Locale.ROOT, "producer at %,.0f/s",
            settings.rate()), settings.partitions(), settings.flushInterval(), settings.flushRecords(),
        settings.flushBytes(), settings.preload() ? ", preloaded" : "", Runtime.getRuntime().availableProcessors());
    out.println("| run | produced/s | committed txn/s | seconds | flushes | flush mean s | flush max s | visible p50 ms "
        + "| p99 ms | max ms |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    List<Run> rows = new ArrayList<>(runs);
    if (runs.size() > 1) {
      rows.add(median(runs));
    }
    for (Run run : rows) {
      out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %d | %.3f | %.3f | %d | %d | %d |%n",
          run.repeat() == 0 ? "median" : Integer.toString(run.repeat()), run.producedPerSecond(),
          run.committedPerSecond(), run.seconds(), run.flushes(), run.meanFlushSeconds(), run.maxFlushSeconds(),
          run.p50Millis(), run.p99Millis(), run.maxMillis());
    }
    Run median = runs.size() > 1 ? median(runs) : runs.get(0);
    Cpu cpu = median.cpu();
    out.printf(Locale.ROOT, "%nCPU per 1,000 records (ms, median): producer thread %.1f, ingestor thread %.1f, this "
            + "process's other threads %.1f (DuckDB's workers, Kafka's I/O, GC), broker %.1f; total %.1f, so %d "
            + "core(s) allow at most about %,.0f records/s with all on this machine%n", cpu.producer() * 1e3,
        cpu.ingestor() * 1e3, cpu.otherThreads() * 1e3, cpu.broker() * 1e3, cpu.total() * 1e3,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors() * 1_000 / Math.max(cpu.total(), 1e-9));
    long p99Target = settings.flushInterval().toMillis() + 1_000;
    out.printf(Locale.ROOT, "%nTargets: >= 100,000 txn/s sustained: %,.0f (%s); p99 visibility <= flush interval + 1 s "
            + "(%d ms): %d ms (%s)%n", median.committedPerSecond(), median.committedPerSecond() >= 100_000 ? "met"
            : "missed", p99Target, median.p99Millis(), median.p99Millis() <= p99Target ? "met" : "missed");
  }

  /** Waits until the ingestor holds its partitions, so that the first records do not wait for the group to form. */
  private static void awaitAssigned(KafkaStreamIngestor ingestor, CompletableFuture<IngestorMetrics> run)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!ingestor.status().ready(Duration.ofMinutes(1))) {
      if (run.isDone()) {
        run.get(); // throws its failure
      }
      if (System.nanoTime() > deadline || ingestor.status().state() == IngestorStatus.State.FAILED) {
        throw new TakwimuException("the ingestor got no partitions within 60 s");
      }
      Thread.sleep(20);
    }
  }

  private static double processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static double threadCpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
  }

  private static double cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /**
   * The lake's sink, noting each record's Kafka timestamp as it is put and, when a flush returns, the latency of every
   * record it committed (those below each partition's next offset).
   */
  private static final class Visibility implements StreamSink {
    private final StreamSink sink;
    private final Map<TopicPartition, Pending> pending = new HashMap<>();
    private final long[] latencies;
    private int measured;
    private Consumer<FlushReport> listener = report -> {};

    Visibility(StreamSink sink, int capacity) {
      this.sink = sink;
      this.latencies = new long[capacity];
      sink.onFlush(this::flushed);
    }

    long visible() {
      return measured;
    }

    long[] latencies() {
      long[] sorted = Arrays.copyOf(latencies, measured);
      Arrays.sort(sorted);
      return sorted;
    }

    @Override
    public void put(StreamRecord record) {
      pending.computeIfAbsent(record.topicPartition(), p -> new Pending()).add(record.offset(),
          record.timestamp().toEpochMilli());
      sink.put(record);
    }

    private void flushed(FlushReport report) {
      long now = System.currentTimeMillis();
      report.offsets().forEach((partition, next) -> {
        Pending waiting = pending.get(partition);
        while (waiting != null && waiting.head < waiting.size && waiting.offsets[waiting.head] < next) {
          if (measured < latencies.length) {
            latencies[measured++] = Math.max(0, now - waiting.timestamps[waiting.head]);
          }
          waiting.head++;
        }
      });
      listener.accept(report);
    }

    @Override
    public FlushReport flushIfDue(Instant now) {
      return sink.flushIfDue(now);
    }

    @Override
    public FlushReport flush() {
      return sink.flush();
    }

    @Override
    public void onFlush(Consumer<FlushReport> flushListener) {
      this.listener = flushListener;
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets() {
      return sink.committedOffsets();
    }

    @Override
    public int buffered() {
      return sink.buffered();
    }

    @Override
    public void close() {
      sink.close();
    }
  }

  /** Offsets and timestamps of one partition's records put and not yet committed, oldest first. */
  private static final class Pending {
    long[] offsets = new long[1024];
    long[] timestamps = new long[1024];
    int head;
    int size;

    void add(long offset, long timestamp) {
      if (size == offsets.length) {
        int live = size - head;
        long[] o = new long[Math.max(1024, live * 2)];
        long[] t = new long[o.length];
        System.arraycopy(offsets, head, o, 0, live);
        System.arraycopy(timestamps, head, t, 0, live);
        offsets = o;
        timestamps = t;
        size = live;
        head = 0;
      }
      offsets[size] = offset;
      timestamps[size++] = timestamp;
    }
  }
}
