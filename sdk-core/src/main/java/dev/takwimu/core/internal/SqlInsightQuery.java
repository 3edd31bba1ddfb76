package dev.takwimu.core.internal;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InsightQuery;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The plain implementation behind {@link InsightQuery#of}. */
public record SqlInsightQuery<R extends Record>(
    String name, Class<R> rowType, String sql, Map<String, DatasetId> inputs, List<Object> params)
    implements InsightQuery<R> {

  public SqlInsightQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rowType, "rowType");
    Objects.requireNonNull(sql, "sql");
    inputs = Map.copyOf(inputs);
    params = List.copyOf(params);
  }

  @Override
  public InsightQuery<R> withParams(Object... values) {
    return new SqlInsightQuery<>(name, rowType, sql, inputs, List.of(values));
  }
}
