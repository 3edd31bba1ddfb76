package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.stream.BufferHints;
import dev.takwimu.core.stream.StreamRecord;
import dev.takwimu.core.stream.StreamSink;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.safaricom.MpesaStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takwimu curate} and {@code features} pick up what was streamed into the lake, beside the batch exports. */
class StreamedCurateCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private static StreamRecord record(long offset, String txnId, String amount) {
    String json = "{\"txn_id\":\"" + txnId + "\",\"cust_id\":\"C0005\",\"amount\":" + amount
        + ",\"channel\":\"USSD\",\"timestamp\":\"2024-12-01 10:00:00\"}";
    return new StreamRecord("mpesa", 0, offset, json.getBytes(StandardCharsets.UTF_8), Instant.now());
  }

  @Test
  void curateAndFeaturesCountStreamedTransactionsOnceAndDatasetsListsTheStream() throws IOException {
    Path lake = temp.resolve("lake");
    Path input = TakwimuCliTest.seedReport(temp);
    succeeds("pipeline", "--lake", lake, "--input", input, "--as-of", "2025-01-01", "--no-models");
    Map<String, Long> before = rowCounts(lake);
    try (Backend backend = Backends.open(Map.of(Backends.LAKE, lake.toString()));
        StreamSink sink = ((SupportsStreaming) backend).streams().open(MpesaStream.TRANSACTIONS, BufferHints.DEFAULT)) {
      sink.putAll(List.of(record(0, "S000000000001", "250.0"), record(1, "S000000000001", "250.0"),
          record(2, "T000612", "99.0"), record(3, "S000000000002", "-5"), record(4, "S000000000003", "12.5")));
      sink.flush();
    }

    String curated = succeeds("curate", "--lake", lake).out();
    assertThat(curated).contains("curate-transactions -> curated/transactions (version 2): 1020 rows in, 1017 out,"
        + " 3 quarantined", "quarantined 2 rows broke unique(txn_id)",
        "quarantined 1 rows broke positive_number(amount)");
    succeeds("features", "--lake", lake, "--as-of", "2025-01-01");
    Map<String, Long> after = rowCounts(lake);
    Map<String, Long> expected = new LinkedHashMap<>(before);
    expected.put("raw/transactions_stream", 5L);
    expected.put("curated/transactions", 1017L);
    expected.put("quarantine/transactions", 3L);
    assertThat(after).containsExactlyInAnyOrderEntriesOf(expected);
    JsonNode nakuru = null;
    for (JsonNode county : JSON.readTree(succeeds("insights", "--lake", lake, "--name", "total-transactions-by-county",
        "--format", "json").out()).get("total-transactions-by-county")) {
      if (county.get("county").asText().equals("Nakuru")) {
        nakuru = county;
      }
    }
    assertThat(nakuru).isNotNull();
    assertThat(nakuru.get("total_transactions").asLong()).isEqualTo(180 + 2);
  }

  private static Map<String, Long> rowCounts(Path lake) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (JsonNode dataset : JSON.readTree(succeeds("datasets", "--lake", lake, "--format", "json").out())) {
      rows.put(dataset.get("zone").asText() + "/" + dataset.get("name").asText(), dataset.get("rows").asLong());
    }
    return rows;
  }
}
