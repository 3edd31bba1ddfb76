package dev.takwimu.aws.internal;

import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.internal.RecordMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs insight queries on Athena over their inputs' current snapshots; parameters go as execution parameters, and the
 * data scanned is reported with every result.
 */
public final class AwsInsightRunner implements InsightRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AwsInsightRunner.class);
  private final AwsLakeStore lake;

  public AwsInsightRunner(AwsLakeStore lake) {
    this.lake = lake;
  }

  @Override
  public <R extends Record> List<R> run(InsightQuery<R> query) {
    RecordMapper<R> mapper = RecordMapper.of(query.rowType());
    return runUntyped(query).rows().stream().map(mapper::map).toList();
  }

  @Override
  public QueryResult runUntyped(InsightQuery<?> query) {
    AwsLakeStore.BoundInputs inputs = lake.bind(query.inputs());
    String database = lake.database(query.inputs().values().stream().findFirst().map(id -> id.zone())
        .orElse(Zone.CLEANED));
    AthenaResult result = lake.athena().execute(AthenaStatement.query(
        TrinoDialect.INSTANCE.expand(inputs.wrap(query.sql())), query.params(), database));
    LOG.info("Insight {}: {} rows, {} bytes scanned, engine {} ms [query {}]", query.name(), result.rows().size(),
        result.stats().bytesScanned(), result.stats().engineTime().toMillis(), result.stats().executionId());
    Row.Layout layout = Row.layout(result.schema().names());
    List<Row> rows = result.rows().stream().map(values -> layout.row(values.toArray())).toList();
    return new QueryResult(result.schema(), rows, result.stats().bytesScanned());
  }
}
