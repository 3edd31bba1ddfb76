package dev.takwimu.samples.cli;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.core.Backend;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.kafka.stream.IngestorMetrics;
import dev.takwimu.kafka.stream.KafkaStreamIngestor;
import dev.takwimu.kafka.stream.MetricsServer;
import dev.takwimu.safaricom.MpesaStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code takwimu stream}: M-Pesa transactions from a Kafka topic into raw/transactions_stream, exactly once. */
@Command(name = "stream", sortOptions = false,
    description = {
        "Stream M-Pesa transactions from a Kafka topic into the raw zone.",
        "",
        "Appends to raw/transactions_stream; records that are not JSON transactions",
        "go to quarantine/transactions_stream. Every flush is one lake commit that",
        "also records each partition's next offset, and every start or rebalance",
        "resumes there, so each record lands exactly once however often the command",
        "is stopped or killed. Prints one line per flush and a summary; runs until",
        "Ctrl-C or SIGTERM (flushes, exits 0) or, with --until-idle, until no record",
        "arrived for that long.",
        "With --backend aws the records go through Kinesis Data Firehose, at least once",
        "(see docs/streaming.md); 'takwimu aws collect' appends what it delivered to raw."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu stream --lake lake --bootstrap 127.0.0.1:9092 --topic mpesa",
        "  takwimu stream --lake lake --bootstrap 127.0.0.1:9092 --topic mpesa --until-idle 10s"})
final class StreamCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
      description = "The Kafka broker(s), e.g. the address 'takwimu broker' prints.")
  String bootstrap;

  @Option(names = "--topic", required = true, paramLabel = "NAME", description = "The topic to consume.")
  String topic;

  @Option(names = "--group", paramLabel = "G", defaultValue = "takwimu-stream",
      description = "Consumer group; commands of one group share the partitions (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--flush-interval", paramLabel = "D", defaultValue = "60s", converter = DurationConverter.class,
      description = "Flush at the latest when the oldest buffered record waited this long, e.g. 500ms, 5s, 1m "
          + "(default: ${DEFAULT-VALUE}).")
  Duration flushInterval;

  @Option(names = "--flush-records", paramLabel = "N", defaultValue = "10000",
      description = "Flush when this many records are buffered (default: ${DEFAULT-VALUE}).")
  int flushRecords;

  @Option(names = "--until-idle", paramLabel = "D", converter = DurationConverter.class,
      description = "Stop once no record arrived for this long, e.g. 30s (default: run until stopped).")
  Duration untilIdle;

  @Option(names = "--metrics-port", paramLabel = "P",
      description = "Serve Prometheus metrics (/metrics) and probes (/healthz, /readyz) over HTTP on this port; "
          + "0 picks a free one (default: no endpoint).")
  Integer metricsPort;

  @Option(names = "--metrics-address", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address the metrics endpoint listens on; 0.0.0.0 in a container, for probes and scrapers "
          + "(default: ${DEFAULT-VALUE}, this machine only).")
  String metricsAddress;

  @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
      description = "A Kafka consumer setting, e.g. security.protocol=SSL for TLS or SASL settings for MSK; "
          + "repeatable.")
  Map<String, String> kafkaProperties = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() {
    if (flushRecords < 1) {
      throw new ParameterException(spec.commandLine(), "--flush-records must be at least 1, not " + flushRecords);
    }
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new ParameterException(spec.commandLine(), "--metrics-port must be 0 to 65535, not " + metricsPort);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BufferHints hints = BufferHints.DEFAULT.withMaxRecords(flushRecords).withMaxInterval(flushInterval);
    try (Backend backend = lake.open()) {
      if (!(backend instanceof SupportsStreaming streaming)) {
        throw new TakwimuException("the " + backend.name() + " backend cannot stream yet");
      }
      try (StreamSink sink = streaming.streams().open(MpesaStream.TRANSACTIONS, hints)) {
        KafkaStreamIngestor.Builder builder = KafkaStreamIngestor.builder().bootstrap(bootstrap).topic(topic)
            .groupId(group).sink(sink).idleTimeout(untilIdle).onFlush(report -> printFlush(out, report))
            .onStart(() -> err.printf(Locale.ROOT, "stream: %s topic %s (group %s) into %s%n", bootstrap, topic,
                group, MpesaStream.TRANSACTIONS.raw()));
        kafkaProperties.forEach(builder::clientProperty);
        KafkaStreamIngestor ingestor = builder.build();
        // handled here rather than by the JVM's shutdown: the ingestor flushes and the command exits 0
        SignalHandler term = Signal.handle(new Signal("TERM"), signal -> ingestor.stop());
        SignalHandler interrupt = Signal.handle(new Signal("INT"), signal -> ingestor.stop());
        IngestorMetrics metrics;
        try (MetricsServer server = metricsPort == null ? null : startMetrics(ingestor, err)) {
          metrics = ingestor.run();
        } finally {
          Signal.handle(new Signal("TERM"), term);
          Signal.handle(new Signal("INT"), interrupt);
        }
        out.printf(Locale.ROOT, "stream: %d records consumed, %d rows committed, %d quarantined, %d already "
                + "committed, %d flushes (%.0f records/s)%n", metrics.consumed(), metrics.committed(),
            metrics.quarantined(), metrics.alreadyCommitted(), metrics.flushes(), metrics.recordsPerSecond());
        if (backend instanceof AwsBackend aws) {
          out.printf(Locale.ROOT, "stream: sent through Firehose delivery stream %s; 'takwimu aws collect' appends"
              + " the delivered objects to %s%n", aws.settings().deliveryStream(MpesaStream.TRANSACTIONS.raw().name()),
              MpesaStream.TRANSACTIONS.raw());
        }
        out.flush();
      }
    }
    return TakwimuCli.OK;
  }

  /** The endpoint lives as long as the loop: it stops before the command exits, also after SIGTERM. */
  private MetricsServer startMetrics(KafkaStreamIngestor ingestor, PrintWriter err) {
    MetricsServer server = MetricsServer.start(ingestor, new InetSocketAddress(metricsAddress.strip(), metricsPort),
        MetricsServer.DEFAULT_STALL_AFTER);
    InetSocketAddress bound = server.address();
    err.printf(Locale.ROOT, "metrics: http://%s:%d/metrics (probes /healthz, /readyz)%n",
        bound.getAddress().getHostAddress(), bound.getPort());
    err.flush();
    return server;
  }

  private static void printFlush(PrintWriter out, FlushReport report) {
    Map<String, Long> offsets = new TreeMap<>();
    report.offsets().forEach((partition, next) -> offsets.put(partition.toString(), next));
    out.printf(Locale.ROOT, "flush: %d records, %d rows, %d quarantined, %d already committed; next offsets %s;"
            + " version %d%n", report.records(), report.rows(), report.quarantined(), report.alreadyCommitted(),
        offsets, report.version());
    out.flush();
  }

  /** A duration as {@code 500ms}, {@code 5s}, {@code 1m} or {@code 2h}; ISO-8601 ({@code PT5S}) too. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher matcher = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
      Duration duration;
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        duration = switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      } else {
        try {
          duration = Duration.parse(value.strip());
        } catch (RuntimeException e) {
          throw new TypeConversionException("'" + value + "' is not a duration (use e.g. 500ms, 5s, 1m, 2h)");
        }
      }
      if (duration.isZero() || duration.isNegative()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return duration;
    }
  }
}
