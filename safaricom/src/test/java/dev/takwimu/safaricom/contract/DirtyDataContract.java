package dev.takwimu.safaricom.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.Row;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed exports with rows appended that each break one rule of the Safaricom pipeline (and one that breaks two): each
 * must land in quarantine with the rule's name and its position in the file, and everything else must be curated.
 */
public abstract class DirtyDataContract extends SafaricomContractSupport {
  private static final int SEED_CUSTOMERS = 19;
  private static final int SEED_TRANSACTIONS = 1015;
  private static final int SEED_LOANS = 67;
  private static final String CUSTOMER_REFERENCE = "reference(cust_id -> customers.customer_id)";
  private static final String LOAN_REFERENCE = "reference(customer_id -> customers.customer_id)";
  private static final String MONEY = "money_below_1e12";

  /** Appended customer records, in file order, and the rules each breaks ({@code null}: kept). */
  private static final List<String[]> DIRTY_CUSTOMERS = List.of(
      new String[] {",Empty Id,Nairobi,2022-01-01,,Active", "not_empty(customer_id)"},
      new String[] {"C0100,Bad Day,Nairobi,2024-02-30,,Active", "valid_date(registration_date)"},
      new String[] {"C0101,Slashes,Nairobi,2024/01/11,,Active", "valid_date(registration_date)"},
      new String[] {"C0102,Short Date,Nairobi,2024-1-11,,Active", "valid_date(registration_date)"},
      new String[] {"C0103,Dormant,Nairobi,2022-01-01,,Dormant", "accepted_values(status)"},
      new String[] {"C0104,Bad Deactivation,Nairobi,2022-01-01,yesterday,Inactive",
          "valid_date_or_empty(deactivation_date)"},
      new String[] {"C0105,Two Faults,Nairobi,not-a-date,,Zombie",
          "valid_date(registration_date); accepted_values(status)"},
      new String[] {"C0001,Duplicate,Mombasa,2023-05-18,,Active", "unique(customer_id)"},
      new String[] {"C0106,First Invalid,Nairobi,2024-13-01,,Active", "valid_date(registration_date)"},
      new String[] {"C0106,Second Valid,Nairobi,2022-02-02,,Active", null},
      new String[] {"C0107,Shouting,Nairobi,2022-03-03,,ACTIVE", null},
      new String[] {"C0108,Town Not County,Thika,2022-03-03,,active", null},
      new String[] {"C0109,  Padded  ,  Nairobi  , 2022-04-04 ,,Inactive", null});

  private static final List<String[]> DIRTY_TRANSACTIONS = List.of(
      new String[] {",C0001,100,Agent,2024-04-22 08:18:00", "not_empty(txn_id)"},
      new String[] {"TX001,C0001,abc,Agent,2024-04-22 08:18:00", "positive_number(amount)"},
      new String[] {"TX002,C0001,-5,Agent,2024-04-22 08:18:00", "positive_number(amount)"},
      new String[] {"TX003,C0001,0,Agent,2024-04-22 08:18:00", "positive_number(amount)"},
      new String[] {"TX004,C0001,nan,Agent,2024-04-22 08:18:00", "positive_number(amount)"},
      new String[] {"TX005,C0001,inf,Agent,2024-04-22 08:18:00", "positive_number(amount)"},
      new String[] {"TX006,C0001,1_000,Agent,2024-04-22 08:18:00", "positive_number(amount)"},
      new String[] {"TX007,C0001,100,Agent,2024-02-30 10:00:00", "valid_timestamp(timestamp)"},
      new String[] {"TX008,C0001,100,Agent,22/04/2024 08:18", "valid_timestamp(timestamp)"},
      new String[] {"TX009,C9999,100,Agent,2024-04-22 08:18:00", CUSTOMER_REFERENCE},
      new String[] {"TX010,C0100,100,Agent,2024-04-22 08:18:00", CUSTOMER_REFERENCE},
      new String[] {"TX011,C9999,-1,Agent,2024-04-22 08:18:00", "positive_number(amount); " + CUSTOMER_REFERENCE},
      new String[] {"T000612,C0012,145.05,M-PESA App,2024-04-22 08:18:00", "unique(txn_id)"},
      new String[] {"TX012,C0001,abc,Agent,2024-05-01 10:00:00", "positive_number(amount)"},
      new String[] {"TX012,C0002,50,Agent,2024-05-01 10:00:00", null},
      new String[] {"TX013,C0001,77.5,Agent,2024-04-22T05:18:00Z", null},
      new String[] {"TX014,C0106,12,USSD,2024-05-05 05:05:05", null},
      new String[] {"TX015,C0107,30,Agent,2024-04-22T08:18:00+03:00", null},
      new String[] {"TX016,C0001, 42 ,Agent,2024-04-22 23:59:59", null},
      new String[] {"TX017,C0001,10,Agent,2024-04-22T23:30:00Z", null},
      new String[] {"TX018,C0001,1e14,Agent,2024-04-22 08:18:00", MONEY + "(amount)"},
      new String[] {"TX019,C0001,1E15,Agent,2024-04-22 08:18:00", MONEY + "(amount)"},
      new String[] {"TX020,C0001,1000000000000,Agent,2024-04-22 08:18:00", MONEY + "(amount)"},
      new String[] {"TX021,C0002,999999999999.5,Agent,2024-04-22 08:18:00", null});

  private static final List<String[]> DIRTY_LOANS = List.of(
      new String[] {",C0001,100,2024-01-11,100,True,2024-01-25", "not_empty(loan_id)"},
      new String[] {"LX01,C0001,abc,2024-01-11,,False,", "positive_number(loan_amount)"},
      new String[] {"LX02,C0001,0,2024-01-11,,False,", "positive_number(loan_amount)"},
      new String[] {"LX03,C0001,100,2024/01/11,,False,", "valid_date(loan_date)"},
      new String[] {"LX04,C0001,100,2024-01-11,100,maybe,2024-01-25", "valid_boolean(repaid)"},
      new String[] {"LX05,C0001,100,2024-01-11,-5,True,2024-01-25", "non_negative_number_or_empty(repaid_amount)"},
      new String[] {"LX06,C0001,100,2024-01-11,100,True,2024-1-25", "valid_date_or_empty(repaid_date)"},
      new String[] {"LX07,C9999,100,2024-01-11,,False,", LOAN_REFERENCE},
      new String[] {"L00001,C0001,4758.47,2024-01-11,4758.47,True,2024-01-25", "unique(loan_id)"},
      new String[] {"LX10,C0001,-1,2024-01-11,100,nope,2024-01-25", "positive_number(loan_amount); valid_boolean(repaid)"},
      new String[] {"LX08,C0001,100,2024-01-11,,yes,", null},
      new String[] {"LX09,C0001,100,2024-01-11,0,0,", null},
      new String[] {"LX11,C0001,100,2024-01-11,nan,True,2024-01-20", "non_negative_number_or_empty(repaid_amount)"},
      new String[] {"LX12,C0001,1e14,2024-01-11,,False,", MONEY + "(loan_amount)"},
      new String[] {"LX13,C0001,100,2024-01-11,1e15,True,2024-01-20", MONEY + "(repaid_amount)"},
      new String[] {"LX14,C0002,999999999999,2024-01-11,999999999999,True,2024-01-20", null});

  protected List<StageReport> reports;

  @BeforeEach
  void ingestDirtyExportsAndRunThePipeline() throws IOException {
    Path delivery = Files.createDirectories(workDirectory.resolve("dirty"));
    String customers = seedText(RawExport.CUSTOMERS.fileName());
    // the header as another export tool writes it: padded, spaced, upper case
    customers = " Customer ID ,Name,County,Registration Date,Deactivation_Date,STATUS"
        + customers.substring(customers.indexOf('\n') - (customers.contains("\r\n") ? 1 : 0));
    writeDirty(delivery.resolve(RawExport.CUSTOMERS.fileName()), customers, DIRTY_CUSTOMERS);
    // columns named like ones DuckDB or the stage runner use, with one RowID for every row (issue 11)
    addColumns(delivery.resolve(RawExport.CUSTOMERS.fileName()), ",RowID,tk_valid,tk_checked,Notes", ",1,false,x,seen");
    writeDirty(delivery.resolve(RawExport.TRANSACTIONS.fileName()), seedText(RawExport.TRANSACTIONS.fileName()),
        DIRTY_TRANSACTIONS);
    writeDirty(delivery.resolve(RawExport.LOANS.fileName()), seedText(RawExport.LOANS.fileName()), DIRTY_LOANS);
    ingestAll(delivery);
    reports = runPipeline(SEED_AS_OF);
  }

  private static void writeDirty(Path file, String seed, List<String[]> dirty) throws IOException {
    String newline = seed.contains("\r\n") ? "\r\n" : "\n";
    StringBuilder text = new StringBuilder(seed);
    if (!seed.endsWith(newline)) {
      text.append(newline);
    }
    dirty.forEach(line -> text.append(line[0]).append(newline));
    Files.writeString(file, text);
  }

  /** Appends {@code header} to the file's first line and {@code values} to every other line. */
  private static void addColumns(Path file, String header, String values) throws IOException {
    String text = Files.readString(file);
    String newline = text.contains("\r\n") ? "\r\n" : "\n";
    List<String> lines = List.of(text.split(newline));
    StringBuilder out = new StringBuilder(lines.get(0)).append(header).append(newline);
    lines.subList(1, lines.size()).forEach(line -> out.append(line).append(values).append(newline));
    Files.writeString(file, out);
  }

  /** Record number (1-based, header excluded) to the rules the record breaks, for the appended records that break any. */
  private static Map<Long, String> expectedRejects(int seedRecords, List<String[]> dirty) {
    Map<Long, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < dirty.size(); i++) {
      if (dirty.get(i)[1] != null) {
        expected.put((long) seedRecords + i + 1, dirty.get(i)[1]);
      }
    }
    return expected;
  }

  private void assertQuarantine(RawExport export, String stage, int seedRecords, List<String[]> dirty) {
    DatasetId quarantine = DatasetId.of(Zone.QUARANTINE, export.dataset().name());
    Map<Long, String> rejectedBy = new HashMap<>();
    try (Stream<Row> rows = lake().stream(quarantine)) {
      rows.forEach(r -> {
        assertThat(r.getString("_source_file")).isEqualTo(export.fileName());
        assertThat(r.getString("_stage")).isEqualTo(stage);
        assertThat(rejectedBy.put(r.getLong("_record_number"), r.getString("_rejected_by")))
            .as("record %s quarantined twice", r.get("_record_number")).isNull();
      });
    }
    assertThat(rejectedBy).as(quarantine.toString())
        .containsExactlyInAnyOrderEntriesOf(expectedRejects(seedRecords, dirty));

    long raw = count(export.dataset());
    long curated = count(DatasetId.of(Zone.CURATED, export.dataset().name()));
    assertThat(raw).isEqualTo(seedRecords + dirty.size());
    assertThat(raw).as(export.dataset().name()).isEqualTo(curated + rejectedBy.size());
    StageReport report = report(reports, stage);
    assertThat(report.rowsIn()).isEqualTo(raw);
    assertThat(report.rowsOut()).isEqualTo(curated);
    assertThat(report.rowsQuarantined()).isEqualTo(rejectedBy.size());
    Map<String, Long> byRule = new HashMap<>();
    rejectedBy.values().forEach(rules -> {
      for (String rule : rules.split("; ")) {
        byRule.merge(rule, 1L, Long::sum);
      }
    });
    byRule.forEach((rule, rows) -> assertThat(report.quarantinedByRule()).containsEntry(rule, rows));
    assertThat(report.quarantinedByRule().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(byRule.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void badCustomersAreQuarantinedByTheRuleTheyBreak() {
    assertQuarantine(RawExport.CUSTOMERS, "curate-customers", SEED_CUSTOMERS, DIRTY_CUSTOMERS);
    Row raw = firstRow(DatasetId.of(Zone.QUARANTINE, "customers"), "_record_number", SEED_CUSTOMERS + 2L);
    assertThat(raw.getString("customer_id")).isEqualTo("C0100");
    assertThat(raw.getString("registration_date")).isEqualTo("2024-02-30");
    assertThat(raw.asMap()).containsEntry("rowid", "1").containsEntry("tk_valid", "false")
        .containsEntry("tk_checked", "x").containsEntry("notes", "seen");
  }

  @Test
  void badTransactionsAreQuarantinedByTheRuleTheyBreak() {
    assertQuarantine(RawExport.TRANSACTIONS, "curate-transactions", SEED_TRANSACTIONS, DIRTY_TRANSACTIONS);
    assertThat(firstRow(DatasetId.of(Zone.QUARANTINE, "transactions"), "_record_number", SEED_TRANSACTIONS + 7L)
        .getString("amount")).isEqualTo("1_000");
  }

  @Test
  void badLoansAreQuarantinedByTheRuleTheyBreak() {
    assertQuarantine(RawExport.LOANS, "curate-loans", SEED_LOANS, DIRTY_LOANS);
  }

  @Test
  void acceptedValuesAreNormalizedAndTheFirstValidOccurrenceIsKept() {
    Row c0106 = firstRow(SafaricomPipeline.CUSTOMERS, "customer_id", "C0106");
    assertThat(c0106.getString("name")).isEqualTo("Second Valid");
    assertThat(c0106.getLong("_record_number")).isEqualTo(SEED_CUSTOMERS + 10L);
    assertThat(firstRow(SafaricomPipeline.CUSTOMERS, "customer_id", "C0107").getString("status")).isEqualTo("Active");
    assertThat(firstRow(SafaricomPipeline.CUSTOMERS, "customer_id", "C0108").getString("status")).isEqualTo("Active");
    Row padded = firstRow(SafaricomPipeline.CUSTOMERS, "customer_id", "C0109");
    assertThat(padded.asMap()).containsEntry("name", "Padded").containsEntry("county", "Nairobi")
        .containsEntry("registration_date", LocalDate.parse("2022-04-04")).containsEntry("deactivation_date", null)
        .containsEntry("status", "Inactive");
    assertThat(firstRow(SafaricomPipeline.CUSTOMERS, "customer_id", "C0001").getString("name"))
        .isEqualTo("Wanjiku Kamau");
    assertThat(rowsOf(SafaricomPipeline.CUSTOMERS)).extracting(r -> r.get("status")).containsOnly("Active", "Inactive");
    // seed: Thika 3, Kitale 2, Eldoret 2; appended: one more in Thika
    assertThat(report(reports, "curate-customers").warnings()).containsExactly(entry("kenyan_county(county)", 8L));

    Row offsetUtc = firstRow(SafaricomPipeline.TRANSACTIONS, "txn_id", "TX013");
    assertThat(offsetUtc.get("txn_timestamp")).isEqualTo(LocalDateTime.parse("2024-04-22T08:18:00"));
    assertThat(offsetUtc.get("txn_date")).isEqualTo(LocalDate.parse("2024-04-22"));
    assertThat(firstRow(SafaricomPipeline.TRANSACTIONS, "txn_id", "TX015").get("txn_timestamp"))
        .isEqualTo(LocalDateTime.parse("2024-04-22T08:18:00"));
    Row nextDayInNairobi = firstRow(SafaricomPipeline.TRANSACTIONS, "txn_id", "TX017");
    assertThat(nextDayInNairobi.get("txn_timestamp")).isEqualTo(LocalDateTime.parse("2024-04-23T02:30:00"));
    assertThat(nextDayInNairobi.get("txn_date")).isEqualTo(LocalDate.parse("2024-04-23"));
    assertThat(firstRow(SafaricomPipeline.TRANSACTIONS, "txn_id", "TX012").getString("customer_id")).isEqualTo("C0002");
    assertThat(firstRow(SafaricomPipeline.TRANSACTIONS, "txn_id", "TX016").getDouble("amount")).isEqualTo(42.0);
    assertThat(firstRow(SafaricomPipeline.TRANSACTIONS, "txn_id", "T000612").getLong("_record_number")).isEqualTo(1L);

    Row yes = firstRow(SafaricomPipeline.LOANS, "loan_id", "LX08");
    assertThat(yes.asMap()).containsEntry("repaid", true).containsEntry("repaid_amount", 0.0)
        .containsEntry("repaid_date", null);
    assertThat(firstRow(SafaricomPipeline.LOANS, "loan_id", "LX09").asMap()).containsEntry("repaid", false)
        .containsEntry("repaid_amount", 0.0);
    assertThat(firstRow(SafaricomPipeline.LOANS, "loan_id", "L00001").getLong("_record_number")).isEqualTo(1L);
  }

  @Test
  void amountsTheFeaturesCannotHoldAreQuarantinedAndTheInsightsStillRun() {
    assertThat(report(reports, "curate-transactions").quarantinedByRule()).containsEntry(MONEY + "(amount)", 3L);
    assertThat(report(reports, "curate-loans").quarantinedByRule()).containsEntry(MONEY + "(loan_amount)", 1L)
        .containsEntry(MONEY + "(repaid_amount)", 1L);
    Row c0002 = firstRow(SafaricomPipeline.CUSTOMER_FEATURES, "customer_id", "C0002");
    assertThat(c0002.getDouble("total_txn_amount")).isGreaterThan(999_999_999_999.0).isLessThan(1e12 + 1e6);
    assertThat(c0002.getDouble("total_loan_amount")).isGreaterThan(999_999_999_999.0).isLessThan(1e12 + 1e6);
    for (InsightQuery<?> query : SafaricomInsights.ALL) {
      assertThat(backend.insights().runUntyped(query).rows()).as(query.name()).isNotEmpty();
    }
    assertThat(backend.insights().run(SafaricomInsights.TOTAL_TRANSACTION_AMOUNT).get(0).totalTransactionAmount())
        .isGreaterThan(1e12);
  }

  private Row firstRow(DatasetId id, String column, Object value) {
    try (Stream<Row> rows = lake().stream(id)) {
      List<Row> matching = rows.filter(r -> value.equals(r.get(column))).toList();
      assertThat(matching).as("%s rows with %s = %s", id, column, value).hasSize(1);
      return matching.get(0);
    }
  }
}
