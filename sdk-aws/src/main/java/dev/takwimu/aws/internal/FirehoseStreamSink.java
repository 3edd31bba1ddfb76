package dev.takwimu.aws.internal;

import dev.takwimu.aws.FirehoseSettings;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.spi.StreamBuffer;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.engine.duckdb.StreamRecords;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Delivers stream records to raw through a Kinesis Data Firehose delivery stream, at least once. A flush classifies
 * the records as the local sink does ({@link StreamRecords}), sends each readable one as one line of newline-delimited
 * JSON (its fields as text and its topic, partition and offset) with PutRecordBatch, appends the rejected ones to the
 * quarantine dataset and, once every record is delivered or set aside, records the partitions' next offsets in a
 * checkpoint object. Firehose writes the lines to the raw zone's stream prefix; {@link FirehoseCollector} appends them
 * to the raw table.
 */
public final class FirehoseStreamSink implements StreamSink {
  private final FirehoseStreams streams;
  private final StreamFormat format;
  private final Clock clock;
  private final String deliveryStream;
  private final FirehoseDelivery delivery;
  private final StreamBuffer buffer;
  private boolean closed;
  private Consumer<FlushReport> listener = report -> {};

  FirehoseStreamSink(FirehoseStreams streams, StreamFormat format, BufferHints hints, Clock clock,
      String deliveryStream, FirehoseSettings settings) {
    this.streams = streams;
    this.format = format;
    this.clock = clock;
    this.deliveryStream = deliveryStream;
    this.buffer = new StreamBuffer(hints, clock);
    this.delivery = new FirehoseDelivery(streams.firehose(), deliveryStream, settings);
  }

  /** The delivery stream this sink sends to. */
  public String deliveryStream() {
    return deliveryStream;
  }

  @Override
  public void put(StreamRecord record) {
    if (closed) {
      throw new IllegalStateException("The stream sink for " + format.raw() + " is closed");
    }
    buffer.add(record);
    flushIfDue(clock.instant());
  }

  @Override
  public FlushReport flushIfDue(Instant now) {
    return buffer.isDue(now) ? flush() : null;
  }

  @Override
  public void onFlush(Consumer<FlushReport> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public FlushReport flush() {
    long started = System.nanoTime();
    List<StreamRecord> fresh = buffer.fresh(committedOffsets());
    FlushReport report = fresh.isEmpty()
        ? new FlushReport(buffer.size(), 0, 0, buffer.size(), Map.of(), null, rawVersion(),
            Duration.ofNanos(System.nanoTime() - started))
        : send(fresh, started);
    buffer.clear();
    if (report.records() > 0) {
      listener.accept(report);
    }
    return report;
  }

  private FlushReport send(List<StreamRecord> fresh, long started) {
    String batchId = StrictCsv.newBatchId();
    List<Row> rows;
    List<Row> rejected;
    DuckDb duck = streams.duck();
    duck.lock().lock();
    try (StreamRecords records = StreamRecords.load(duck, format, fresh)) {
      rows = duck.query(records.rowsSql(), records.rowsParams(batchId));
      rejected = records.rejected() > 0 ? duck.query(records.rejectedSql(), List.of(batchId)) : List.of();
    } finally {
      duck.lock().unlock();
    }
    List<FirehoseDelivery.Line> lines = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Map<String, Object> line = new LinkedHashMap<>();
      for (String field : format.fields()) {
        line.put(field, row.get(field));
      }
      line.put("_topic", row.get("_topic"));
      line.put("_partition", row.get("_partition"));
      line.put("_offset", row.get("_offset"));
      lines.add(new FirehoseDelivery.Line(new TopicPartition((String) row.get("_topic"),
          ((Number) row.get("_partition")).intValue()), ((Number) row.get("_offset")).longValue(),
          FirehoseStreams.lineBytes(line)));
    }
    Map<FirehoseDelivery.Line, String> undelivered = delivery.deliver(lines);
    if (!rejected.isEmpty()) {
      streams.lake().write(format.quarantine(), WriteSource.rows(StreamRecords.quarantineSchema(),
          rejected.stream().map(r -> r.values()).toList()),
          WriteOptions.append().withProperties(Map.of("batch_id", batchId)));
    }
    if (!undelivered.isEmpty()) {
      Map<String, StreamRecord> byOffset = new HashMap<>();
      fresh.forEach(r -> byOffset.put(r.topic() + "\u0000" + r.partition() + "\u0000" + r.offset(), r));
      List<List<?>> failed = new ArrayList<>();
      undelivered.forEach((line, reason) -> failed.add(undeliveredRow(
          byOffset.get(line.partition().topic() + "\u0000" + line.partition().partition() + "\u0000" + line.offset()),
          batchId, reason)));
      streams.lake().write(undeliveredDataset(format), WriteSource.rows(StreamRecords.quarantineSchema(), failed),
          WriteOptions.append().withProperties(Map.of("batch_id", batchId)));
    }
    Map<TopicPartition, Long> next = new LinkedHashMap<>();
    for (StreamRecord record : fresh) {
      next.merge(record.topicPartition(), record.offset() + 1, Math::max);
    }
    streams.checkpoint(format, next);
    return new FlushReport(buffer.size(), lines.size() - undelivered.size(), rejected.size() + undelivered.size(),
        buffer.size() - fresh.size(), next, batchId, rawVersion(), Duration.ofNanos(System.nanoTime() - started));
  }

  /** Where records that Firehose did not take within the retry budget go: {@code <quarantine>_undelivered}. */
  public static DatasetId undeliveredDataset(StreamFormat format) {
    return DatasetId.of(format.quarantine().zone(), format.quarantine().name() + "_undelivered");
  }

  private static List<Object> undeliveredRow(StreamRecord record, String batchId, String reason) {
    String raw = null;
    String encoding = null;
    if (record.value() != null) {
      String text = new String(record.value(), StandardCharsets.UTF_8);
      if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), record.value())) {
        raw = text;
        encoding = "utf-8";
      } else {
        raw = Base64.getEncoder().encodeToString(record.value());
        encoding = "base64";
      }
    }
    return Arrays.asList(raw, encoding, record.topic(), record.partition(), record.offset(), batchId,
        "firehose: " + reason);
  }

  private long rawVersion() {
    return streams.lake().describe(format.raw()).map(DatasetInfo::version).orElse(0L);
  }

  /** The next offset of every partition, from the checkpoint of the last fully acknowledged flush. */
  @Override
  public Map<TopicPartition, Long> committedOffsets() {
    return streams.checkpoint(format);
  }

  @Override
  public int buffered() {
    return buffer.size();
  }

  @Override
  public void close() {
    if (!closed) {
      flush();
      closed = true;
    }
  }

  static long backoffMillis(Duration base, int retry) {
    long cap = Math.min(20_000L, base.toMillis() << Math.min(20, retry - 1));
    return ThreadLocalRandom.current().nextLong(cap + 1);
  }
}
