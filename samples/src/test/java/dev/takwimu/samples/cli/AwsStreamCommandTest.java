package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.Row;
import dev.takwimu.kafka.embedded.SharedKafka;
import dev.takwimu.safaricom.MpesaStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code takwimu stream --backend aws} on the shared broker into the emulated Firehose, then {@code takwimu aws
 * collect}: every produced record lands in raw/transactions_stream once, unreadable ones in the quarantine, and the
 * generated policy allows every call.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AwsStreamCommandTest {
  private static final String LAKE = "s3://takwimu-stream-e2e/lake";
  private static final String ROLE = "arn:aws:iam::123456789012:role/takwimu-firehose";

  @TempDir
  Path temp;

  @AfterEach
  void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static Map<String, String> config() {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    Map<String, String> config = new LinkedHashMap<>();
    config.put(Backends.BACKEND, "aws");
    config.put(Backends.LAKE, LAKE);
    config.put(AwsProperties.REGION, env.region().id());
    config.put(AwsProperties.ENDPOINT_URL, env.endpoint().toString());
    config.put(AwsProperties.FIREHOSE_ROLE, ROLE);
    return config;
  }

  @Test
  void streamsThroughFirehoseAndCollectAppendsEachRecordOnce() throws Exception {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    env.s3Client().createBucket(r -> r.bucket("takwimu-stream-e2e"));
    Path properties = temp.resolve("aws.properties");
    StringBuilder text = new StringBuilder();
    config().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(properties, text);
    produce("aws-stream", 2, 300);
    EmulatedAws.CALLS.clear();

    TakwimuCliTest.Run run = TakwimuCliTest.succeeds("stream", "--config", properties, "--bootstrap",
        SharedKafka.get().bootstrap(), "--topic", "aws-stream", "--until-idle", "3s", "--flush-records", "100");
    assertThat(run.out()).contains("stream: 303 records consumed")
        .contains("sent through Firehose delivery stream takwimu-raw-transactions-stream");
    TakwimuCliTest.Run collect = TakwimuCliTest.succeeds("aws", "collect", "--config", properties);
    assertThat(collect.out()).containsPattern("collect: \\d+ objects, 300 rows appended to raw/transactions_stream");
    assertThat(TakwimuCliTest.succeeds("aws", "collect", "--config", properties).out())
        .contains("collect: 0 objects, 0 rows");

    try (Backend backend = Backends.open(config())) {
      Set<String> offsets = new HashSet<>();
      try (Stream<Row> rows = backend.lake().stream(MpesaStream.TRANSACTIONS.raw())) {
        List<Row> all = rows.toList();
        all.forEach(row -> offsets.add(row.get("_partition") + "-" + row.get("_offset")));
        assertThat(offsets).hasSize(all.size()).hasSize(300);
      }
      try (Stream<Row> rows = backend.lake().stream(MpesaStream.TRANSACTIONS.quarantine())) {
        assertThat(rows.map(r -> (String) r.get("_rejected_by")).toList())
            .containsExactlyInAnyOrder("not JSON", "not an object", "missing field amount, channel, timestamp");
      }
    }
    var policy = AwsPermissions.policy(AwsProperties.settings(config()), "123456789012");
    assertThat(EmulatedAws.CALLS.actions()).contains("firehose:CreateDeliveryStream", "firehose:PutRecordBatch");
    assertThat(PolicyCoverage.uncovered(policy, EmulatedAws.CALLS.calls())).isEmpty();
  }

  private static void produce(String topic, int partitions, int count) {
    SharedKafka.get().createTopic(topic, partitions);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "T" + i, "{\"txn_id\": \"S" + i + "\", \"cust_id\": \"C" + i % 9
            + "\", \"amount\": 250, \"channel\": \"APP\", \"timestamp\": \"2024-06-01 10:00:00\"}"));
      }
      producer.send(new ProducerRecord<>(topic, "bad", "txn_id=S1;amount=5"));
      producer.send(new ProducerRecord<>(topic, "bad", "[1, 2]"));
      producer.send(new ProducerRecord<>(topic, "bad", "{\"txn_id\": \"S9\", \"cust_id\": \"C1\"}"));
      producer.flush();
    }
  }
}
