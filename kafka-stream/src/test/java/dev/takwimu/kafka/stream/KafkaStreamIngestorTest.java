package dev.takwimu.kafka.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import dev.takwimu.kafka.stream.StreamFixture.Landed;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ingestor on a real broker (SharedKafka) into a real local lake: exactly once through kills and rebalances. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaStreamIngestorTest {
  @TempDir
  Path temp;

  @Test
  void everyOffsetLandsExactlyOnceThroughSigkillsAndRestarts() throws Exception {
    String topic = "kills";
    int rounds = 4;
    int perRound = 5_000;
    int records = rounds * perRound;
    StreamFixture.produce(topic, 3, 0, StreamFixture::transaction);
    Path lake = temp.resolve("lake");
    Random random = new Random(20261203);
    List<String> landed = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      // new records arrive while the ingestor is killed, so every round has work to be killed in
      StreamFixture.append(topic, (long) round * perRound, perRound, StreamFixture::transaction);
      Path out = temp.resolve("killed-" + round + ".out");
      Process child = startChild(lake, topic, out, 60_000);
      try {
        awaitOutput(child, out, "started", 60);
        Thread.sleep(random.nextInt(1_500)); // before, during or after the first flushes
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      landed.add("round " + round + ": " + StreamFixture.raw(lake).size() + " rows");
    }
    Path out = temp.resolve("final.out");
    Process last = startChild(lake, topic, out, 3_000);
    try {
      awaitOutput(last, out, "done", 90);
      assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(last.exitValue()).isZero();
    } finally {
      last.destroyForcibly();
    }

    System.out.println("kills: " + landed);
    List<Landed> raw = StreamFixture.raw(lake);
    assertThat(raw).as(landed.toString()).hasSize(records);
    assertThat(raw.stream().map(Landed::key).collect(Collectors.toSet())).hasSize(records);
    assertThat(raw.stream().map(Landed::txnId).collect(Collectors.toSet()))
        .isEqualTo(java.util.stream.LongStream.range(0, records).mapToObj(i -> "T" + i).collect(Collectors.toSet()));
    assertThat(StreamFixture.quarantine(lake)).isEmpty();
    assertThat(offsetsPerPartition(raw)).isEqualTo(endOffsets(lake));
  }

  @Test
  void malformedRecordsAreQuarantinedWithTheirOffsetsAndThePartitionGoesOn() throws Exception {
    String topic = "malformed";
    int records = 300;
    StreamFixture.produce(topic, 2, records, i -> i % 50 == 7 ? "not json " + i
        : i % 50 == 9 ? "{\"txn_id\": \"T" + i + "\", \"amount\": 5}" : StreamFixture.transaction(i));
    Path lake = temp.resolve("lake");
    IngestorMetrics metrics;
    try (LocalBackend backend = StreamFixture.backend(lake);
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      metrics = ingestor(sink, topic, "malformed").idleTimeout(Duration.ofSeconds(2)).build().run();
    }
    List<Landed> raw = StreamFixture.raw(lake);
    List<Landed> quarantined = StreamFixture.quarantine(lake);
    assertThat(raw).hasSize(records - 12);
    assertThat(quarantined).hasSize(12);
    assertThat(quarantined).extracting(Landed::rejectedBy).anyMatch(r -> r.contains("JSON"))
        .anyMatch(r -> r.contains("cust_id"));
    Set<String> all = new HashSet<>();
    raw.forEach(r -> all.add(r.key()));
    quarantined.forEach(r -> all.add(r.key()));
    assertThat(all).hasSize(records);
    assertThat(metrics.consumed()).isEqualTo(records);
    assertThat(metrics.committed()).isEqualTo(records - 12);
    assertThat(metrics.quarantined()).isEqualTo(12);
    assertThat(metrics.lag().values()).containsOnly(0L);
  }

  @Test
  @Timeout(value = 480, unit = TimeUnit.SECONDS) // a loaded machine slows the rebalance and each commit
  void aRebalanceHalfWayLandsEveryOffsetExactlyOnce() throws Exception {
    String topic = "rebalance";
    int records = 6_000;
    StreamFixture.produce(topic, 4, records, StreamFixture::transaction);
    Path lake = temp.resolve("lake");
    try (LocalBackend first = StreamFixture.backend(lake);
         LocalBackend second = StreamFixture.backend(lake);
         StreamSink firstSink = first.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS.withMaxRecords(200));
         StreamSink secondSink = second.streams().open(MpesaStream.TRANSACTIONS,
             StreamFixture.HINTS.withMaxRecords(200))) {
      List<FlushReport> firstFlushes = new java.util.concurrent.CopyOnWriteArrayList<>();
      KafkaStreamIngestor stopping = ingestor(firstSink, topic, "pair").onFlush(firstFlushes::add)
          .pollTimeout(Duration.ofMillis(100)).clientProperty("max.poll.records", "50")
          .clientProperty("session.timeout.ms", "10000").clientProperty("heartbeat.interval.ms", "1000")
          .clientProperty("max.poll.interval.ms", "60000").build();
      KafkaStreamIngestor staying = ingestor(secondSink, topic, "pair")
          .pollTimeout(Duration.ofMillis(100)).clientProperty("max.poll.records", "50")
          .clientProperty("session.timeout.ms", "10000").clientProperty("heartbeat.interval.ms", "1000")
          .clientProperty("max.poll.interval.ms", "60000").build();
      CompletableFuture<IngestorMetrics> a = CompletableFuture.supplyAsync(stopping::run);
      CompletableFuture<IngestorMetrics> b = CompletableFuture.supplyAsync(staying::run);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (stopping.metrics().committed() < records / 6 && System.nanoTime() < deadline && !a.isDone()) {
        Thread.sleep(20);
      }
      stopping.stop();
      IngestorMetrics stopped = a.get(60, TimeUnit.SECONDS);
      // the member that stays takes over the partitions and commits the rest (no idle timeout: a slow rebalance
      // must not end it early)
      // about 30 commits of 200 rows; seen to take over 90 s on a loaded 2-core machine
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (stopped.committed() + staying.metrics().committed() < records && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(500); // a duplicate commit, were there one, would come now
      staying.stop();
      IngestorMetrics stayed = b.get(60, TimeUnit.SECONDS);
      assertThat(stopped.committed()).isPositive();
      assertThat(stayed.committed()).isPositive();
      assertThat(stopped.committed() + stayed.committed()).isEqualTo(records);
    }
    List<Landed> raw = StreamFixture.raw(lake);
    assertThat(raw).hasSize(records);
    assertThat(raw.stream().map(Landed::key).collect(Collectors.toSet())).hasSize(records);
    assertThat(raw.stream().map(Landed::txnId).collect(Collectors.toSet())).hasSize(records);
  }

  @Test
  void anUnknownTopicFailsInOneLine() {
    Path lake = temp.resolve("lake");
    try (LocalBackend backend = StreamFixture.backend(lake);
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      assertThatThrownBy(() -> ingestor(sink, "no-such-topic", "g").build().run())
          .isInstanceOf(KafkaStreamIngestException.class)
          .hasMessage("No topic no-such-topic on the Kafka broker at " + StreamFixture.bootstrap());
    }
  }

  @Test
  void aBrokerThatCannotBeReachedFailsInOneLineAfterTheTimeout() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path lake = temp.resolve("lake");
    try (LocalBackend backend = StreamFixture.backend(lake);
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      KafkaStreamIngestor ingestor = KafkaStreamIngestor.builder().bootstrap("127.0.0.1:" + port).topic("t")
          .groupId("g").sink(sink).connectTimeout(Duration.ofSeconds(2)).build();
      assertThatThrownBy(ingestor::run).isInstanceOf(KafkaStreamIngestException.class)
          .hasMessage("Cannot reach the Kafka broker at 127.0.0.1:" + port + " within 2 s");
    }
  }

  @Test
  void stopWhileWaitingForTheBrokerReturnsWithoutStarting() throws Exception {
    Path lake = temp.resolve("lake");
    try (LocalBackend backend = StreamFixture.backend(lake);
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS);
         ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
      KafkaStreamIngestor ingestor = KafkaStreamIngestor.builder().bootstrap("127.0.0.1:" + silent.getLocalPort())
          .topic("t").groupId("g").sink(sink).onStart(() -> started.set(true)).build();
      CompletableFuture<IngestorMetrics> run = CompletableFuture.supplyAsync(ingestor::run);
      Thread.sleep(1_000);
      ingestor.stop();
      assertThat(run.get(20, TimeUnit.SECONDS).consumed()).isZero();
      assertThat(started).isFalse();
    }
  }

  @Test
  void stopBeforeAnyRecordFlushesNothingAndReturns() throws Exception {
    String topic = "empty";
    StreamFixture.produce(topic, 1, 0, StreamFixture::transaction);
    Path lake = temp.resolve("lake");
    try (LocalBackend backend = StreamFixture.backend(lake);
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      KafkaStreamIngestor ingestor = ingestor(sink, topic, "g").build();
      CompletableFuture<IngestorMetrics> run = CompletableFuture.supplyAsync(ingestor::run);
      Thread.sleep(1_500);
      ingestor.stop();
      assertThat(run.get(30, TimeUnit.SECONDS).consumed()).isZero();
      assertThat(sink.committedOffsets()).isEmpty();
    }
  }

  private static KafkaStreamIngestor.Builder ingestor(StreamSink sink, String topic, String group) {
    return KafkaStreamIngestor.builder().bootstrap(StreamFixture.bootstrap()).topic(topic).groupId(group).sink(sink)
        .pollTimeout(Duration.ofMillis(200));
  }

  private static Map<Integer, Long> offsetsPerPartition(List<Landed> landed) {
    return landed.stream().collect(Collectors.groupingBy(Landed::partition, Collectors.counting()));
  }

  private static Map<Integer, Long> endOffsets(Path lake) {
    try (LocalBackend backend = StreamFixture.backend(lake);
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS, StreamFixture.HINTS)) {
      return sink.committedOffsets().entrySet().stream()
          .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
    }
  }

  private Process startChild(Path lake, String topic, Path out, long idleMillis) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), IngestorChild.class.getName(), lake.toString(),
        StreamFixture.bootstrap(), topic, "killed", Long.toString(idleMillis))
        .redirectOutput(out.toFile())
        .redirectError(temp.resolve(out.getFileName() + ".err").toFile())
        .start();
  }

  /** Waits until the child printed a line starting with the text; fails with its stderr when it ends first. */
  private void awaitOutput(Process child, Path out, String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(out) && Files.readAllLines(out).stream().anyMatch(l -> l.startsWith(text))) {
        return;
      }
      if (!child.isAlive() && !Files.readAllLines(out).stream().anyMatch(l -> l.startsWith(text))) {
        throw new AssertionError("child ended (" + child.exitValue() + ") before '" + text + "': "
            + Files.readString(temp.resolve(out.getFileName() + ".err")));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' within " + seconds + " s: "
        + Files.readString(temp.resolve(out.getFileName() + ".err")));
  }
}
