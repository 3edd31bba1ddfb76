package dev.takwimu.core;

import java.util.List;

/** Runs insight queries on a backend's engine. */
public interface InsightRunner {

  /**
   * Runs the query and maps each row to the query's record type.
   *
   * @throws NoSuchDatasetException when an input does not exist
   */
  <R extends Record> List<R> run(InsightQuery<R> query);

  /** Runs the query and returns its rows untyped, with the column names and types. */
  QueryResult runUntyped(InsightQuery<?> query);
}
