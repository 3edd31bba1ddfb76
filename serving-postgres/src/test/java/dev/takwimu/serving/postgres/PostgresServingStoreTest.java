package dev.takwimu.serving.postgres;

import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.contract.ServingStoreContract;
import dev.takwimu.core.serving.ServingStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** The serving contract on PostgreSQL (the shared embedded server), with a local lake as the source. */
class PostgresServingStoreTest extends ServingStoreContract {
  private String url;

  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return LakeFixture.backend(lakeDirectory);
  }

  @Override
  protected ServingStore newServingStore() {
    url = SharedPostgres.newDatabase();
    return PostgresServingStore.builder(url).open();
  }

  @Override
  protected List<List<Object>> servedRows(DatasetId id) {
    try {
      return LakeFixture.tableRows(url, "SELECT * FROM " + id.zone().id() + "." + id.name());
    } catch (SQLException e) {
      throw new AssertionError("Cannot read " + id + ": " + e.getMessage(), e);
    }
  }
}
