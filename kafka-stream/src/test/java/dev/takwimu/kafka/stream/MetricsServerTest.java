package dev.takwimu.kafka.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The metrics endpoint over an ingestor on a real broker (SharedKafka), scraped over real HTTP. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetricsServerTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path temp;

  @Test
  void metricsMoveWithTheIngestorAndProbesFollowItsLoop() throws Exception {
    String topic = "metrics";
    StreamFixture.produce(topic, 2, 1_000, StreamFixture::transaction);
    try (LocalBackend backend = StreamFixture.backend(temp.resolve("lake"));
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      KafkaStreamIngestor ingestor = ingestor(sink, topic).build();
      MetricsServer server = MetricsServer.start(ingestor, loopback(), Duration.ofSeconds(60));
      URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
      assertThat(get(base.resolve("/healthz")).statusCode()).as("alive before run()").isEqualTo(200);
      assertThat(get(base.resolve("/readyz")).statusCode()).as("not ready before run()").isEqualTo(503);
      CompletableFuture<IngestorMetrics> run = CompletableFuture.supplyAsync(ingestor::run);

      Map<String, Double> first = scrapeUntil(base, m -> m.getOrDefault("takwimu_stream_rows_committed_total", 0.0)
          >= 1_000 && lag(m, topic, 0) == 0 && lag(m, topic, 1) == 0);
      assertThat(first).containsEntry("takwimu_stream_records_consumed_total", 1_000.0)
          .containsEntry("takwimu_stream_records_quarantined_total", 0.0)
          .containsEntry("takwimu_stream_up", 1.0)
          .containsEntry("takwimu_stream_ready", 1.0)
          .containsEntry("takwimu_stream_assigned_partitions", 2.0)
          .containsEntry("takwimu_stream_info{topic=\"metrics\",group=\"metrics-group\",state=\"running\"}", 1.0);
      assertThat(first.get("takwimu_stream_flushes_total")).isGreaterThanOrEqualTo(1);
      assertThat(first.get("takwimu_stream_records_per_second")).isPositive();
      assertThat(first.get("takwimu_stream_seconds_since_last_poll")).isBetween(0.0, 30.0);
      HttpResponse<String> metrics = get(base.resolve("/metrics"));
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
      assertThat(metrics.body()).contains("# TYPE takwimu_stream_records_consumed_total counter\n",
          "# TYPE takwimu_stream_lag_records gauge\n");
      assertThat(get(base.resolve("/healthz")).statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(base.resolve("/readyz"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).startsWith("ok: running, 2 partitions");

      StreamFixture.append(topic, 1_000, 500, i -> i % 100 == 0 ? "not json" : StreamFixture.transaction(i));
      Map<String, Double> second = scrapeUntil(base,
          m -> m.getOrDefault("takwimu_stream_rows_committed_total", 0.0) >= 1_495);
      assertThat(second).containsEntry("takwimu_stream_records_consumed_total", 1_500.0)
          .containsEntry("takwimu_stream_records_quarantined_total", 5.0);
      assertThat(second.get("takwimu_stream_flushes_total")).isGreaterThan(first.get("takwimu_stream_flushes_total"));

      HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);

      ingestor.stop();
      assertThat(run.get(60, TimeUnit.SECONDS).committed()).isEqualTo(1_495);
      HttpResponse<String> stopped = get(base.resolve("/healthz"));
      assertThat(stopped.statusCode()).isEqualTo(503);
      assertThat(stopped.body()).startsWith("not alive: stopped");
      assertThat(scrape(base)).containsEntry("takwimu_stream_up", 0.0).containsEntry("takwimu_stream_ready", 0.0);

      server.close();
      assertThatThrownBy(() -> get(base.resolve("/healthz"))).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void livenessFailsWhenTheLoopDies() throws Exception {
    String topic = "metrics-dies";
    StreamFixture.produce(topic, 1, 0, StreamFixture::transaction);
    try (LocalBackend backend = StreamFixture.backend(temp.resolve("lake"))) {
      StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS);
      KafkaStreamIngestor ingestor = ingestor(sink, topic).build();
      try (MetricsServer server = MetricsServer.start(ingestor, loopback(), Duration.ofSeconds(60))) {
        URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
        CompletableFuture<IngestorMetrics> run = CompletableFuture.supplyAsync(ingestor::run);
        scrapeUntil(base, m -> m.getOrDefault("takwimu_stream_ready", 0.0) == 1.0);
        // the sink's owner closes it under the running loop: the next record kills the loop
        sink.close();
        StreamFixture.append(topic, 0, 1, StreamFixture::transaction);
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(IllegalStateException.class);
        HttpResponse<String> health = get(base.resolve("/healthz"));
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).startsWith("not alive: failed").contains("is closed");
        assertThat(get(base.resolve("/readyz")).statusCode()).isEqualTo(503);
        assertThat(scrape(base)).containsEntry("takwimu_stream_up", 0.0);
      }
    }
  }

  @Test
  void livenessFailsWhileTheLoopIsStuckAndRecoversAfter() throws Exception {
    String topic = "metrics-stuck";
    StreamFixture.produce(topic, 1, 0, StreamFixture::transaction);
    CountDownLatch release = new CountDownLatch(1);
    try (LocalBackend backend = StreamFixture.backend(temp.resolve("lake"));
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      // the flush listener runs on the loop's thread: while it waits, the loop does not poll
      KafkaStreamIngestor ingestor = ingestor(sink, topic).onFlush(report -> {
        try {
          release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).build();
      try (MetricsServer server = MetricsServer.start(ingestor, loopback(), Duration.ofSeconds(2))) {
        URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
        CompletableFuture<IngestorMetrics> run = CompletableFuture.supplyAsync(ingestor::run);
        scrapeUntil(base, m -> m.getOrDefault("takwimu_stream_ready", 0.0) == 1.0);
        StreamFixture.append(topic, 0, 10, StreamFixture::transaction);
        Map<String, Double> stuck = scrapeUntil(base, m -> m.getOrDefault("takwimu_stream_up", 1.0) == 0.0);
        assertThat(stuck.get("takwimu_stream_seconds_since_last_poll")).isGreaterThan(2.0);
        assertThat(get(base.resolve("/healthz")).statusCode()).isEqualTo(503);
        release.countDown();
        scrapeUntil(base, m -> m.getOrDefault("takwimu_stream_up", 0.0) == 1.0);
        assertThat(get(base.resolve("/healthz")).statusCode()).isEqualTo(200);
        ingestor.stop();
        assertThat(run.get(60, TimeUnit.SECONDS).committed()).isEqualTo(10);
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void aTakenPortFailsInOneLine() throws IOException {
    try (LocalBackend backend = StreamFixture.backend(temp.resolve("lake"));
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS);
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      KafkaStreamIngestor ingestor = KafkaStreamIngestor.builder().bootstrap("127.0.0.1:1").topic("t").groupId("g")
          .sink(sink).build();
      assertThatThrownBy(() -> MetricsServer.start(ingestor, new InetSocketAddress(InetAddress.getLoopbackAddress(),
          taken.getLocalPort()), Duration.ofSeconds(60)))
          .isInstanceOf(TakwimuException.class)
          .hasMessageStartingWith("Cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .hasMessageNotContaining("\n");
    }
  }

  private static KafkaStreamIngestor.Builder ingestor(StreamSink sink, String topic) {
    return KafkaStreamIngestor.builder().bootstrap(StreamFixture.bootstrap()).topic(topic).groupId(topic + "-group")
        .sink(sink).pollTimeout(Duration.ofMillis(200));
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double lag(Map<String, Double> metrics, String topic, int partition) {
    return metrics.getOrDefault("takwimu_stream_lag_records{topic=\"" + topic + "\",partition=\"" + partition + "\"}",
        -1.0);
  }

  /** Every sample of /metrics, by name with its labels as written. */
  private static Map<String, Double> scrape(URI base) throws IOException, InterruptedException {
    HttpResponse<String> response = get(base.resolve("/metrics"));
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  /** Scrapes until the samples satisfy the condition (at most 90 s); returns those samples. */
  private static Map<String, Double> scrapeUntil(URI base, Predicate<Map<String, Double>> condition)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Map<String, Double> samples = scrape(base);
    while (!condition.test(samples)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("metrics never reached the condition; last scrape: " + samples);
      }
      Thread.sleep(100);
      samples = scrape(base);
    }
    return samples;
  }
}
