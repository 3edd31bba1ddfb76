package dev.takwimu.safaricom.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.MpesaStream;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Streamed transactions ({@code raw/transactions_stream}, written here as a stream sink or a Firehose collect step
 * would) curated together with the batch export: each txn_id once, the first valid occurrence by arrival kept, the
 * rest quarantined, and features and insights counting both.
 */
public abstract class StreamedTransactionsContract extends SafaricomContractSupport {
  private static final DatasetId STREAM = MpesaStream.TRANSACTIONS.raw();
  private static final Schema STREAM_SCHEMA = MpesaStream.TRANSACTIONS.rawSchema();
  private static final DatasetId QUARANTINE = DatasetId.of(Zone.QUARANTINE, "transactions");
  private static final String TOPIC = "mpesa";
  private static final String REFERENCE = "reference(cust_id -> customers.customer_id)";
  private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** A batch id as ingest and the stream sinks make them, for a flush {@code seconds} from now. */
  private static String batchId(long seconds) {
    return "b" + BATCH_TIME.format(Instant.now().plusSeconds(seconds)) + "-0001";
  }

  private static List<Object> record(int partition, long offset, String batch, String txnId, String customer,
      String amount, String timestamp) {
    return row(txnId, customer, amount, "USSD", timestamp, TOPIC, partition, offset, batch);
  }

  @Test
  void batchAndStreamedTransactionsAreCuratedTogetherEachTxnIdOnce() {
    String beforeTheExport = batchId(-60);
    // streamed before the export arrived, so this copy of T000048 (same customer and amount) is the one kept
    append(STREAM, STREAM_SCHEMA,
        record(0, 0, beforeTheExport, "T000048", "C0001", "62.14", "2024-02-13 05:13:00"));
    List<IngestReport> ingested = ingestAll(copySeed("seed"));
    String first = batchId(1);
    String second = batchId(2);
    assertThat(List.of(beforeTheExport, ingested.get(1).batchId(), first, second)).isSorted();
    append(STREAM, STREAM_SCHEMA,
        record(0, 1, first, "S000000000001", "C0005", "250.00", "2024-12-01 10:00:00"),
        record(0, 2, first, "T000612", "C0005", "99.00", "2024-12-01 10:01:00"),
        record(0, 3, first, "S000000000002", "C0005", "-5", "2024-12-01 10:02:00"),
        record(0, 4, first, "S000000000003", "C0005", "10", "yesterday"),
        record(1, 0, first, "S000000000004", "C9999", "10", "2024-12-01 10:04:00"),
        record(1, 1, first, "S000000000005", "C0005", "120.50", "2024-12-01T07:05:00Z"));
    append(STREAM, STREAM_SCHEMA,
        // delivered again in a later batch, as Firehose may
        record(0, 1, second, "S000000000001", "C0005", "250.00", "2024-12-01 10:00:00"),
        // one transaction at two offsets, as a producer's retry makes
        record(0, 5, second, "S000000000006", "C0005", "75.25", "2024-12-02 09:00:00"),
        record(0, 6, second, "S000000000006", "C0005", "75.25", "2024-12-02 09:00:00"),
        // the invalid S000000000002 above claimed nothing: this one is kept
        record(0, 7, second, "S000000000002", "C0005", "5", "2024-12-02 09:30:00"));

    StageReport curate = report(runPipeline(SEED_AS_OF), "curate-transactions");

    assertThat(curate.inputRows()).containsEntry(RawExport.TRANSACTIONS.dataset(), 1015L).containsEntry(STREAM, 11L);
    assertThat(List.of(curate.rowsIn(), curate.rowsOut(), curate.rowsQuarantined()))
        .containsExactly(1026L, 1015L - 1 + 5, 7L);
    assertThat(count(SafaricomPipeline.TRANSACTIONS) + count(QUARANTINE)).isEqualTo(1015 + count(STREAM));
    assertThat(curate.quarantinedByRule()).containsEntry("positive_number(amount)", 1L)
        .containsEntry("valid_timestamp(timestamp)", 1L).containsEntry(REFERENCE, 1L)
        .containsEntry("unique(txn_id)", 4L).containsEntry("not_empty(txn_id)", 0L);
    assertThat(lake().describe(SafaricomPipeline.TRANSACTIONS).orElseThrow().properties().get("inputs"))
        .isEqualTo("raw/transactions@v" + version(RawExport.TRANSACTIONS.dataset()) + ",raw/transactions_stream@v"
            + version(STREAM) + ",curated/customers@v" + version(SafaricomPipeline.CUSTOMERS));

    Function<Map<String, Object>, String> where = r -> r.get("txn_id") + " " + (r.get("_topic") == null
        ? r.get("_source_file") + "#" + r.get("_record_number")
        : r.get("_topic") + "-" + r.get("_partition") + "@" + r.get("_offset")
            + (r.get("_batch_id").equals(second) ? " again" : ""));
    assertThat(rowsOf(QUARANTINE).stream().collect(Collectors.toMap(where, r -> r.getOrDefault("_rejected_by", ""))))
        .containsOnly(
            entry("T000048 mpesatransactionsdata.csv#2", "unique(txn_id)"),
            entry("T000612 mpesa-0@2", "unique(txn_id)"),
            entry("S000000000002 mpesa-0@3", "positive_number(amount)"),
            entry("S000000000003 mpesa-0@4", "valid_timestamp(timestamp)"),
            entry("S000000000004 mpesa-1@0", REFERENCE),
            entry("S000000000001 mpesa-0@1 again", "unique(txn_id)"),
            entry("S000000000006 mpesa-0@6 again", "unique(txn_id)"));
    List<Map<String, Object>> curated = rowsWhere(SafaricomPipeline.TRANSACTIONS,
        r -> r.getString("txn_id").startsWith("S") || List.of("T000048", "T000612").contains(r.getString("txn_id")))
        .stream().map(Row::asMap).toList();
    assertThat(curated.stream().map(where).sorted()).containsExactly(
        "S000000000001 mpesa-0@1", "S000000000002 mpesa-0@7 again", "S000000000005 mpesa-1@1",
        "S000000000006 mpesa-0@5 again", "T000048 mpesa-0@0", "T000612 mpesatransactionsdata.csv#1");
    Map<String, Object> s5 = curated.stream().filter(r -> r.get("txn_id").equals("S000000000005")).findFirst()
        .orElseThrow();
    assertThat(s5).containsEntry("customer_id", "C0005").containsEntry("amount", 120.5)
        .containsEntry("txn_timestamp", LocalDateTime.parse("2024-12-01T10:05:00"))
        .containsEntry("_source_file", null).containsEntry("_record_number", null).containsEntry("_batch_id", first);

    // features and insights count both: C0005 (Nakuru) has four more transactions, Mombasa's T000048 is the
    // streamed copy of the same transaction, so its county's count is unchanged
    long seedC0005 = seedTransactions().filter(line -> line[1].equals("C0005")).count();
    Row c0005 = rowsWhere(SafaricomPipeline.CUSTOMER_FEATURES, r -> r.get("customer_id").equals("C0005")).get(0);
    assertThat(c0005.getLong("txn_count")).isEqualTo(seedC0005 + 4);
    assertThat(c0005.get("last_txn_date")).hasToString("2024-12-02");
    Map<String, Long> byCounty = new java.util.HashMap<>();
    backend.insights().run(SafaricomInsights.TOTAL_TRANSACTIONS_BY_COUNTY)
        .forEach(c -> byCounty.put(c.county(), c.totalTransactions()));
    assertThat(byCounty).containsEntry("Nakuru", 180L + 4).containsEntry("Mombasa", 240L).containsEntry("Kisii", 160L);
    BigDecimal seedAmount = seedTransactions().map(line -> new BigDecimal(line[2])).reduce(BigDecimal.ZERO,
        BigDecimal::add);
    assertThat(BigDecimal.valueOf(backend.insights().run(SafaricomInsights.TOTAL_TRANSACTION_AMOUNT).get(0)
        .totalTransactionAmount())).isEqualByComparingTo(seedAmount.add(new BigDecimal("450.75")));
  }

  @Test
  void transactionsThatOnlyArriveByStreamAreCuratedWithoutABatchExport() {
    backend.ingestor().ingest(RawExport.CUSTOMERS.in(copySeed("seed")));
    String batch = batchId(0);
    append(STREAM, STREAM_SCHEMA,
        record(0, 0, batch, "S000000000001", "C0005", "250.00", "2024-12-01 10:00:00"),
        record(0, 1, batch, "S000000000001", "C0005", "250.00", "2024-12-01 10:00:00"),
        record(0, 2, batch, "S000000000002", "C0001", "abc", "2024-12-01 10:00:00"));

    backend.stages().run(SafaricomPipeline.curateCustomers());
    StageReport curate = backend.stages().run(SafaricomPipeline.curateTransactions());

    assertThat(curate.inputRows()).containsEntry(RawExport.TRANSACTIONS.dataset(), 0L).containsEntry(STREAM, 3L);
    assertThat(List.of(curate.rowsIn(), curate.rowsOut(), curate.rowsQuarantined())).containsExactly(3L, 1L, 2L);
    assertThat(rowsOf(SafaricomPipeline.TRANSACTIONS)).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("txn_id", "S000000000001").containsEntry("_offset", 0L));
    assertThat(lake().describe(SafaricomPipeline.TRANSACTIONS).orElseThrow().properties().get("inputs"))
        .startsWith("raw/transactions@none,raw/transactions_stream@v1,");
    assertThat(lake().describe(RawExport.TRANSACTIONS.dataset())).isEmpty();
  }

  private List<Row> rowsWhere(DatasetId id, java.util.function.Predicate<Row> filter) {
    try (Stream<Row> rows = lake().stream(id)) {
      return new ArrayList<>(rows.filter(filter).toList());
    }
  }

  /** The seed export's records as fields (it has no quoted fields). */
  private static Stream<String[]> seedTransactions() {
    return seedText(RawExport.TRANSACTIONS.fileName()).lines().skip(1).filter(line -> !line.isBlank())
        .map(line -> line.split(","));
  }
}
