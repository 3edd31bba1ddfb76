package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.aws.internal.FirehoseStreamSink;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.aws.testing.FirehoseRules;
import dev.takwimu.aws.testing.PermissionRecorder;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * The Firehose path against moto_server, with Firehose's limits and failures injected between client and emulator
 * ({@link FirehoseRules}): only failed records are sent again, and after the collect step raw holds every delivered
 * record exactly once.
 */
class FirehoseDeliveryTest {
  private static final StreamFormat FORMAT = new StreamFormat(DatasetId.of(Zone.RAW, "payments_stream"),
      DatasetId.of(Zone.QUARANTINE, "payments_stream"), List.of("txn_id", "cust_id", "amount", "channel", "timestamp"),
      List.of("note"));
  private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
  private static final int ATTEMPTS = 10;

  @TempDir
  Path lakeDirectory;

  private final PermissionRecorder recorder = new PermissionRecorder();

  private AwsBackend backend(FirehoseRules rules, FirehoseSettings firehose) {
    return AwsTestBackends.builder(lakeDirectory, recorder)
        .firehose(AwsTestEnvironment.get().firehoseClient(recorder, rules)).firehoseSettings(firehose).build();
  }

  private static FirehoseSettings withRole() {
    return FirehoseSettings.DEFAULT.withRole(AwsStreamSinkTest.ROLE).withRetries(ATTEMPTS, Duration.ofMillis(1));
  }

  private static StreamRecord record(int partition, long offset, String json) {
    return new StreamRecord("mpesa", partition, offset, json.getBytes(StandardCharsets.UTF_8), T0);
  }

  private static String payment(String txnId, String note) {
    return "{\"txn_id\": \"" + txnId + "\", \"cust_id\": \"C1\", \"amount\": 150.5, \"channel\": \"USSD\","
        + " \"timestamp\": \"2024-05-01 08:00:00\", \"note\": \"" + note + "\"}";
  }

  @Test
  void onlyFailedRecordsAreSentAgainAndRawHoldsEveryDeliveredRecordOnce() {
    FirehoseRules rules = new FirehoseRules(42).partialFailures(0.3).throttleNext(2)
        .alwaysFail(data -> data.contains("T-poison"));
    List<StreamRecord> records = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 1_200; i++) {
      int partition = i % 2;
      long offset = i / 2;
      records.add(record(partition, offset, payment("T-" + partition + "-" + offset, "n" + i)));
      expected.add(partition + "/" + offset);
    }
    String large = "x".repeat(100 * 1024);
    for (int i = 0; i < 60; i++) { // 6 MB in all: more than one call's 4 MiB
      records.add(record(2, i, payment("T-2-" + i, large)));
      expected.add("2/" + i);
    }
    records.add(record(3, 0, "not json"));
    records.add(record(3, 1, "[1, 2]"));
    records.add(record(3, 2, "{\"txn_id\": \"T-3-2\"}"));
    records.add(record(3, 3, payment("T-oversize", "y".repeat(1_100 * 1024))));
    records.add(record(3, 4, payment("T-poison", "never taken")));

    try (AwsBackend backend = backend(rules, withRole())) {
      FlushReport report;
      try (StreamSink sink = backend.streams().open(FORMAT, new BufferHints(5_000, 64L << 20, Duration.ofHours(1)))) {
        sink.putAll(records);
        report = sink.flush();
      }

      assertThat(rules.violations()).as("the sink keeps to Firehose's limits").isEmpty();
      assertThat(rules.throttled()).isEqualTo(2);
      assertThat(report.rows()).isEqualTo(1_260);
      assertThat(report.quarantined()).as("3 unreadable, 1 oversize, 1 never taken").isEqualTo(5);
      assertThat(report.offsets()).containsOnly(Map.entry(new TopicPartition("mpesa", 0), 600L),
          Map.entry(new TopicPartition("mpesa", 1), 600L), Map.entry(new TopicPartition("mpesa", 2), 60L),
          Map.entry(new TopicPartition("mpesa", 3), 5L));

      // only the records a call refused were sent again, and each reached the emulator once
      Map<String, Integer> sends = rules.sends();
      Map<String, Integer> failures = rules.failures();
      List<String> accepted = rules.accepted();
      assertThat(accepted).hasSize(1_260).doesNotHaveDuplicates();
      assertThat(failures.values().stream().mapToInt(Integer::intValue).sum()).as("failures were injected")
          .isGreaterThan(300);
      for (String line : accepted) {
        assertThat(sends.get(line)).as("sends of %s", line).isEqualTo(failures.getOrDefault(line, 0) + 1);
      }
      assertThat(sends.entrySet().stream().filter(e -> e.getKey().contains("T-poison")).map(Map.Entry::getValue))
          .containsExactly(ATTEMPTS);
      assertThat(sends.keySet()).noneMatch(line -> line.contains("T-oversize"));

      CollectReport collected = backend.collect(FORMAT);
      assertThat(collected.rows()).isEqualTo(1_260);
      assertThat(collected.objects()).as("one object per call moto took").isEqualTo(rules.forwarded());
      Set<String> inRaw = new HashSet<>();
      List<String> duplicates = new ArrayList<>();
      try (Stream<Row> rows = backend.lake().stream(FORMAT.raw())) {
        rows.forEach(row -> {
          if (!inRaw.add(row.get("_partition") + "/" + row.get("_offset"))) {
            duplicates.add(row.get("_partition") + "/" + row.get("_offset"));
          }
        });
      }
      assertThat(duplicates).isEmpty();
      assertThat(inRaw).isEqualTo(expected);

      assertThat(rowsOf(backend, FORMAT.quarantine(), "_rejected_by")).containsExactlyInAnyOrder("not JSON",
          "not an object", "missing field cust_id, amount, channel, timestamp");
      List<String> undelivered = rowsOf(backend, FirehoseStreamSink.undeliveredDataset(FORMAT), "_rejected_by");
      assertThat(undelivered).hasSize(2);
      assertThat(undelivered)
          .anyMatch(r -> r.startsWith("firehose: record of ") && r.contains("over Firehose's limit"));
      assertThat(undelivered).anyMatch(r -> r.startsWith("firehose: ") && r.endsWith("(after 10 attempts)"));

      // a second step finds nothing new; so does one whose ledger was lost after its append (found in the table)
      assertThat(backend.collect(FORMAT).objects()).isZero();
      S3Location ledger = backend.settings().work().resolve("streams/payments_stream/collected.json");
      AwsTestEnvironment.get().s3Client().deleteObject(r -> r.bucket(ledger.bucket()).key(ledger.prefix()));
      CollectReport afterCrash = backend.collect(FORMAT);
      assertThat(afterCrash.objects()).isZero();
      assertThat(afterCrash.alreadyCollected()).isEqualTo(collected.objects());
      assertThat(backend.lake().describe(FORMAT.raw()).orElseThrow().version()).isEqualTo(1);

      // a restarted ingestor resumes at the checkpoint: nothing is sent again
      int callsBefore = rules.calls();
      try (StreamSink sink = backend.streams().open(FORMAT, BufferHints.DEFAULT)) {
        assertThat(sink.committedOffsets()).isEqualTo(report.offsets());
        sink.putAll(records.subList(0, 100));
        FlushReport again = sink.flush();
        assertThat(again.alreadyCommitted()).isEqualTo(100);
        assertThat(again.committed()).isFalse();
      }
      assertThat(rules.calls()).isEqualTo(callsBefore);

      assertThat(recorder.actions()).contains("firehose:DescribeDeliveryStream", "firehose:CreateDeliveryStream",
          "firehose:PutRecordBatch");
      assertThat(PolicyCoverage.uncovered(AwsPermissions.policy(backend.settings(), null), recorder.calls()))
          .isEmpty();
    }
  }

  private static List<String> rowsOf(AwsBackend backend, DatasetId id, String column) {
    try (Stream<Row> rows = backend.lake().stream(id)) {
      return rows.map(row -> (String) row.get(column)).collect(Collectors.toList());
    }
  }

  @Test
  void theDeliveryStreamIsCreatedWithTheStreamPrefixAndTheRulesRejectCallsOverTheLimits() {
    FirehoseRules rules = new FirehoseRules(1);
    try (AwsBackend backend = backend(rules, withRole().withBuffering(8L << 20, Duration.ofSeconds(120)))) {
      String name;
      try (StreamSink sink = backend.streams().open(FORMAT, BufferHints.DEFAULT)) {
        name = ((FirehoseStreamSink) sink).deliveryStream();
      }
      assertThat(name).isEqualTo(backend.settings().database(Zone.RAW).replace('_', '-') + "-payments-stream");
      FirehoseClient firehose = AwsTestEnvironment.get().firehoseClient(rules);
      ExtendedS3DestinationDescription destination = firehose.describeDeliveryStream(r -> r.deliveryStreamName(name))
          .deliveryStreamDescription().destinations().get(0).extendedS3DestinationDescription();
      S3Location prefix = backend.settings().streamPrefix("payments_stream");
      assertThat(destination.bucketARN()).isEqualTo("arn:aws:s3:::" + prefix.bucket());
      assertThat(destination.prefix()).isEqualTo(prefix.prefix()).endsWith("raw/_firehose/payments_stream/");
      assertThat(destination.errorOutputPrefix()).endsWith("raw/_firehose/payments_stream-errors/");
      assertThat(destination.roleARN()).isEqualTo(AwsStreamSinkTest.ROLE);
      assertThat(destination.bufferingHints().sizeInMBs()).isEqualTo(8);
      assertThat(destination.bufferingHints().intervalInSeconds()).isEqualTo(120);

      Record small = Record.builder().data(SdkBytes.fromUtf8String("{}\n")).build();
      Record big = Record.builder().data(SdkBytes.fromByteArray(new byte[1_000 * 1024 + 1])).build();
      Record nearLimit = Record.builder().data(SdkBytes.fromByteArray(new byte[1_000 * 1024])).build();
      assertThatThrownBy(() -> firehose.putRecordBatch(r -> r.deliveryStreamName(name)
          .records(java.util.Collections.nCopies(501, small)))).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("less than or equal to 500");
      assertThatThrownBy(() -> firehose.putRecordBatch(r -> r.deliveryStreamName(name).records(big)))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("1024000");
      assertThatThrownBy(() -> firehose.putRecordBatch(r -> r.deliveryStreamName(name)
          .records(java.util.Collections.nCopies(5, nearLimit)))).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("4 MB");
      assertThat(rules.violations()).hasSize(3);
      assertThat(rules.accepted()).isEmpty();
    }
  }

  @Test
  void aMissingDeliveryStreamWithoutARoleIsOneClearLine() {
    try (AwsBackend backend = backend(new FirehoseRules(1), FirehoseSettings.DEFAULT)) {
      assertThatThrownBy(() -> backend.streams().open(FORMAT, BufferHints.DEFAULT))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("does not exist: set takwimu.aws.firehose.role");
    }
  }
}
