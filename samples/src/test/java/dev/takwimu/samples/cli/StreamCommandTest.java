package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Row;
import dev.takwimu.kafka.embedded.SharedKafka;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu stream} on the shared broker: until idle in-process, and SIGTERM on a child JVM flushes first. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamCommandTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path temp;

  @Test
  void consumesEveryRecordIntoRawAndStopsWhenIdle() throws Exception {
    produce("cli-idle", 2, 500);
    Path lake = temp.resolve("lake");
    TakwimuCliTest.Run run = TakwimuCliTest.succeeds("stream", "--lake", lake, "--bootstrap", bootstrap(),
        "--topic", "cli-idle", "--until-idle", "3s", "--flush-interval", "1s", "--flush-records", "200",
        "--metrics-port", "0");
    assertThat(run.out()).contains("flush: 200 records, 200 rows, 0 quarantined, 0 already committed; next offsets")
        .contains("stream: 500 records consumed, 500 rows committed, 0 quarantined");
    assertThat(run.err()).contains("stream: " + bootstrap() + " topic cli-idle (group takwimu-stream)");
    assertThat(rows(lake)).hasSize(500);
    URI metrics = metricsAddress(run.err());
    assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()))
        .as("the endpoint stops with the command").isInstanceOf(ConnectException.class);

    TakwimuCliTest.Run again = TakwimuCliTest.succeeds("stream", "--lake", lake, "--bootstrap", bootstrap(),
        "--topic", "cli-idle", "--until-idle", "2s", "--group", "other");
    assertThat(again.out()).contains("stream: 0 records consumed");
    assertThat(rows(lake)).hasSize(500);
  }

  @Test
  void sigtermFlushesWhatIsBufferedAndExitsZero() throws Exception {
    produce("cli-sigterm", 1, 200);
    Path lake = temp.resolve("lake");
    Path out = temp.resolve("out.txt");
    Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TakwimuCli.class.getName(), "stream", "--lake", lake.toString(),
        "--bootstrap", bootstrap(), "--topic", "cli-sigterm", "--flush-records", "150", "--flush-interval", "10m",
        "--metrics-port", "0")
        .redirectOutput(out.toFile()).redirectError(temp.resolve("err.txt").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(out).contains("flush: 150 records") && cli.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(out)).as("stderr: %s", err()).contains("flush: 150 records");
      Thread.sleep(2_000); // the other 50 came in the same poll or the next; they wait for the 10-minute interval
      URI metrics = metricsAddress(err());
      HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(metrics).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.body()).contains("\ntakwimu_stream_records_consumed_total 200\n",
          "\ntakwimu_stream_rows_committed_total 150\n", "\ntakwimu_stream_buffered_records 50\n",
          "\ntakwimu_stream_up 1\n", "takwimu_stream_lag_records{topic=\"cli-sigterm\",partition=\"0\"} ");
      assertThat(HTTP.send(HttpRequest.newBuilder(metrics.resolve("/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      cli.destroy();
      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.exitValue()).as("stderr: %s", err()).isZero();
    } finally {
      cli.destroyForcibly();
    }
    assertThat(Files.readString(out)).contains("flush: 50 records").contains("stream: 200 records consumed");
    assertThat(rows(lake)).hasSize(200);
  }

  @Test
  void anUnknownTopicAndABadDurationFailInOneLine() {
    Path lake = temp.resolve("lake");
    assertThat(TakwimuCliTest.fails(1, "stream", "--lake", lake, "--bootstrap", bootstrap(), "--topic", "absent")
        .err()).isEqualTo("takwimu: No topic absent on the Kafka broker at " + bootstrap() + System.lineSeparator());
    assertThat(TakwimuCliTest.fails(2, "stream", "--lake", lake, "--bootstrap", bootstrap(), "--topic", "t",
        "--until-idle", "soon").err()).contains("'soon' is not a duration (use e.g. 500ms, 5s, 1m, 2h)");
    // consumer settings reach the Kafka client: a protocol it does not know fails before any connection
    assertThat(TakwimuCliTest.fails(1, "stream", "--lake", lake, "--bootstrap", bootstrap(), "--topic", "t",
        "--kafka-property", "security.protocol=BOGUS").err()).startsWith("takwimu: Invalid Kafka consumer setting: ")
        .contains("security.protocol").doesNotContain("\tat ");
    assertThat(TakwimuCliTest.fails(2, "stream", "--lake", lake, "--bootstrap", bootstrap(), "--topic", "t",
        "--metrics-port", "70000").err()).contains("--metrics-port must be 0 to 65535, not 70000");
  }

  /** The metrics URL the command printed on stderr. */
  private static URI metricsAddress(String err) {
    Matcher matcher = Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+/metrics) \\(probes /healthz, /readyz\\)")
        .matcher(err);
    assertThat(matcher.find()).as("stderr: %s", err).isTrue();
    return URI.create(matcher.group(1));
  }

  private String err() {
    try {
      return Files.readString(temp.resolve("err.txt"));
    } catch (IOException e) {
      return "(none)";
    }
  }

  private static String bootstrap() {
    return SharedKafka.get().bootstrap();
  }

  private static void produce(String topic, int partitions, int count) {
    SharedKafka.get().createTopic(topic, partitions);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "T" + i, "{\"txn_id\": \"T" + i + "\", \"cust_id\": \"C" + i % 9
            + "\", \"amount\": 250, \"channel\": \"APP\", \"timestamp\": \"2024-06-01 10:00:00\"}"));
      }
      producer.flush();
    }
  }

  /** partition-offset of every raw row; fails on a duplicate. */
  private static Set<String> rows(Path lake) {
    Set<String> keys = new HashSet<>();
    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).build();
         Stream<Row> rows = backend.lake().stream(MpesaStream.TRANSACTIONS.raw())) {
      List<Row> all = rows.toList();
      all.forEach(row -> keys.add(((Number) row.get("_partition")).intValue() + "-" + row.getLong("_offset")));
      assertThat(keys).hasSize(all.size());
    }
    return keys;
  }
}
