package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Backend;
import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.contract.SafaricomContractSupport;
import dev.takwimu.safaricom.RawExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ingest of delivered CSV exports into the raw zone by the local backend. */
class LocalIngestTest extends SafaricomContractSupport {
  private static final DatasetId RAW = DatasetId.of(Zone.RAW, "deliveries");
  private static final String GOOD = "id,name,amount\n1,Wanjiku,10\n2,Otieno,20\n";

  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(workDirectory.resolve(name), content);
  }

  private IngestReport ingest(Path file) {
    return backend.ingestor().ingest(CsvSource.of(file, RAW, List.of("id", "name")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "id,name,amount\n1,a,10\n2,b\n3,c,30\n",
      "id,name,amount\n1,a,10\n2,b,20,EXTRA\n3,c,30\n",
      "id,name,amount\n1,a,10\n2,\"b,20\n3,c,30\n"})
  void aMalformedFileIsRefusedNamingTheFileAndLineAndNothingIsAppended(String content) throws IOException {
    ingest(file("first.csv", GOOD));

    assertThatThrownBy(() -> ingest(file("broken.csv", content)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.csv")
        .hasMessageContaining("line 3");
    assertThat(version(RAW)).isEqualTo(1);
    assertThat(count(RAW)).isEqualTo(2);
  }

  @Test
  void aMissingRequiredColumnIsNamedWithTheColumnsFound() throws IOException {
    Path file = file(RawExport.CUSTOMERS.fileName(),
        "ID,Name,County,Registration_Date,Deactivation_Date,Status\nC1,A,Nairobi,2022-01-01,,Active\n");

    assertThatThrownBy(() -> backend.ingestor().ingest(RawExport.CUSTOMERS.in(workDirectory)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("column customer_id missing (found: id, name, county, registration_date, "
            + "deactivation_date, status)");
    assertThat(lake().describe(RawExport.CUSTOMERS.dataset())).isEmpty();
  }

  @Test
  void anEmptyOrMissingFileIsRefusedClearly() throws IOException {
    assertThatThrownBy(() -> ingest(file("empty.csv", "")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty.csv")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ingest(workDirectory.resolve("absent.csv")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absent.csv")
        .hasMessageContaining("no such file");
    assertThat(lake().describe(RAW)).isEmpty();
  }

  @Test
  void theSameContentIsIngestedOnce() throws IOException {
    IngestReport first = ingest(file("monday.csv", GOOD));
    IngestReport again = ingest(file("monday.csv", GOOD));
    IngestReport renamed = ingest(file("monday-copy.csv", GOOD));

    assertThat(first.skipped()).isFalse();
    assertThat(first.rows()).isEqualTo(2);
    assertThat(again.skipped()).isTrue();
    assertThat(again.rows()).isZero();
    assertThat(again.batchId()).isEqualTo(first.batchId());
    assertThat(renamed.skipped()).isTrue();
    assertThat(version(RAW)).isEqualTo(1);

    IngestReport tuesday = ingest(file("tuesday.csv", GOOD + "3,Achieng,30\n"));
    assertThat(tuesday.skipped()).isFalse();
    assertThat(tuesday.version()).isEqualTo(2);
    assertThat(count(RAW)).isEqualTo(5);
    assertThat(ingest(file("monday.csv", GOOD)).skipped()).isTrue();
  }

  @Test
  void keepsValuesAsDeliveredWithLineage() throws IOException {
    Path file = file("padded.csv", "\uFEFF Customer ID ,Name,Amount\r\nC1,  Wanjiku  ,\" 1,000 \"\r\nC2,\"Said \"\"Sam\"\"\",abc\r\n");
    IngestReport report = backend.ingestor().ingest(CsvSource.of(file, RAW, List.of("customer_id")));

    assertThat(lake().describe(RAW).orElseThrow().schema().names())
        .containsExactly("customer_id", "name", "amount", "_source_file", "_record_number", "_batch_id");
    List<Map<String, Object>> rows = rowsOf(RAW, "_record_number");
    assertThat(rows).containsExactly(
        mapOf("customer_id", "C1", "name", "  Wanjiku  ", "amount", " 1,000 ",
            "_source_file", "padded.csv", "_record_number", 1L, "_batch_id", report.batchId()),
        mapOf("customer_id", "C2", "name", "Said \"Sam\"", "amount", "abc",
            "_source_file", "padded.csv", "_record_number", 2L, "_batch_id", report.batchId()));
  }

  @Test
  void recordNumbersArePositionsInTheFileCountingRecordsNotLines() throws IOException {
    ingest(file("multiline.csv", "id,name,amount\n1,\"two\nlines\",10\n2,b,20\n3,\"c, with comma\",30\n"));

    assertThat(rowsOf(RAW, "_record_number")).extracting(r -> r.get("id") + "@" + r.get("_record_number"))
        .containsExactly("1@1", "2@2", "3@3");
  }

  @Test
  void recordNumbersFollowFileOrderInALargeFile() throws IOException {
    Path big = workDirectory.resolve("big.csv");
    int records = 1_200_000;
    try (BufferedWriter out = Files.newBufferedWriter(big)) {
      out.write("id,name\n");
      for (int i = 1; i <= records; i++) {
        out.write(i + ",customer number " + i + "\n");
      }
    }
    IngestReport report = ingest(big);

    assertThat(report.rows()).isEqualTo(records);
    Row check = backend.insights().runUntyped(InsightQuery.of("order", Counts.class, """
        SELECT count(*) AS n, CAST(count(*) FILTER (WHERE CAST(id AS BIGINT) <> _record_number) AS BIGINT) AS misplaced,
               min(_record_number) AS first, max(_record_number) AS last
        FROM raw""", Map.of("raw", RAW))).rows().get(0);
    assertThat(check.asMap()).containsEntry("n", (long) records).containsEntry("misplaced", 0L)
        .containsEntry("first", 1L).containsEntry("last", (long) records);
  }

  public record Counts(long n, long misplaced) {}

  @Test
  void readsTheDelimiterTheSourceNames() throws IOException {
    Path file = file("semicolons.csv", "id;name;amount\n1;Wanjiku, Kamau;10,5\n");
    backend.ingestor().ingest(new CsvSource(file, RAW, List.of("id", "name"), ';'));

    assertThat(rowsOf(RAW)).singleElement().satisfies(r -> assertThat(r)
        .containsEntry("id", "1").containsEntry("name", "Wanjiku, Kamau").containsEntry("amount", "10,5"));
  }

  @Test
  void headerProblemsAreRefused() throws IOException {
    assertThatThrownBy(() -> ingest(file("twice.csv", "id,name,ID\n1,a,b\n")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("id").hasMessageContaining("twice");
    assertThatThrownBy(() -> ingest(file("reserved.csv", "id,name,_batch_id\n1,a,b\n")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("_batch_id");
    assertThat(lake().describe(RAW)).isEmpty();
  }
}
