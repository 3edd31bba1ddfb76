package dev.takwimu.local.internal;

import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Schema;
import dev.takwimu.core.internal.RecordMapper;
import dev.takwimu.engine.duckdb.DuckDb;
import java.util.List;

/** Runs insight queries in DuckDB over views of their input datasets' current versions. */
public final class LocalInsightRunner implements InsightRunner {
  private final DuckDb duck;
  private final LocalLakeStore lake;

  public LocalInsightRunner(DuckDb duck, LocalLakeStore lake) {
    this.duck = duck;
    this.lake = lake;
  }

  @Override
  public <R extends Record> List<R> run(InsightQuery<R> query) {
    RecordMapper<R> mapper = RecordMapper.of(query.rowType());
    return runUntyped(query).rows().stream().map(mapper::map).toList();
  }

  @Override
  public QueryResult runUntyped(InsightQuery<?> query) {
    duck.lock().lock();
    try {
      lake.bindInputs(query.inputs());
      Schema schema = duck.describe(query.sql(), query.params());
      return new QueryResult(schema, duck.query(query.sql(), query.params()));
    } finally {
      duck.lock().unlock();
    }
  }
}
