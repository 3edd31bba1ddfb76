package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Backend;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Row;
import dev.takwimu.core.contract.IngestorContract;
import dev.takwimu.safaricom.RawExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest contract on the local backend, plus a large file and a Safaricom export's required columns. */
class LocalIngestorTest extends IngestorContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }

  @Test
  void aMissingRequiredColumnOfAnExportIsNamedWithTheColumnsFound() throws IOException {
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
}
