package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.kafka.embedded.EmbeddedKafka;
import dev.takwimu.kafka.embedded.SharedKafka;
import dev.takwimu.safaricom.SyntheticExports;
import dev.takwimu.safaricom.SyntheticStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** {@code takwimu produce} against the JVM's shared broker; what it sent is read back with a plain consumer. */
class ProduceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sendsTheStreamOfTheBookKeyedByCustomerToANewTopic() throws IOException {
    EmbeddedKafka kafka = SharedKafka.get();
    String topic = "produce-test-" + System.nanoTime();
    TakwimuCliTest.Run run = succeeds("produce", "--bootstrap", kafka.bootstrap(), "--topic", topic, "--count", 2000,
        "--customers", 500, "--seed", 9, "--dirty-rate", 0.05);
    assertThat(run.out()).matches("produced 2000 records to " + topic + " in \\d+\\.\\d\\d s \\(\\d+ records/s\\)\n");
    assertThat(run.err()).isEmpty();

    List<ConsumerRecord<byte[], byte[]>> records = consumeAll(kafka.bootstrap(), topic, 2000);
    assertThat(records).hasSize(2000);
    SyntheticStream stream = SyntheticStream.of(SyntheticExports.builder().customers(500).seed(9).dirtyRate(0.05)
        .build());
    Map<SyntheticStream.Kind, Integer> kinds = new EnumMap<>(SyntheticStream.Kind.class);
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = records.get(i);
      SyntheticStream.Record expected = stream.record(i);
      String key = new String(record.key(), StandardCharsets.US_ASCII);
      assertThat(key).matches("C0000\\d{3}").isEqualTo(expected.customerId());
      assertThat(record.value()).as("record %d", i).isEqualTo(expected.value());
      kinds.merge(expected.kind(), 1, Integer::sum);
      if (expected.kind() == SyntheticStream.Kind.CLEAN) {
        JsonNode node = JSON.readTree(record.value());
        assertThat(node.get("cust_id").asText()).isEqualTo(key);
        assertThat(node.get("txn_id").asText()).isEqualTo(String.format("S%012d", i + 1));
        assertThat(node.get("amount").decimalValue()).isPositive();
      }
    }
    assertThat(kinds.keySet()).containsAll(Set.of(SyntheticStream.Kind.values()));
    assertThat(2000 - kinds.get(SyntheticStream.Kind.CLEAN)).isBetween(60, 150);
  }

  @Test
  void aRateLimitsTheSpeed() {
    EmbeddedKafka kafka = SharedKafka.get();
    long started = System.nanoTime();
    succeeds("produce", "--bootstrap", kafka.bootstrap(), "--topic", "produce-rate", "--count", 300, "--rate", 200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1400));
  }

  @Test
  void anUnreachableBrokerFailsInOneLine() {
    assertThat(fails(1, "produce", "--bootstrap", "127.0.0.1:1", "--topic", "t", "--count", 10).err())
        .contains("cannot reach a Kafka broker at 127.0.0.1:1");
  }

  @Test
  void badOptionsAreUsageErrors() {
    String bootstrap = "127.0.0.1:1";
    assertThat(fails(2, "produce", "--bootstrap", bootstrap, "--topic", "t").err()).contains("--count");
    assertThat(fails(2, "produce", "--bootstrap", bootstrap, "--topic", "t", "--count", 0).err())
        .contains("--count must be a positive number");
    assertThat(fails(2, "produce", "--bootstrap", bootstrap, "--topic", "t", "--count", 5, "--rate", -1).err())
        .contains("--rate");
    assertThat(fails(2, "produce", "--bootstrap", bootstrap, "--topic", "t", "--count", 5, "--dirty-rate", 0.9)
        .err()).contains("'--dirty-rate'");
    assertThat(fails(2, "produce", "--bootstrap", bootstrap, "--topic", "t", "--count", 5, "--customers", 0)
        .err()).contains("'--customers'");
    assertThat(fails(2, "produce", "--bootstrap", "localhost", "--topic", "t", "--count", 5).err())
        .contains("--bootstrap must be HOST:PORT");
    assertThat(fails(2, "produce", "--topic", "t", "--count", 5).err()).contains("--bootstrap");
  }

  private static List<ConsumerRecord<byte[], byte[]>> consumeAll(String bootstrap, String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      assertThat(partitions).hasSize(1);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // nothing more than what was sent
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
