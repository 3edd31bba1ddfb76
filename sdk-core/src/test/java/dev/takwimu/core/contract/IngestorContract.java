package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link dev.takwimu.core.Ingestor} must do with a delivered CSV export: append it to its raw dataset with
 * lineage and every value as delivered, refuse a bad file in one line without appending anything, and never append the
 * same content twice.
 */
public abstract class IngestorContract extends BackendContractSupport {
  protected static final DatasetId RAW = DatasetId.of(Zone.RAW, "deliveries");
  private static final String GOOD = "id,name,amount\n1,Wanjiku,10\n2,Otieno,20\n";

  /** Writes a file into the test's work directory. */
  protected Path file(String name, String content) throws IOException {
    return Files.writeString(workDirectory.resolve(name), content);
  }

  /** Ingests a comma-separated file into {@link #RAW}, requiring {@code id} and {@code name}. */
  protected IngestReport ingest(Path file) {
    return backend.ingestor().ingest(CsvSource.of(file, RAW, List.of("id", "name")));
  }

  @Test
  void appendsEveryRowWithLineageKeepingValuesAsDelivered() throws IOException {
    Path file = file("padded.csv",
        "\uFEFF Customer ID ,Name,Amount\r\nC1,  Wanjiku  ,\" 1,000 \"\r\nC2,\"Said \"\"Sam\"\"\",abc\r\n");
    IngestReport report = backend.ingestor().ingest(CsvSource.of(file, RAW, List.of("customer_id")));

    assertThat(report.file()).isEqualTo("padded.csv");
    assertThat(report.target()).isEqualTo(RAW);
    assertThat(report.rows()).isEqualTo(2);
    assertThat(report.skipped()).isFalse();
    assertThat(report.version()).isEqualTo(1);
    assertThat(lake().describe(RAW).orElseThrow().schema().names())
        .containsExactly("customer_id", "name", "amount", "_source_file", "_record_number", "_batch_id");
    assertThat(rowsOf(RAW, "_record_number")).containsExactly(
        mapOf("customer_id", "C1", "name", "  Wanjiku  ", "amount", " 1,000 ",
            "_source_file", "padded.csv", "_record_number", 1L, "_batch_id", report.batchId()),
        mapOf("customer_id", "C2", "name", "Said \"Sam\"", "amount", "abc",
            "_source_file", "padded.csv", "_record_number", 2L, "_batch_id", report.batchId()));
  }

  @Test
  void normalizesHeaderNamesAndMatchesRequiredColumnsAfterwards() throws IOException {
    Path file = file("headers.csv", " Customer  ID ,NAME,\"Registration Date\"\nC1,Wanjiku,2024-01-05\n");
    backend.ingestor().ingest(CsvSource.of(file, RAW, List.of("customer_id", "registration_date")));

    assertThat(rowsOf(RAW)).singleElement().satisfies(r -> assertThat(r)
        .containsEntry("customer_id", "C1").containsEntry("name", "Wanjiku")
        .containsEntry("registration_date", "2024-01-05"));
  }

  @Test
  void aMissingRequiredColumnIsRefusedInOneLineNamingTheColumnsFound() throws IOException {
    Path file = file("no-id.csv", "Name,Amount\nWanjiku,10\n");

    assertThatThrownBy(() -> ingest(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot ingest no-id.csv into " + RAW + ": column id missing (found: name, amount)");
    assertThatThrownBy(() -> backend.ingestor().ingest(CsvSource.of(file, RAW, List.of("id", "name", "phone"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("columns id, phone missing (found: name, amount)");
    assertThat(lake().describe(RAW)).isEmpty();
  }

  @Test
  void theSameContentIsIngestedOnce() throws IOException {
    IngestReport first = ingest(file("monday.csv", GOOD));
    List<Map<String, Object>> rows = rowsOf(RAW, "_record_number");
    IngestReport again = ingest(file("monday.csv", GOOD));
    IngestReport renamed = ingest(file("monday-copy.csv", GOOD));

    assertThat(first.skipped()).isFalse();
    assertThat(first.rows()).isEqualTo(2);
    assertThat(again.skipped()).isTrue();
    assertThat(again.rows()).isZero();
    assertThat(again.batchId()).isEqualTo(first.batchId());
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(renamed.skipped()).isTrue();
    assertThat(version(RAW)).isEqualTo(1);
    assertThat(rowsOf(RAW, "_record_number")).isEqualTo(rows);

    IngestReport tuesday = ingest(file("tuesday.csv", GOOD + "3,Achieng,30\n"));
    assertThat(tuesday.skipped()).isFalse();
    assertThat(tuesday.batchId()).isNotEqualTo(first.batchId());
    assertThat(tuesday.version()).isEqualTo(2);
    assertThat(count(RAW)).isEqualTo(5);
    assertThat(ingest(file("monday.csv", GOOD)).skipped()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "id,name,amount\n1,a,10\n2,b\n3,c,30\n",
      "id,name,amount\n1,a,10\n2,b,20,EXTRA\n3,c,30\n",
      "id,name,amount\n1,a,10\n2,\"b,20\n3,c,30\n"})
  void aMalformedLineRefusesTheFileNamingItAndTheLineAndNothingIsAppended(String content) throws IOException {
    ingest(file("first.csv", GOOD));

    assertThatThrownBy(() -> ingest(file("broken.csv", content)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.csv")
        .hasMessageContaining("line 3")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(version(RAW)).isEqualTo(1);
    assertThat(count(RAW)).isEqualTo(2);
  }

  @Test
  void recordNumbersArePositionsInTheFileCountingRecordsNotLines() throws IOException {
    ingest(file("multiline.csv", "id,name,amount\n1,\"two\nlines\",10\n2,b,20\n3,\"c, with comma\",30\n"));

    assertThat(rowsOf(RAW, "_record_number")).extracting(r -> r.get("id") + "@" + r.get("_record_number"))
        .containsExactly("1@1", "2@2", "3@3");
  }

  @Test
  void readsTheDelimiterTheSourceNames() throws IOException {
    Path semicolons = file("semicolons.csv", "id;name;amount\n1;Wanjiku, Kamau;10,5\n");
    Path tabs = file("tabs.tsv", "id\tname\tamount\n2\tOtieno; Odhiambo\t7\n");
    backend.ingestor().ingest(new CsvSource(semicolons, RAW, List.of("id", "name"), ';'));
    backend.ingestor().ingest(new CsvSource(tabs, RAW, List.of("id", "name"), '\t'));

    assertThat(rowsOf(RAW, "id"))
        .extracting(r -> List.of(r.get("id"), r.get("name"), r.get("amount"), r.get("_source_file"),
            r.get("_record_number")))
        .containsExactly(List.of("1", "Wanjiku, Kamau", "10,5", "semicolons.csv", 1L),
            List.of("2", "Otieno; Odhiambo", "7", "tabs.tsv", 1L));
  }

  @Test
  void aMissingOrEmptyFileIsRefusedClearly() throws IOException {
    assertThatThrownBy(() -> ingest(workDirectory.resolve("absent.csv")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absent.csv")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> ingest(file("empty.csv", "")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty.csv")
        .hasMessageContaining("empty");
    assertThat(lake().describe(RAW)).isEmpty();
  }

  @Test
  void headerProblemsAreRefused() throws IOException {
    assertThatThrownBy(() -> ingest(file("twice.csv", "id,name,ID\n1,a,b\n")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("id").hasMessageContaining("twice");
    assertThatThrownBy(() -> ingest(file("reserved.csv", "id,name,_batch_id\n1,a,b\n")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("_batch_id");
    assertThatThrownBy(() -> ingest(file("blank.csv", "id,,name\n1,a,b\n")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty column name");
    assertThat(lake().describe(RAW)).isEmpty();
  }

  @Test
  void headerNamesStartingWithAnUnderscoreAreReservedForTakwimu() throws IOException {
    for (String column : List.of("_tk_p0", "_tk_v0", "_rejected_by", "_stage", " _TK_Valid ", "_notes")) {
      String normalized = column.trim().toLowerCase(Locale.ROOT);
      assertThatThrownBy(() -> ingest(file("underscore.csv", "id," + column + ",name\n1,a,b\n")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("Cannot ingest underscore.csv: column " + normalized + " is reserved (names starting with _"
              + " are Takwimu's lineage and working columns); rename it");
    }
    assertThat(lake().describe(RAW)).isEmpty();
    ingest(file("plain.csv", "id,name,rowid,tk_valid,tk_checked,notes_\n1,a,2,3,4,5\n"));
    assertThat(lake().describe(RAW).orElseThrow().schema().names())
        .startsWith("id", "name", "rowid", "tk_valid", "tk_checked", "notes_");
  }

  /** Refuses the file in one line naming it and {@code where}, appending nothing after a first good file. */
  private void refused(Path file, String where, String what) throws IOException {
    ingest(file("first.csv", GOOD));

    assertThatThrownBy(() -> ingest(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot ingest " + file.getFileName() + " into " + RAW + ": ")
        .hasMessageContaining(where)
        .hasMessageContaining(what)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "Possible"));
    assertThat(version(RAW)).isEqualTo(1);
    assertThat(count(RAW)).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"id,name\r\n1,a\r\n2,b\n3,c\n", "id,name\n1,a\n2,b\r\n", "id,name\r1,a\n"})
  void mixedLineEndingsAreRefusedNamingTheLineWhereTheyChange(String content) throws IOException {
    int changes = content.startsWith("id,name\r1") ? 2 : 3;
    refused(file("mixed.csv", content), "line " + changes + " ends in", "mixed line endings");
  }

  @Test
  void crCrLfLineEndingsAreRefusedNamingTheLine() throws IOException {
    refused(file("crcrlf.csv", "id,name\r\r\n1,a\r\r\n"), "line 1 ends in CR CR LF", "LF or CRLF");
  }

  @Test
  void crLfOnlyAndLfInsideQuotedValuesAreAccepted() throws IOException {
    ingest(file("crlf.csv", "id,name\r\n1,\"two\nlines\"\r\n2,\"b\r\nc\"\r\n3,c\r\n"));

    assertThat(rowsOf(RAW, "_record_number")).extracting(r -> r.get("id") + "@" + r.get("_record_number"))
        .containsExactly("1@1", "2@2", "3@3");
  }

  @Test
  void latin1BytesAnywhereAreRefusedNamingTheLineAndByteOffset() throws IOException {
    StringBuilder content = new StringBuilder("id,name\n");
    for (int i = 1; i <= 2000; i++) {
      content.append(i).append(",name").append(i).append('\n');
    }
    byte[] good = content.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bad = "2001,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = workDirectory.resolve("latin1.csv");
    Files.write(file, good);
    Files.write(file, bad, StandardOpenOption.APPEND);

    refused(file, "line 2002 is not UTF-8", "byte 0xE9 at byte offset " + (good.length + 8));
  }

  @Test
  void utf16IsRefusedAsSuchAndAUtf8ByteOrderMarkIsAccepted() throws IOException {
    Path file = workDirectory.resolve("utf16.csv");
    Files.write(file, "id,name\n1,a\n".getBytes(StandardCharsets.UTF_16));
    refused(file, "UTF-16", "save it as UTF-8");

    ingest(file("bom.csv", "\uFEFFid,name\n3,c\n"));
    assertThat(count(RAW)).isEqualTo(3);
  }

  @Test
  void anUnterminatedQuoteIsRefusedNamingTheLineWhereTheFieldStarts() throws IOException {
    refused(file("open.csv", "id,name,amount\n1,a,10\n2,b,20\n3,\"c\n4,d,40\n5,e,50\n"), "starts on line 4",
        "never closed");
  }

  @Test
  void aHugeFieldIsRefusedEchoingOnlyAShortExcerpt() throws IOException {
    refused(file("huge.csv", "id,name\n1,a\n2," + "x".repeat(3_000_000) + "\n"), "line 3", "2000000");
    assertThatThrownBy(() -> ingest(workDirectory.resolve("huge.csv")))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  private static final DatasetId RAW_LOANS = DatasetId.of(Zone.RAW, "delivery_loans");

  @Test
  void aDeliveryWithABadFileIngestsNothingOfIt() throws IOException {
    List<CsvSource> delivery = List.of(
        CsvSource.of(file("customers.csv", GOOD), RAW, List.of("id")),
        CsvSource.of(file("loans.csv", "id,amount\nL1,100\nL2,200,EXTRA\n"), RAW_LOANS, List.of("id")));

    assertThatThrownBy(() -> backend.ingestor().ingestAll(delivery))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("loans.csv")
        .hasMessageContaining("line 3");
    assertThat(lake().describe(RAW)).isEmpty();
    assertThat(lake().describe(RAW_LOANS)).isEmpty();

    file("loans.csv", "id,amount\nL1,100\nL2,200\n");
    List<IngestReport> reports = backend.ingestor().ingestAll(delivery);
    assertThat(reports).extracting(IngestReport::file).containsExactly("customers.csv", "loans.csv");
    assertThat(reports).extracting(IngestReport::rows).containsExactly(2L, 2L);
    assertThat(count(RAW)).isEqualTo(2);
    assertThat(count(RAW_LOANS)).isEqualTo(2);
  }

  @Test
  void aDeliveryIngestedAgainSkipsWhatTheRawZoneAlreadyHolds() throws IOException {
    ingest(file("customers.csv", GOOD));
    List<CsvSource> delivery = List.of(
        CsvSource.of(workDirectory.resolve("customers.csv"), RAW, List.of("id")),
        CsvSource.of(file("loans.csv", "id,amount\nL1,100\n"), RAW_LOANS, List.of("id")));

    List<IngestReport> first = backend.ingestor().ingestAll(delivery);
    List<IngestReport> again = backend.ingestor().ingestAll(delivery);

    assertThat(first).extracting(IngestReport::skipped).containsExactly(true, false);
    assertThat(again).extracting(IngestReport::skipped).containsExactly(true, true);
    assertThat(again.get(1).batchId()).isEqualTo(first.get(1).batchId());
    assertThat(count(RAW)).isEqualTo(2);
    assertThat(count(RAW_LOANS)).isEqualTo(1);
    assertThat(version(RAW_LOANS)).isEqualTo(1);
  }
}
