package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.safaricom.contract.SafaricomContractSupport;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lake is plain Parquet: another tool reading {@link DatasetInfo#location()} sees exactly the dataset's rows. */
class ExternalReadTest extends SafaricomContractSupport {

  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LocalBackend.builder().lake(lakeDirectory).memoryLimit("512MB").build();
  }

  @Test
  void partitionedTransactionsReadWithPlainDuckDbMatchTheLake() throws Exception {
    runSeedPipeline();
    assertExternalReadMatches(SafaricomPipeline.TRANSACTIONS, 1015);
  }

  @Test
  void customersAndFeaturesReadWithPlainDuckDbMatchTheLake() throws Exception {
    runSeedPipeline();
    assertExternalReadMatches(SafaricomPipeline.CUSTOMERS, 19);
    assertExternalReadMatches(SafaricomPipeline.CUSTOMER_FEATURES, 19);
  }

  private void assertExternalReadMatches(DatasetId id, int expectedRows) throws Exception {
    DatasetInfo info = lake().describe(id).orElseThrow();
    Path location = Path.of(info.location());
    try (Stream<Path> files = Files.walk(location)) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(info.files());
    }

    List<Map<String, Object>> external = readWithPlainDuckDb(info.location());
    List<Map<String, Object>> viaLake = rowsOf(id);

    assertThat(external).hasSize(expectedRows);
    assertThat(viaLake).hasSize(expectedRows);
    assertThat(external.get(0).keySet()).containsExactlyInAnyOrderElementsOf(info.schema().names());
    assertThat(external).containsExactlyInAnyOrderElementsOf(viaLake);
  }

  /** Rows as column-to-value maps, read by DuckDB over JDBC with no Takwimu class involved. */
  private static List<Map<String, Object>> readWithPlainDuckDb(String location) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
         PreparedStatement statement = connection.prepareStatement(
             "SELECT * FROM read_parquet(?, hive_partitioning = true)")) {
      statement.setString(1, location + "/**/*.parquet");
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = meta.getColumnTypeName(i).equals("TIMESTAMP")
                ? result.getObject(i, LocalDateTime.class) : result.getObject(i);
            if (value instanceof java.sql.Date date) {
              value = date.toLocalDate();
            } else if (value instanceof Integer n && !meta.getColumnTypeName(i).equals("INTEGER")) {
              value = n.longValue();
            }
            row.put(meta.getColumnLabel(i), value);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
