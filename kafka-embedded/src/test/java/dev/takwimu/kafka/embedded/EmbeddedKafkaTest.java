package dev.takwimu.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** One real broker for the whole class (one start); the last test closes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaTest {
  private EmbeddedKafka kafka;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.builder().build().start();
  }

  @AfterAll
  void stop() {
    kafka.close();
  }

  @Test
  @Order(1)
  void producedRecordsAreAllConsumedByAGroup() throws Exception {
    assertThat(kafka.bootstrap()).isEqualTo("127.0.0.1:" + kafka.port());
    kafka.createTopic("transactions", 3);
    Set<String> sent = IntStream.range(0, 1000).mapToObj(i -> "txn-" + i).collect(Collectors.toSet());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer())) {
      for (String value : sent) {
        producer.send(new ProducerRecord<>("transactions", value, value));
      }
      producer.flush();
    }

    Set<String> received = new HashSet<>();
    Set<Integer> partitions = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(), ConsumerConfig.GROUP_ID_CONFIG, "test-group",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("transactions"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int count = 0;
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.add(record.value());
          partitions.add(record.partition());
          count++;
        }
      }
      consumer.commitSync();
      assertThat(count).isEqualTo(1000);
    }
    assertThat(received).isEqualTo(sent);
    assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  @Order(2)
  void aSecondBrokerOnATakenPortFailsInOneLine() {
    EmbeddedKafka second = EmbeddedKafka.builder().port(kafka.port()).build();
    assertThatThrownBy(second::start)
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessage("Cannot start Kafka on 127.0.0.1:" + kafka.port()
            + ": the port is in use (give another port, or 0 for a free one)");
    second.close();
    assertThat(kafka.processHandle().isAlive()).isTrue();
  }

  @Test
  @Order(3)
  void closeLeavesNoChildProcessAndNoTemporaryData() {
    ProcessHandle broker = kafka.processHandle();
    Path data = kafka.dataDirectory();
    assertThat(broker.isAlive()).isTrue();
    assertThat(data.resolve("kafka").resolve("meta.properties")).isRegularFile();
    assertThat(ProcessHandle.current().children()).contains(broker);

    kafka.close();

    assertThat(broker.isAlive()).isFalse();
    assertThat(ProcessHandle.current().children()).doesNotContain(broker);
    assertThat(Files.exists(data)).isFalse();
    kafka.close();
  }
}
