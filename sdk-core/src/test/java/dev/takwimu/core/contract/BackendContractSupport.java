package dev.takwimu.core.contract;

import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every contract suite shares: a fresh lake per test, a backend opened on it before the test and closed after, and
 * small helpers to write and read rows.
 */
public abstract class BackendContractSupport {
  @TempDir
  protected Path workDirectory;

  protected Path lakeDirectory;
  protected Backend backend;

  /** A backend on the given lake, with settings small enough for tests. */
  protected abstract Backend newBackend(Path lakeDirectory);

  @BeforeEach
  void openBackend() throws IOException {
    lakeDirectory = Files.createDirectories(workDirectory.resolve("lake"));
    backend = newBackend(lakeDirectory);
  }

  @AfterEach
  void closeBackend() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  /** Closes the backend and opens a new one on the same lake, as a later process would. */
  protected void reopenBackend() {
    closeBackend();
    backend = newBackend(lakeDirectory);
  }

  protected LakeStore lake() {
    return backend.lake();
  }

  // ---- rows ---------------------------------------------------------------------------------------------------------

  /** One row's values, nulls allowed. */
  protected static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** A map that, unlike {@link Map#of}, allows null values; keys in order. */
  protected static Map<String, Object> mapOf(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  protected DatasetInfo write(DatasetId id, Schema schema, WriteOptions options, List<?>... rows) {
    return lake().write(id, WriteSource.rows(schema, List.of(rows)), options);
  }

  protected DatasetInfo overwrite(DatasetId id, Schema schema, List<?>... rows) {
    return write(id, schema, WriteOptions.overwrite(), rows);
  }

  protected DatasetInfo append(DatasetId id, Schema schema, List<?>... rows) {
    return write(id, schema, WriteOptions.append(), rows);
  }

  /** Every row of the dataset's current version, as column-to-value maps, read through a closed stream. */
  protected List<Map<String, Object>> rowsOf(DatasetId id) {
    try (Stream<Row> rows = lake().stream(id)) {
      return rows.map(Row::asMap).toList();
    }
  }

  /** The dataset's rows sorted by the given column, for order-insensitive comparisons that still read well. */
  protected List<Map<String, Object>> rowsOf(DatasetId id, String sortColumn) {
    List<Map<String, Object>> rows = new ArrayList<>(rowsOf(id));
    rows.sort(Comparator.comparing(r -> String.valueOf(r.get(sortColumn))));
    return rows;
  }

  protected long count(DatasetId id) {
    try (Stream<Row> rows = lake().stream(id)) {
      return rows.count();
    }
  }

  protected long version(DatasetId id) {
    return lake().describe(id).map(DatasetInfo::version).orElse(0L);
  }

  protected static StageReport report(List<StageReport> reports, String stage) {
    return reports.stream().filter(r -> r.stage().equals(stage)).findFirst()
        .orElseThrow(() -> new AssertionError("No report for stage " + stage + " in " + reports));
  }
}
