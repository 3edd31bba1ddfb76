package dev.takwimu.kafka.stream;

import dev.takwimu.core.Row;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.kafka.embedded.SharedKafka;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics with M-Pesa JSON records on the shared broker, and what landed in a local lake. */
final class StreamFixture {
  static final BufferHints HINTS = new BufferHints(1_000, 1 << 22, Duration.ofMillis(500));

  private StreamFixture() {
  }

  static String bootstrap() {
    return SharedKafka.get().bootstrap();
  }

  /** A valid transaction; its txn_id is unique per i. */
  static String transaction(long i) {
    return "{\"txn_id\": \"T" + i + "\", \"cust_id\": \"C" + i % 97 + "\", \"amount\": " + (10 + i % 5000)
        + ", \"channel\": \"USSD\", \"timestamp\": \"2024-05-01 08:00:00\"}";
  }

  /** Creates the topic and produces the values of 0 to count - 1, keyed by i, waiting for every ack. */
  static void produce(String topic, int partitions, long count, LongFunction<String> value) throws Exception {
    SharedKafka.get().createTopic(topic, partitions);
    append(topic, 0, count, value);
  }

  /** Produces the values of from to from + count - 1 to an existing topic, keyed by i, waiting for every ack. */
  static void append(String topic, long from, long count, LongFunction<String> value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (long i = from; i < from + count; i++) {
        producer.send(new ProducerRecord<>(topic, Long.toString(i).getBytes(StandardCharsets.UTF_8),
            value.apply(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  static LocalBackend backend(Path lake) {
    return LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).build();
  }

  /** One landed record: partition, offset and txn_id (null in quarantine), with the reason it was rejected. */
  record Landed(int partition, long offset, String txnId, String rejectedBy) {
    String key() {
      return partition + "-" + offset;
    }
  }

  static List<Landed> raw(Path lake) {
    return read(lake, false);
  }

  static List<Landed> quarantine(Path lake) {
    return read(lake, true);
  }

  private static List<Landed> read(Path lake, boolean quarantine) {
    List<Landed> landed = new ArrayList<>();
    try (LocalBackend backend = backend(lake)) {
      if (backend.lake().describe(quarantine ? MpesaStream.TRANSACTIONS.quarantine()
          : MpesaStream.TRANSACTIONS.raw()).isEmpty()) {
        return landed;
      }
      try (Stream<Row> rows = backend.lake().stream(quarantine ? MpesaStream.TRANSACTIONS.quarantine()
          : MpesaStream.TRANSACTIONS.raw())) {
        rows.forEach(row -> landed.add(new Landed(((Number) row.get("_partition")).intValue(),
            row.getLong("_offset"), quarantine ? null : row.getString("txn_id"),
            quarantine ? row.getString("_rejected_by") : null)));
      }
    }
    return landed;
  }
}
