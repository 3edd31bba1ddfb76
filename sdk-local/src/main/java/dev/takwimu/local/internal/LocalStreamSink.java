package dev.takwimu.local.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.engine.duckdb.RowsTable;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Appends stream records to a raw dataset and its quarantine in one commit per flush, recording each partition's next
 * offset ({@value #OFFSET_PREFIX}{@code <topic>.<partition>}) in the raw dataset's properties. The commit is fenced
 * under the datasets' locks: when the lake already holds an offset the flush would write (another writer got there
 * first), it commits nothing and the flush starts over without the records now committed.
 */
public final class LocalStreamSink implements StreamSink {
  /** Prefix of the raw dataset's properties holding each partition's next offset. */
  public static final String OFFSET_PREFIX = "stream.offset.";

  /** A record as loaded: its value as text when it is UTF-8, else in base64 ({@code _base64}). */
  private static final Schema RECORDS = new Schema(List.of(new Column("_topic", DataType.STRING),
      new Column("_partition", DataType.INT), new Column("_offset", DataType.LONG),
      new Column("_value", DataType.STRING), new Column("_base64", DataType.STRING)));
  private static final String LINEAGE = "_topic, _partition, _offset, ? AS _batch_id";
  private static final String ORDER = " ORDER BY _topic, _partition, _offset";

  private final DuckDb duck;
  private final LocalLakeStore lake;
  private final StreamFormat format;
  private final BufferHints hints;
  private final Clock clock;
  private final List<StreamRecord> buffer = new ArrayList<>();
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long bufferedBytes;
  private Instant oldest;
  private boolean closed;
  private Runnable beforeCommit = () -> {};
  private Consumer<FlushReport> listener = report -> {};

  public LocalStreamSink(DuckDb duck, LocalLakeStore lake, StreamFormat format, BufferHints hints, Clock clock) {
    this.duck = duck;
    this.lake = lake;
    this.format = format;
    this.hints = hints;
    this.clock = clock;
  }

  /** Runs the hook between staging a flush and committing it: lets a test commit from another writer meanwhile. */
  void beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
  }

  @Override
  public void put(StreamRecord record) {
    if (closed) {
      throw new IllegalStateException("The stream sink for " + format.raw() + " is closed");
    }
    if (buffer.isEmpty()) {
      oldest = clock.instant();
    }
    buffer.add(record);
    bufferedBytes += record.size();
    flushIfDue(clock.instant());
  }

  @Override
  public FlushReport flushIfDue(Instant now) {
    boolean due = !buffer.isEmpty() && (buffer.size() >= hints.maxRecords() || bufferedBytes >= hints.maxBytes()
        || !now.isBefore(oldest.plus(hints.maxInterval())));
    return due ? flush() : null;
  }

  @Override
  public void onFlush(Consumer<FlushReport> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public FlushReport flush() {
    FlushReport report = flushLocked();
    if (report.records() > 0) {
      listener.accept(report);
    }
    return report;
  }

  private FlushReport flushLocked() {
    long started = System.nanoTime();
    duck.lock().lock();
    try {
      while (true) {
        List<StreamRecord> fresh = fresh(committedOffsets());
        FlushReport report = fresh.isEmpty() ? new FlushReport(buffer.size(), 0, 0, buffer.size(), Map.of(), null,
            currentVersion(), Duration.ofNanos(System.nanoTime() - started)) : commit(fresh, started);
        if (report != null) {
          buffer.clear();
          bufferedBytes = 0;
          oldest = null;
          return report;
        }
      }
    } finally {
      duck.lock().unlock();
    }
  }

  /**
   * The buffered records the lake does not hold yet, each offset once. A partition's records normally come in rising
   * offsets, which needs no set of the offsets seen; a buffer where they do not (a re-delivery) takes one.
   */
  private List<StreamRecord> fresh(Map<TopicPartition, Long> committed) {
    List<StreamRecord> fresh = new ArrayList<>(buffer.size());
    Map<TopicPartition, Rising> partitions = new HashMap<>();
    Rising last = null;
    for (StreamRecord record : buffer) {
      if (last == null || last.partition != record.partition() || !last.topic.equals(record.topic())) {
        last = partitions.computeIfAbsent(record.topicPartition(), p -> new Rising(p, committed.get(p)));
      }
      if (record.offset() < last.next) {
        continue;
      }
      if (record.offset() <= last.highest) {
        return freshAnyOrder(committed);
      }
      last.highest = record.offset();
      fresh.add(record);
    }
    return fresh;
  }

  private List<StreamRecord> freshAnyOrder(Map<TopicPartition, Long> committed) {
    List<StreamRecord> fresh = new ArrayList<>(buffer.size());
    Set<String> seen = new HashSet<>();
    for (StreamRecord record : buffer) {
      Long next = committed.get(record.topicPartition());
      if ((next == null || record.offset() >= next)
          && seen.add(record.topic() + "\u0000" + record.partition() + "\u0000" + record.offset())) {
        fresh.add(record);
      }
    }
    return fresh;
  }

  /** One partition of a flush: the lake's next offset and the highest offset taken so far. */
  private static final class Rising {
    final String topic;
    final int partition;
    final long next;
    long highest = -1;

    Rising(TopicPartition partition, Long next) {
      this.topic = partition.topic();
      this.partition = partition.partition();
      this.next = next == null ? 0 : next;
    }
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets() {
    return lake.describe(format.raw()).map(info -> offsets(info.properties())).orElse(Map.of());
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

  /** Commits the records, or returns null when the fence found some of them committed meanwhile. */
  private FlushReport commit(List<StreamRecord> fresh, long started) {
    String batchId = StrictCsv.newBatchId();
    Map<TopicPartition, Long> first = new LinkedHashMap<>();
    Map<TopicPartition, Long> next = new LinkedHashMap<>();
    for (StreamRecord record : fresh) {
      first.merge(record.topicPartition(), record.offset(), Math::min);
      next.merge(record.topicPartition(), record.offset() + 1, Math::max);
    }
    Map<String, String> properties = new HashMap<>();
    next.forEach((tp, offset) -> properties.put(key(tp), Long.toString(offset)));
    properties.put("batch_id", batchId);
    // both parts ask the raw dataset, whose lock the commit holds while it asks
    Predicate<Map<String, String>> fenced = ignored -> {
      Map<TopicPartition, Long> recorded = committedOffsets();
      return first.entrySet().stream().anyMatch(e -> recorded.getOrDefault(e.getKey(), 0L) > e.getValue());
    };
    String table = "tk_stream_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (RowsTable rows = RowsTable.load(duck, WriteSource.rows(RECORDS, fresh.stream().map(this::values).toList()))) {
      classify(rows.name(), table);
      long quarantined = ((Number) duck.query("SELECT count(*) FROM " + table + " WHERE _rejected_by IS NOT NULL",
          List.of()).get(0).get(0)).longValue();
      List<LocalLakeStore.PreparedWrite> writes = new ArrayList<>();
      try {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < format.fields().size(); i++) {
          columns.add("_fields[" + (i + 1) + "] AS " + LocalLakeStore.quote(format.fields().get(i)));
        }
        writes.add(lake.prepare(format.raw(), "SELECT " + String.join(", ", columns) + ", " + LINEAGE + " FROM "
            + table + " WHERE _rejected_by IS NULL" + ORDER, List.of(batchId),
            WriteOptions.append().withProperties(properties), fenced));
        if (quarantined > 0) {
          writes.add(lake.prepare(format.quarantine(), "SELECT _raw, _raw_encoding, " + LINEAGE + ", _rejected_by FROM "
              + table + " WHERE _rejected_by IS NOT NULL" + ORDER, List.of(batchId),
              WriteOptions.append().withProperties(Map.of("batch_id", batchId)), fenced));
        }
        beforeCommit.run();
        List<LocalLakeStore.WriteResult> results = lake.commit(writes);
        if (!results.get(0).committed()) {
          return null;
        }
        return new FlushReport(buffer.size(), results.get(0).rowsWritten(), quarantined,
            buffer.size() - fresh.size(), next, batchId, results.get(0).info().version(),
            Duration.ofNanos(System.nanoTime() - started));
      } finally {
        writes.forEach(LocalLakeStore.PreparedWrite::close);
      }
    } finally {
      duck.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  /**
   * Gives every record its reason for quarantine (null when its fields can be read) and, when it has none, its fields
   * as a list in the format's order. Each value is parsed at most four times (valid, type, keys, fields), whatever
   * the number of fields.
   */
  private void classify(String rows, String table) {
    List<Object> params = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (String field : format.fields()) {
      paths.add("?");
      params.add("$.\"" + field + "\"");
    }
    List<String> missing = new ArrayList<>();
    for (String field : format.requiredFields()) {
      missing.add("CASE WHEN NOT list_contains(_keys, ?) THEN ? END");
      params.add(field);
      params.add(field);
    }
    duck.execute("CREATE TEMP TABLE " + table + " AS SELECT _topic, _partition, _offset, _raw, _raw_encoding,"
        + " _rejected_by, CASE WHEN _rejected_by IS NULL THEN json_extract_string(_value, [" + String.join(", ", paths)
        + "]) END AS _fields FROM (SELECT *, CASE"
        + " WHEN _raw IS NULL THEN 'no value'"
        + " WHEN _value IS NULL THEN 'not UTF-8'"
        + " WHEN NOT _valid THEN 'not JSON'"
        + " WHEN _type <> 'OBJECT' THEN 'not an object'"
        + " ELSE nullif('missing field ' || concat_ws(', ', " + String.join(", ", missing) + "), 'missing field ')"
        + " END AS _rejected_by"
        + " FROM (SELECT *, CASE WHEN _valid AND _type = 'OBJECT' THEN json_keys(_value) END AS _keys"
        + " FROM (SELECT *, CASE WHEN _valid THEN json_type(_value) END AS _type"
        + " FROM (SELECT _topic, _partition, _offset, _value, coalesce(_value, _base64) AS _raw,"
        + " CASE WHEN _value IS NOT NULL THEN 'utf-8' WHEN _base64 IS NOT NULL THEN 'base64' END AS _raw_encoding,"
        + " coalesce(json_valid(_value), false) AS _valid FROM " + rows + "))))", params);
  }

  /** A record's row of {@link #RECORDS}: the value as text, or in base64 when it is not UTF-8. */
  private List<Object> values(StreamRecord record) {
    String text = null;
    String base64 = null;
    if (record.value() != null) {
      try {
        text = utf8.decode(ByteBuffer.wrap(record.value())).toString();
      } catch (CharacterCodingException e) {
        base64 = Base64.getEncoder().encodeToString(record.value());
      }
    }
    return java.util.Arrays.asList(record.topic(), record.partition(), record.offset(), text, base64);
  }

  private long currentVersion() {
    return lake.describe(format.raw()).map(DatasetInfo::version).orElse(0L);
  }

  private static String key(TopicPartition tp) {
    return OFFSET_PREFIX + tp.topic() + "." + tp.partition();
  }

  /** The offsets in a raw dataset's properties; a topic may contain dots, the partition is after the last one. */
  static Map<TopicPartition, Long> offsets(Map<String, String> properties) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    properties.forEach((key, value) -> {
      int dot = key.lastIndexOf('.');
      if (key.startsWith(OFFSET_PREFIX) && dot > OFFSET_PREFIX.length()) {
        offsets.put(new TopicPartition(key.substring(OFFSET_PREFIX.length(), dot),
            Integer.parseInt(key.substring(dot + 1))), Long.parseLong(value));
      }
    });
    return offsets;
  }
}
