package dev.takwimu.kafka.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP endpoint over a running {@link KafkaStreamIngestor}, on the JDK's own HTTP server, so the ingestor can
 * run as a service: {@code GET /metrics} in the Prometheus text format 0.0.4, {@code /healthz} (liveness: 200 while
 * the poll loop is starting or has polled within the stall timeout, 503 once it stalled, stopped or failed) and
 * {@code /readyz} (200 while it is polling and holds at least one partition). Answers on one daemon thread; reading
 * the ingestor never blocks its loop.
 */
public final class MetricsServer implements AutoCloseable {
  /** The content type of the Prometheus text exposition format 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** Liveness fails after this long without a poll, unless told otherwise: well under Kafka's 5 min poll interval. */
  public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(60);

  private final HttpServer server;
  private final ExecutorService executor;
  private final KafkaStreamIngestor ingestor;
  private final Duration stallAfter;

  private MetricsServer(HttpServer server, ExecutorService executor, KafkaStreamIngestor ingestor,
      Duration stallAfter) {
    this.server = server;
    this.executor = executor;
    this.ingestor = ingestor;
    this.stallAfter = stallAfter;
  }

  /**
   * Starts serving the ingestor's metrics and probes on the address (port 0: a free one).
   *
   * @param stallAfter how long without a poll makes liveness fail
   * @throws TakwimuException when the address cannot be bound (taken port, unknown host)
   */
  public static MetricsServer start(KafkaStreamIngestor ingestor, InetSocketAddress address, Duration stallAfter) {
    Objects.requireNonNull(ingestor, "ingestor");
    Objects.requireNonNull(address, "address");
    if (stallAfter.isZero() || stallAfter.isNegative()) {
      throw new IllegalArgumentException("stallAfter must be positive, got " + stallAfter);
    }
    if (address.isUnresolved()) {
      throw new TakwimuException("Cannot serve metrics on " + address.getHostString() + ": unknown host");
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot serve metrics on %s:%d: %s", address.getAddress().getHostAddress(),
          address.getPort(),
          Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "takwimu-metrics");
      thread.setDaemon(true);
      return thread;
    });
    MetricsServer metrics = new MetricsServer(server, executor, ingestor, stallAfter);
    server.createContext("/metrics", exchange -> metrics.answer(exchange, () -> new Answer(200, PROMETHEUS_TEXT,
        metrics.prometheus())));
    server.createContext("/healthz", exchange -> metrics.answer(exchange, () -> metrics.probe(true)));
    server.createContext("/readyz", exchange -> metrics.answer(exchange, () -> metrics.probe(false)));
    server.setExecutor(executor);
    server.start();
    return metrics;
  }

  /** The address it listens on, with the port it was given. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops answering (a request being answered gets at most a second) and releases the port. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  /** The ingestor's metrics and status in the Prometheus text exposition format 0.0.4. */
  String prometheus() {
    IngestorMetrics metrics = ingestor.metrics();
    IngestorStatus status = ingestor.status();
    StringBuilder text = new StringBuilder(1024);
    sample(text, "takwimu_stream_up", "gauge", "1 while the poll loop is alive (liveness), else 0",
        status.live(stallAfter) ? 1 : 0);
    sample(text, "takwimu_stream_ready", "gauge", "1 while polling with at least one partition assigned, else 0",
        status.ready(stallAfter) ? 1 : 0);
    text.append("# HELP takwimu_stream_info The ingestor's topic and consumer group\n")
        .append("# TYPE takwimu_stream_info gauge\n")
        .append("takwimu_stream_info{topic=\"").append(label(ingestor.topic())).append("\",group=\"")
        .append(label(ingestor.groupId())).append("\",state=\"").append(status.state().name().toLowerCase(Locale.ROOT))
        .append("\"} 1\n");
    sample(text, "takwimu_stream_records_consumed_total", "counter", "Records polled from Kafka, re-deliveries "
        + "included", metrics.consumed());
    sample(text, "takwimu_stream_rows_committed_total", "counter", "Rows committed to the raw dataset",
        metrics.committed());
    sample(text, "takwimu_stream_records_quarantined_total", "counter", "Records committed to the quarantine dataset",
        metrics.quarantined());
    sample(text, "takwimu_stream_records_already_committed_total", "counter", "Records left out because the lake "
        + "held their offsets already", metrics.alreadyCommitted());
    sample(text, "takwimu_stream_flushes_total", "counter", "Flushes that took records", metrics.flushes());
    sample(text, "takwimu_stream_records_per_second", "gauge", "Records consumed per second since the run started "
        + "(rate() of the consumed counter gives a recent rate)", metrics.recordsPerSecond());
    sample(text, "takwimu_stream_buffered_records", "gauge", "Records buffered in the sink, not yet flushed",
        status.buffered());
    sample(text, "takwimu_stream_assigned_partitions", "gauge", "Partitions assigned to this ingestor",
        status.assignedPartitions());
    sample(text, "takwimu_stream_seconds_since_last_poll", "gauge", "Seconds since the last poll returned (since "
        + "the start before the first)", seconds(status.sinceLastPoll(), status.sinceStart()));
    sample(text, "takwimu_stream_seconds_since_last_flush", "gauge", "Seconds since the last flush that took records "
        + "(since the start before the first)", seconds(status.sinceLastFlush(), status.sinceStart()));
    text.append("# HELP takwimu_stream_lag_records Records behind the end of each assigned partition, checked about "
        + "once a second\n").append("# TYPE takwimu_stream_lag_records gauge\n");
    metrics.lag().entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<dev.takwimu.core.stream.TopicPartition, Long> e) -> e.getKey().topic())
            .thenComparingInt(e -> e.getKey().partition()))
        .forEach(e -> text.append("takwimu_stream_lag_records{topic=\"").append(label(e.getKey().topic()))
            .append("\",partition=\"").append(e.getKey().partition()).append("\"} ").append(e.getValue())
            .append('\n'));
    return text.toString();
  }

  private Answer probe(boolean liveness) {
    IngestorStatus status = ingestor.status();
    boolean ok = liveness ? status.live(stallAfter) : status.ready(stallAfter);
    String text = (ok ? "ok" : "not " + (liveness ? "alive" : "ready")) + ": " + describe(status) + "\n";
    return new Answer(ok ? 200 : 503, "text/plain; charset=utf-8", text);
  }

  private String describe(IngestorStatus status) {
    StringBuilder text = new StringBuilder(status.state().name().toLowerCase(Locale.ROOT));
    text.append(String.format(Locale.ROOT, ", %d partitions", status.assignedPartitions()));
    if (status.sinceLastPoll() != null) {
      text.append(String.format(Locale.ROOT, ", last poll %.1f s ago", status.sinceLastPoll().toMillis() / 1e3));
    }
    if (status.failure() != null) {
      text.append(", failed: ").append(status.failure().replace('\n', ' '));
    }
    return text.toString();
  }

  private record Answer(int status, String contentType, String body) {
  }

  private void answer(HttpExchange exchange, Supplier<Answer> answer) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Answer a = answer.get();
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", a.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(a.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(a.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void sample(StringBuilder text, String name, String type, String help, double value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(' ').append(type).append('\n')
        .append(name).append(' ').append(number(value)).append('\n');
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static double seconds(Duration since, Duration fallback) {
    return (since == null ? fallback : since).toMillis() / 1e3;
  }

  /** A label value escaped as the text format asks: backslash, double quote and line feed. */
  private static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
