package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.core.stream.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link dev.takwimu.core.stream.StreamSink} must do, also one that delivers at least once (through Kinesis
 * Data Firehose): buffer until a hint is reached, deliver every record with its fields as text and its lineage,
 * quarantine what it cannot read, record the partitions' next offsets after each flush and leave out records below
 * them. Rows are read after {@link #delivered()}. {@link ExactlyOnceStreamSinkContract} adds what a sink that commits
 * each flush as one version guarantees.
 */
public abstract class StreamSinkContract extends BackendContractSupport {
  protected static final DatasetId RAW = DatasetId.of(Zone.RAW, "payments_stream");
  protected static final DatasetId QUARANTINE = DatasetId.of(Zone.QUARANTINE, "payments_stream");
  protected static final StreamFormat FORMAT = new StreamFormat(RAW, QUARANTINE,
      List.of("txn_id", "cust_id", "amount", "channel", "timestamp"), List.of("note"));
  protected static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
  protected static final BufferHints LARGE = new BufferHints(1_000, 1 << 20, Duration.ofHours(1));

  @BeforeEach
  void requireStreaming() {
    org.junit.jupiter.api.Assumptions.assumeTrue(backend instanceof SupportsStreaming,
        backend.name() + " has no stream sinks");
  }

  /** Makes what the sink delivered visible in raw; a sink that commits into raw itself needs nothing. */
  protected void delivered() {}

  /** Checks a raw row's batch id: the flush's own on a sink that commits into raw itself. */
  protected void assertBatchId(Object rowBatchId, FlushReport report) {
    assertThat(rowBatchId).isEqualTo(report.batchId());
  }

  protected StreamSink open(BufferHints hints) {
    return ((SupportsStreaming) backend).streams().open(FORMAT, hints, Clock.fixed(T0, ZoneOffset.UTC));
  }

  /** A valid transaction record at the offset; its txn_id names topic, partition and offset. */
  protected static StreamRecord payment(String topic, int partition, long offset) {
    String json = "{\"txn_id\": \"T-" + topic + "-" + partition + "-" + offset + "\", \"cust_id\": \"C" + offset % 7
        + "\", \"amount\": 150.5, \"channel\": \"USSD\", \"timestamp\": \"2024-05-01 08:00:00\"}";
    return record(topic, partition, offset, json);
  }

  protected static StreamRecord record(String topic, int partition, long offset, String value) {
    return new StreamRecord(topic, partition, offset, value.getBytes(StandardCharsets.UTF_8), T0);
  }

  protected static List<StreamRecord> payments(String topic, int partition, long from, long to) {
    return LongStream.range(from, to).mapToObj(o -> payment(topic, partition, o)).toList();
  }

  @Test
  void buffersUntilTheRecordHintIsReached() {
    try (StreamSink sink = open(LARGE.withMaxRecords(3))) {
      sink.putAll(payments("mpesa", 0, 0, 2));
      assertThat(sink.buffered()).isEqualTo(2);
      assertThat(lake().describe(RAW)).isEmpty();

      sink.put(payment("mpesa", 0, 2));
      delivered();

      assertThat(sink.buffered()).isZero();
      assertThat(count(RAW)).isEqualTo(3);
      assertThat(version(RAW)).isEqualTo(1);
      assertThat(sink.committedOffsets()).containsExactly(Map.entry(new TopicPartition("mpesa", 0), 3L));
    }
  }

  @Test
  void tellsTheFlushListenerAboutEveryFlushAlsoTheOnesPutAndCloseStart() {
    List<FlushReport> seen = new ArrayList<>();
    try (StreamSink sink = open(LARGE.withMaxRecords(2))) {
      sink.onFlush(seen::add);
      sink.putAll(payments("mpesa", 0, 0, 3));
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).rows()).isEqualTo(2);
      assertThat(seen.get(0).offsets()).containsExactly(Map.entry(new TopicPartition("mpesa", 0), 2L));
      sink.flush();
      sink.flush();
    }
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).offsets()).containsExactly(Map.entry(new TopicPartition("mpesa", 0), 3L));
  }

  @Test
  void buffersUntilTheByteHintIsReached() {
    int size = payment("mpesa", 0, 0).size();
    try (StreamSink sink = open(LARGE.withMaxBytes(size * 2L + size / 2))) {
      sink.putAll(payments("mpesa", 0, 0, 2));
      assertThat(lake().describe(RAW)).isEmpty();

      sink.put(payment("mpesa", 0, 2));
      delivered();

      assertThat(count(RAW)).isEqualTo(3);
    }
  }

  @Test
  void flushesByTimeAlsoWhenNoRecordArrives() {
    try (StreamSink sink = open(LARGE.withMaxInterval(Duration.ofSeconds(30)))) {
      sink.put(payment("mpesa", 0, 0));
      assertThat(sink.flushIfDue(T0.plusSeconds(29))).isNull();
      assertThat(lake().describe(RAW)).isEmpty();

      FlushReport report = sink.flushIfDue(T0.plusSeconds(30));
      delivered();

      assertThat(report.committed()).isTrue();
      assertThat(report.rows()).isEqualTo(1);
      assertThat(count(RAW)).isEqualTo(1);
      assertThat(sink.flushIfDue(T0.plusSeconds(90))).as("nothing buffered").isNull();
      assertThat(version(RAW)).isEqualTo(1);
    }
  }

  @Test
  void rowsHoldTheFieldsAsTextWithLineage() {
    try (StreamSink sink = open(LARGE)) {
      sink.put(record("mpesa.v1", 2, 41, "{\"timestamp\": \"2024-05-01 08:00:00\", \"channel\": \"App\","
          + " \"amount\": 2500, \"cust_id\": \"C9\", \"txn_id\": \"T1\", \"note\": null, \"extra\": true}"));
      sink.put(record("mpesa.v1", 2, 42, "{\"txn_id\": \"T2\", \"cust_id\": \"C9\", \"amount\": \"12.50\","
          + " \"channel\": \"USSD\", \"timestamp\": \"2024-05-01 09:00:00\", \"note\": \"retry\"}"));
      FlushReport report = sink.flush();
      delivered();

      DatasetInfo info = lake().describe(RAW).orElseThrow();
      assertThat(info.schema().names()).containsExactly("txn_id", "cust_id", "amount", "channel", "timestamp", "note",
          "_topic", "_partition", "_offset", "_batch_id");
      List<Map<String, Object>> rows = rowsOf(RAW, "_offset");
      Object batch = rows.get(0).get("_batch_id");
      assertBatchId(batch, report);
      assertThat(rows).containsExactly(
          mapOf("txn_id", "T1", "cust_id", "C9", "amount", "2500", "channel", "App", "timestamp",
              "2024-05-01 08:00:00", "note", null, "_topic", "mpesa.v1", "_partition", 2, "_offset", 41L,
              "_batch_id", batch),
          mapOf("txn_id", "T2", "cust_id", "C9", "amount", "12.50", "channel", "USSD", "timestamp",
              "2024-05-01 09:00:00", "note", "retry", "_topic", "mpesa.v1", "_partition", 2, "_offset", 42L,
              "_batch_id", batch));
      assertThat(sink.committedOffsets()).containsExactly(Map.entry(new TopicPartition("mpesa.v1", 2), 43L));
    }
  }

  @Test
  void quarantinesUnreadableRecordsWithTheirOffsetsInTheSameCommit() {
    List<StreamRecord> records = new ArrayList<>();
    records.add(payment("mpesa", 0, 0));
    records.add(record("mpesa", 0, 1, "txn_id=T9;amount=10"));
    records.add(record("mpesa", 0, 2, "[1, 2]"));
    records.add(record("mpesa", 0, 3, "{\"txn_id\": \"T3\", \"cust_id\": \"C1\", \"channel\": \"USSD\"}"));
    records.add(new StreamRecord("mpesa", 0, 4, new byte[] {(byte) 0xC3, (byte) 0x28}, T0));
    records.add(new StreamRecord("mpesa", 0, 5, null, T0));
    records.add(payment("mpesa", 0, 6));
    try (StreamSink sink = open(LARGE)) {
      sink.putAll(records);
      FlushReport report = sink.flush();
      delivered();

      assertThat(report.rows()).isEqualTo(2);
      assertThat(report.quarantined()).isEqualTo(5);
      assertThat(report.offsets()).containsExactly(Map.entry(new TopicPartition("mpesa", 0), 7L));
      assertThat(version(RAW)).isEqualTo(1);
      assertThat(version(QUARANTINE)).isEqualTo(1);
      assertThat(lake().describe(QUARANTINE).orElseThrow().properties()).containsEntry("batch_id", report.batchId());
      assertThat(rowsOf(QUARANTINE, "_offset")).containsExactly(
          quarantined("txn_id=T9;amount=10", "utf-8", 1, report.batchId(), "not JSON"),
          quarantined("[1, 2]", "utf-8", 2, report.batchId(), "not an object"),
          quarantined("{\"txn_id\": \"T3\", \"cust_id\": \"C1\", \"channel\": \"USSD\"}", "utf-8", 3,
              report.batchId(), "missing field amount, timestamp"),
          quarantined("wyg=", "base64", 4, report.batchId(), "not UTF-8"),
          quarantined(null, null, 5, report.batchId(), "no value"));

      sink.putAll(records);
      assertThat(sink.flush().committed()).as("quarantined offsets are committed too").isFalse();
      assertThat(count(QUARANTINE)).isEqualTo(5);
    }
  }

  @Test
  void aFlushOfOnlyRejectedRecordsStillRecordsTheirOffsets() {
    try (StreamSink sink = open(LARGE)) {
      sink.put(record("mpesa", 0, 0, "{}"));
      sink.put(record("mpesa", 0, 1, ""));
      FlushReport report = sink.flush();
      delivered();

      assertThat(report.rows()).isZero();
      assertThat(report.quarantined()).isEqualTo(2);
      assertThat(lake().describe(RAW).isPresent() ? count(RAW) : 0L).isZero();
      assertThat(rowsOf(QUARANTINE, "_offset")).extracting(r -> r.get("_rejected_by"))
          .containsExactly("missing field txn_id, cust_id, amount, channel, timestamp", "not JSON");
      assertThat(sink.committedOffsets()).containsExactly(Map.entry(new TopicPartition("mpesa", 0), 2L));

      sink.put(payment("mpesa", 0, 2));
      sink.flush();
      delivered();
      assertThat(rowsOf(RAW)).singleElement().satisfies(row -> assertThat(row).containsEntry("note", null)
          .containsEntry("amount", "150.5"));
    }
  }

  private static Map<String, Object> quarantined(String raw, String encoding, long offset, String batch,
      String reason) {
    return mapOf("_raw", raw, "_raw_encoding", encoding, "_topic", "mpesa", "_partition", 0, "_offset", offset,
        "_batch_id", batch, "_rejected_by", reason);
  }

  @Test
  void aNewBackendReadsTheCommittedOffsetsFromTheLake() {
    try (StreamSink sink = open(LARGE)) {
      sink.putAll(payments("mpesa", 0, 0, 3));
      sink.putAll(payments("mpesa", 3, 100, 102));
    }
    reopenBackend();

    try (StreamSink sink = open(LARGE)) {
      assertThat(sink.committedOffsets()).containsOnly(Map.entry(new TopicPartition("mpesa", 0), 3L),
          Map.entry(new TopicPartition("mpesa", 3), 102L));
      sink.putAll(payments("mpesa", 0, 0, 4));
      assertThat(sink.flush().rows()).isEqualTo(1);
    }
    delivered();
    assertThat(count(RAW)).isEqualTo(6);
  }

  @Test
  void aClosedSinkRefusesRecords() {
    StreamSink sink = open(LARGE);
    sink.close();
    assertThatThrownBy(() -> sink.put(payment("mpesa", 0, 0))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RAW.toString());
  }

  @Test
  void hintsAndFormatsAreValidated() {
    assertThatThrownBy(() -> LARGE.withMaxRecords(0)).hasMessage("maxRecords must be at least 1, got 0");
    assertThatThrownBy(() -> LARGE.withMaxInterval(Duration.ZERO)).hasMessageContaining("maxInterval must be positive");
    assertThatThrownBy(() -> StreamFormat.of(QUARANTINE, QUARANTINE, List.of("a")))
        .hasMessageContaining("raw zone");
    assertThatThrownBy(() -> StreamFormat.of(RAW, QUARANTINE, List.of("_offset")))
        .hasMessageContaining("Invalid field '_offset'");
  }
}
