package dev.takwimu.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The rows a write commits: a SQL query the backend's engine runs over lake datasets, or rows supplied by Java code. */
public sealed interface WriteSource {

  /**
   * Rows produced by a query in the portable SQL subset (see docs/semantics.md).
   *
   * @param sql the query; refers to its inputs by their aliases and to parameters by {@code ?}
   * @param inputs alias used in the SQL to the dataset it stands for
   * @param params values bound to the {@code ?} placeholders, in order
   */
  record Query(String sql, Map<String, DatasetId> inputs, List<Object> params) implements WriteSource {
    public Query {
      Objects.requireNonNull(sql, "sql");
      inputs = Map.copyOf(inputs);
      params = List.copyOf(params);
    }
  }

  /**
   * Rows supplied by the caller; meant for small data (reference tables, test fixtures, Java stages).
   *
   * @param schema the columns of every row
   * @param rows each row's values in schema order
   */
  record Rows(Schema schema, Iterable<? extends List<?>> rows) implements WriteSource {
    public Rows {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(rows, "rows");
    }
  }

  static Query query(String sql, Map<String, DatasetId> inputs, Object... params) {
    return new Query(sql, inputs, List.of(params));
  }

  static Rows rows(Schema schema, Iterable<? extends List<?>> rows) {
    return new Rows(schema, rows);
  }
}
