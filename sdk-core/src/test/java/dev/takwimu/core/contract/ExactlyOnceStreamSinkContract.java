package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.stream.FlushReport;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.TopicPartition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a sink that commits into raw itself adds to {@link StreamSinkContract}: each flush is one version of the raw
 * dataset recording the partitions' next offsets, and a record whose offset the lake holds is never appended again.
 */
public abstract class ExactlyOnceStreamSinkContract extends StreamSinkContract {

  @Test
  void eachFlushIsOneVersionRecordingTheNextOffsets() {
    try (StreamSink sink = open(LARGE)) {
      sink.putAll(payments("mpesa", 0, 0, 4));
      sink.putAll(payments("mpesa", 1, 10, 12));
      FlushReport first = sink.flush();
      sink.putAll(payments("mpesa", 1, 12, 15));
      FlushReport second = sink.flush();

      assertThat(first.version()).isEqualTo(1);
      assertThat(first.offsets()).containsOnly(Map.entry(new TopicPartition("mpesa", 0), 4L),
          Map.entry(new TopicPartition("mpesa", 1), 12L));
      assertThat(second.version()).isEqualTo(2);
      assertThat(second.rows()).isEqualTo(3);
      assertThat(second.offsets()).containsOnly(Map.entry(new TopicPartition("mpesa", 1), 15L));
      assertThat(sink.committedOffsets()).containsOnly(Map.entry(new TopicPartition("mpesa", 0), 4L),
          Map.entry(new TopicPartition("mpesa", 1), 15L));
      assertThat(count(RAW)).isEqualTo(9);
      assertThat(lake().list()).extracting(DatasetInfo::id).contains(RAW);
    }
  }

  @Test
  void rePuttingCommittedRecordsAddsNothing() {
    try (StreamSink sink = open(LARGE)) {
      sink.putAll(payments("mpesa", 0, 0, 5));
      sink.flush();
      sink.putAll(payments("mpesa", 0, 0, 7));
      sink.put(payment("mpesa", 0, 6)); // twice in one buffer
      FlushReport overlapping = sink.flush();
      sink.putAll(payments("mpesa", 0, 3, 7));
      FlushReport repeated = sink.flush();

      assertThat(overlapping.rows()).isEqualTo(2);
      assertThat(overlapping.alreadyCommitted()).isEqualTo(6);
      assertThat(repeated.committed()).isFalse();
      assertThat(repeated.alreadyCommitted()).isEqualTo(4);
      assertThat(repeated.version()).isEqualTo(2);
      assertThat(version(RAW)).isEqualTo(2);
      assertThat(rowsOf(RAW, "_offset")).extracting(r -> r.get("_offset")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    }
  }
}
