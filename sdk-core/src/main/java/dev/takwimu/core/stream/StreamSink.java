package dev.takwimu.core.stream;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Buffers stream records and appends them to the lake. On the local backend exactly once: each flush is one commit
 * that appends the rows, the rejected records, and the next offset of every partition it covers; records whose offsets
 * the lake already holds are left out, so a consumer that restarts from {@link #committedOffsets()} (or is re-delivered
 * records) never duplicates a row. A sink that delivers through a service such as Kinesis Data Firehose does so at
 * least once: it records the offsets of each fully acknowledged flush in a checkpoint, and rows may repeat since the
 * last one. Not thread-safe: one consumer loop uses it.
 */
public interface StreamSink extends AutoCloseable {

  /** Buffers the record; flushes when a count or size hint is reached or the oldest record is due. */
  void put(StreamRecord record);

  /** Buffers the records in order, flushing as {@link #put} does. */
  default void putAll(Collection<StreamRecord> records) {
    records.forEach(this::put);
  }

  /**
   * Flushes when the buffer reached a hint or its oldest record has waited the buffer interval by {@code now}; call it
   * after every poll, also when the poll returned nothing.
   *
   * @return the flush, or null when none was due
   */
  FlushReport flushIfDue(Instant now);

  /** Commits whatever is buffered; commits nothing when the buffer is empty or every record was committed before. */
  FlushReport flush();

  /**
   * Calls the listener after every flush of a non-empty buffer, also the ones {@link #put} and {@link #close} start,
   * on the thread that flushed, outside the sink's locks; replaces an earlier listener.
   */
  void onFlush(Consumer<FlushReport> listener);

  /** The next offset of every partition, as recorded in the lake or the sink's checkpoint: where a consumer resumes. */
  Map<TopicPartition, Long> committedOffsets();

  /** Records buffered and not yet flushed. */
  int buffered();

  /** Flushes what is buffered. */
  @Override
  void close();
}
