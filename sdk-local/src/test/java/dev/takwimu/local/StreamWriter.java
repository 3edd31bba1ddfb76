package dev.takwimu.local;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process {@link StreamSinkKillTest} kills: resumes every partition a little before its committed offset (as a
 * consumer re-delivered records would), puts records in small chunks and lets the sink flush by count; prints
 * {@code started} once the sink is open and {@code done} when every partition is consumed.
 */
public final class StreamWriter {
  static final StreamFormat FORMAT = StreamFormat.of(DatasetId.of(Zone.RAW, "events_stream"),
      DatasetId.of(Zone.QUARANTINE, "events_stream"), List.of("id", "value"));
  static final String TOPIC = "events";
  static final int PARTITIONS = 2;
  static final long OFFSETS = 700;
  static final long REDELIVERED = 25;

  private StreamWriter() {}

  /** Every 37th offset is not JSON. */
  static boolean malformed(long offset) {
    return offset % 37 == 5;
  }

  static StreamRecord record(int partition, long offset) {
    String value = malformed(offset) ? "oops " + offset
        : "{\"id\": \"" + partition + "-" + offset + "\", \"value\": " + offset * 3 + "}";
    return new StreamRecord(TOPIC, partition, offset, value.getBytes(StandardCharsets.UTF_8), Instant.now());
  }

  public static void main(String[] args) {
    try (LocalBackend backend = LocalBackend.builder().lake(Path.of(args[0])).memoryLimit("128MB").threads(1).build();
         StreamSink sink = backend.streams().open(FORMAT, new BufferHints(40, 1 << 20, Duration.ofHours(1)))) {
      Map<TopicPartition, Long> committed = sink.committedOffsets();
      long[] next = new long[PARTITIONS];
      for (int p = 0; p < PARTITIONS; p++) {
        next[p] = Math.max(0, committed.getOrDefault(new TopicPartition(TOPIC, p), 0L) - REDELIVERED);
      }
      System.out.println("started");
      System.out.flush();
      long deadline = System.nanoTime() + 60_000_000_000L; // never outlive a test that forgot to kill it
      while ((next[0] < OFFSETS || next[1] < OFFSETS) && System.nanoTime() < deadline) {
        for (int p = 0; p < PARTITIONS; p++) {
          List<StreamRecord> chunk = new ArrayList<>();
          for (int i = 0; i < 7 && next[p] < OFFSETS; i++) {
            chunk.add(record(p, next[p]++));
          }
          sink.putAll(chunk);
        }
      }
      sink.flush();
      System.out.println("done");
      System.out.flush();
    }
  }
}
