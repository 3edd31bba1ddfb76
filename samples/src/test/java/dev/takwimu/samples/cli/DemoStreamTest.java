package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.fails;
import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Row;
import dev.takwimu.local.LocalBackend;
import dev.takwimu.safaricom.MpesaStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu demo --stream}: its own broker, producer and ingestor, then the pipeline and the dashboard. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DemoStreamTest {
  @TempDir
  Path temp;

  @Test
  void streamsTheBooksCustomersIntoRawThenRunsThePipelineAndEndsWithTheDashboard() {
    Path lake = temp.resolve("lake");
    TakwimuCliTest.Run demo = succeeds("demo", "--lake", lake, "--customers", 800, "--dirty-rate", 0.02,
        "--stream", "--stream-count", 3000, "--algorithm", "logistic-regression");
    List<String> lines = demo.out().lines().toList();
    assertThat(demo.out()).containsPattern("broker: Kafka at 127\\.0\\.0\\.1:\\d+ \\(started in ")
        .contains("produce: 3000 records to mpesa-transactions in ", "stream: 3000 records consumed into "
            + "raw/transactions_stream in ", "curate-transactions -> curated/transactions", "Open the dashboard:");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(lake.resolve("dashboard/index.html").toAbsolutePath().toUri().toString());

    Set<String> txnIds = new HashSet<>();
    long quarantined;
    long curatedStreamed;
    try (LocalBackend backend = LocalBackend.builder().lake(lake).memoryLimit("256MB").threads(1).build()) {
      try (Stream<Row> rows = backend.lake().stream(MpesaStream.TRANSACTIONS.raw())) {
        rows.forEach(row -> {
          assertThat(row.getString("txn_id")).startsWith("S");
          // the book's customers: C0000001 to C0000800
          assertThat(Integer.parseInt(row.getString("cust_id").substring(1))).isBetween(1, 800);
          assertThat(txnIds.add(row.getString("txn_id"))).isTrue();
        });
      }
      try (Stream<Row> rows = backend.lake().stream(MpesaStream.TRANSACTIONS.quarantine())) {
        quarantined = rows.count();
      }
      // the pipeline's curate takes the streamed transactions into curated/transactions beside the batch ones
      try (Stream<Row> rows = backend.lake().stream(dev.takwimu.core.DatasetId.parse("curated/transactions"))) {
        curatedStreamed = rows.map(row -> String.valueOf(row.get("txn_id"))).filter(id -> id.startsWith("S")).count();
      }
    }
    assertThat(quarantined).as("about 3 in 5 of 2%% damaged records").isBetween(10L, 80L);
    assertThat(txnIds.size() + quarantined).isEqualTo(3000);
    assertThat(curatedStreamed).as("valid streamed transactions curated").isPositive()
        .isLessThanOrEqualTo(txnIds.size());
    assertThat(demo.out()).contains("stream: 3000 records consumed").contains(" " + txnIds.size()
        + " rows committed, " + quarantined + " quarantined, 0 already in the lake");
  }

  @Test
  void aStreamCountBelowOneIsAUsageError() {
    assertThat(fails(2, "demo", "--lake", temp.resolve("lake"), "--stream", "--stream-count", 0).err())
        .contains("--stream-count must be a positive number, not 0");
  }
}
