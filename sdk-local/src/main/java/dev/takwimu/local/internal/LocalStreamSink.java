package dev.takwimu.local.internal;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.WriteOptions;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends stream records to a raw dataset and its quarantine in one commit per flush, recording each partition's next
 * offset ({@value #OFFSET_PREFIX}{@code <topic>.<partition>}) in the raw dataset's properties. The commit is fenced
 * under the datasets' locks: when the lake already holds an offset the flush would write (another writer got there
 * first), it commits nothing and the flush starts over without the records now committed. With compaction options,
 * a flush that committed is followed, on the same thread, by a compaction of the raw and quarantine datasets that
 * rewrites their small files once a partition holds {@link CompactionOptions#minFiles()} of them.
 */
public final class LocalStreamSink implements StreamSink {
  /** Prefix of the raw dataset's properties holding each partition's next offset. */
  public static final String OFFSET_PREFIX = "stream.offset.";

  private static final Logger LOG = LoggerFactory.getLogger(LocalStreamSink.class);

  private final DuckDb duck;
  private final LocalLakeStore lake;
  private final StreamFormat format;
  private final Clock clock;
  private final CompactionOptions compaction;
  private final StreamBuffer buffer;
  private boolean closed;
  private Runnable beforeCommit = () -> {};
  private Consumer<FlushReport> listener = report -> {};

  public LocalStreamSink(DuckDb duck, LocalLakeStore lake, StreamFormat format, BufferHints hints, Clock clock) {
    this(duck, lake, format, hints, clock, null);
  }

  /** A sink that compacts after a committed flush when a dataset holds enough small files (null: never). */
  public LocalStreamSink(DuckDb duck, LocalLakeStore lake, StreamFormat format, BufferHints hints, Clock clock,
      CompactionOptions compaction) {
    this.duck = duck;
    this.lake = lake;
    this.format = format;
    this.clock = clock;
    this.compaction = compaction;
    this.buffer = new StreamBuffer(hints, clock);
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
    FlushReport report = flushLocked();
    if (report.records() > 0) {
      listener.accept(report);
    }
    if (report.committed() && compaction != null) {
      compact(format.raw());
      compact(format.quarantine());
    }
    return report;
  }

  /**
   * Compacts a dataset when it holds enough small files. A failure is logged, not thrown: the flush is committed and
   * the next flush tries again.
   */
  private void compact(dev.takwimu.core.DatasetId id) {
    try {
      lake.compactIfExists(id, compaction).filter(CompactionReport::compacted).ifPresent(r -> LOG.debug(
          "compacted {}: {} files -> {}, {} rows, v{} -> v{}, {} ms", id, r.filesBefore(), r.filesAfter(), r.rows(),
          r.versionBefore(), r.version(), r.duration().toMillis()));
    } catch (RuntimeException e) {
      LOG.warn("Cannot compact {} after a flush (the flush is committed; the next one tries again): {}", id,
          e.getMessage());
    }
  }

  private FlushReport flushLocked() {
    long started = System.nanoTime();
    duck.lock().lock();
    try {
      while (true) {
        List<StreamRecord> fresh = buffer.fresh(committedOffsets());
        FlushReport report = fresh.isEmpty() ? new FlushReport(buffer.size(), 0, 0, buffer.size(), Map.of(), null,
            currentVersion(), Duration.ofNanos(System.nanoTime() - started)) : commit(fresh, started);
        if (report != null) {
          buffer.clear();
          return report;
        }
      }
    } finally {
      duck.lock().unlock();
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
    try (StreamRecords records = StreamRecords.load(duck, format, fresh)) {
      long quarantined = records.rejected();
      List<LocalLakeStore.PreparedWrite> writes = new ArrayList<>();
      try {
        writes.add(lake.prepare(format.raw(), records.rowsSql(), records.rowsParams(batchId),
            WriteOptions.append().withProperties(properties), fenced));
        if (quarantined > 0) {
          writes.add(lake.prepare(format.quarantine(), records.rejectedSql(), List.of(batchId),
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
    }
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
