package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Zone;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu compact} on a lake that streamed in small flushes. */
class CompactCommandTest {
  private static final DatasetId RAW = MpesaStream.TRANSACTIONS.raw();
  private static final DatasetId QUARANTINE = MpesaStream.TRANSACTIONS.quarantine();

  @TempDir
  Path temp;

  /** 120 records in flushes of 10, every 20th not JSON: 12 files in raw, 6 in quarantine. */
  private static DatasetInfo streamSmallFlushes(Path lake) {
    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").streamCompaction(null).build();
         StreamSink sink = backend.streams().open(MpesaStream.TRANSACTIONS,
             new BufferHints(10, 1 << 20, Duration.ofHours(1)))) {
      for (long o = 0; o < 120; o++) {
        String value = o % 20 == 3 ? "not json" : String.format("{\"txn_id\":\"S%012d\",\"cust_id\":\"C0000001\","
            + "\"amount\":10.0,\"channel\":\"USSD\",\"timestamp\":\"2025-01-01 00:00:00\"}", o);
        sink.put(new StreamRecord("mpesa", 0, o, value.getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
      }
      sink.flush();
      return backend.lake().describe(RAW).orElseThrow();
    }
  }

  private static DatasetInfo describe(Path lake, DatasetId id) {
    try (LocalBackend backend = LocalBackend.open(lake)) {
      return backend.lake().describe(id).orElseThrow();
    }
  }

  @Test
  void compactsEveryDatasetAndReportsFilesRowsAndVersions() {
    Path lake = temp.resolve("lake");
    DatasetInfo before = streamSmallFlushes(lake);
    assertThat(before.files()).isEqualTo(12);

    TakwimuCliTest.Run run = succeeds("compact", "--lake", lake);

    assertThat(run.out()).contains("quarantine/transactions_stream: 6 files -> 1 (6 rewritten), 6 rows, v6 -> v7, ")
        .contains("raw/transactions_stream: 12 files -> 1 (12 rewritten), 114 rows, v12 -> v13, ")
        .containsPattern("compacted 2 of 2 datasets: 18 files -> 2 in \\d+\\.\\d\\d s\n$");
    assertThat(run.err()).isEmpty();
    DatasetInfo after = describe(lake, RAW);
    assertThat(after.files()).isEqualTo(1);
    assertThat(after.rows()).isEqualTo(114);
    assertThat(after.properties()).isEqualTo(before.properties()).containsEntry("stream.offset.mpesa.0", "120");

    TakwimuCliTest.Run again = succeeds("compact", "--lake", lake, "--datasets", RAW.toString());
    assertThat(again.out()).startsWith("raw/transactions_stream: 1 file, 114 rows, nothing to compact (v13)\n")
        .contains("compacted 0 of 1 dataset: 1 file -> 1 in ");
  }

  @Test
  void minFilesAndTargetSizeDecideWhatIsRewritten() {
    Path lake = temp.resolve("lake");
    streamSmallFlushes(lake);

    assertThat(succeeds("compact", "--lake", lake, "--datasets", RAW, QUARANTINE, "--min-files", 7).out())
        .contains("quarantine/transactions_stream: 6 files, 6 rows, nothing to compact (v6)")
        .contains("raw/transactions_stream: 12 files -> 1 (12 rewritten)");

    streamSmallFlushes(temp.resolve("small-target"));
    long fileBytes = describe(temp.resolve("small-target"), RAW).bytes() / 12;
    succeeds("compact", "--lake", temp.resolve("small-target"), "--datasets", RAW, "--target-size",
        Math.max(CompactionOptions.DEFAULT.withTargetFileBytes(1024).targetFileBytes(), fileBytes * 4));
    assertThat(describe(temp.resolve("small-target"), RAW).files()).isBetween(3L, 6L);
  }

  @Test
  void mistakesFailInOneLine() {
    Path lake = temp.resolve("lake");
    assertThat(fails(1, "compact", "--lake", lake).err()).isEqualTo("takwimu: no lake at " + lake + "\n");
    streamSmallFlushes(lake);
    assertThat(fails(1, "compact", "--lake", lake, "--datasets", "raw/nothing").err())
        .startsWith("takwimu: Dataset raw/nothing does not exist; see 'takwimu datasets --lake ");
    assertThat(fails(2, "compact", "--lake", lake, "--datasets", "nothing").err()).contains("'--datasets'");
    assertThat(fails(2, "compact", "--lake", lake, "--min-files", 1).err())
        .contains("Invalid value for option '--min-files': minFiles must be at least 2, got 1");
    assertThat(fails(2, "compact", "--lake", lake, "--target-size", "big").err())
        .contains("'big' is not a size");
    assertThat(describe(lake, RAW).files()).isEqualTo(12);
  }
}
