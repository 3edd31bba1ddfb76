package dev.takwimu.core;

import dev.takwimu.core.internal.SqlInsightQuery;
import java.util.List;
import java.util.Map;

/**
 * A named, typed query over lake datasets whose rows map to the record type {@code R}. Parameters are bound to the
 * {@code ?} placeholders, never spliced into the SQL.
 */
public interface InsightQuery<R extends Record> {

  String name();

  Class<R> rowType();

  /** The query in the portable SQL subset, referring to its inputs by alias. */
  String sql();

  /** Alias used in the SQL to the dataset it stands for. */
  Map<String, DatasetId> inputs();

  /** Values bound to the {@code ?} placeholders, in order. */
  List<Object> params();

  /** The same query with other parameter values. */
  InsightQuery<R> withParams(Object... values);

  static <R extends Record> InsightQuery<R> of(
      String name, Class<R> rowType, String sql, Map<String, DatasetId> inputs, Object... params) {
    return new SqlInsightQuery<>(name, rowType, sql, inputs, List.of(params));
  }
}
