package dev.takwimu.aws;

import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.contract.ServingStoreContract;
import dev.takwimu.core.serving.ServingStore;
import dev.takwimu.serving.postgres.PostgresServingStore;
import dev.takwimu.serving.postgres.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** The serving contract with an AWS lake (Iceberg on the emulator, read through Athena) as the source. */
class AwsServingStoreTest extends ServingStoreContract {
  private String url;

  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }

  @Override
  protected ServingStore newServingStore() {
    url = SharedPostgres.newDatabase();
    return PostgresServingStore.builder(url).open();
  }

  @Override
  protected List<List<Object>> servedRows(DatasetId id) {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + id.zone().id() + "." + id.name())) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(switch (rs.getMetaData().getColumnTypeName(i)) {
            case "date" -> rs.getObject(i, LocalDate.class);
            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
            default -> rs.getObject(i);
          });
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new AssertionError("Cannot read " + id + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
