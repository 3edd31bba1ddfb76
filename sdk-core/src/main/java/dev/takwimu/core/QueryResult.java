package dev.takwimu.core;

import java.util.List;

/**
 * Rows of a query with their column names and types, for callers that do not map to records (a CLI, an export).
 *
 * @param schema the columns
 * @param rows the rows
 * @param bytesScanned data the engine scanned, which a pay-per-scan engine (Athena) bills by; 0 for the local backend
 */
public record QueryResult(Schema schema, List<Row> rows, long bytesScanned) {
  public QueryResult {
    rows = List.copyOf(rows);
  }

  /** A result whose engine does not bill by data scanned. */
  public QueryResult(Schema schema, List<Row> rows) {
    this(schema, rows, 0);
  }
}
