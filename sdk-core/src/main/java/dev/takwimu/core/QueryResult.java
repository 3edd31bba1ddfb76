package dev.takwimu.core;

import java.util.List;

/** Rows of a query with their column names and types, for callers that do not map to records (a CLI, an export). */
public record QueryResult(Schema schema, List<Row> rows) {
  public QueryResult {
    rows = List.copyOf(rows);
  }
}
