package dev.takwimu.aws.internal;

import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.core.Zone;
import dev.takwimu.core.internal.RecordMapper;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs insight queries on Athena over their inputs' current snapshots; parameters go as execution parameters, and the
 * data scanned is reported with every result. With result reuse on, Athena may answer a repeated insight from the
 * earlier result: the snapshots are in the query text, so that happens only while no input changed.
 */
public final class AwsInsightRunner implements InsightRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AwsInsightRunner.class);
  private static final Pattern CLOCK = Pattern.compile(
      "\\b(current_date|current_time|current_timestamp|localtime|localtimestamp|now)\\b", Pattern.CASE_INSENSITIVE);
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
    String sql = TrinoDialect.INSTANCE.expand(inputs.wrap(query.sql()));
    // every input is read at its current snapshot (FOR VERSION AS OF), so the text changes when the data does; only a
    // query asking for the clock could answer differently with the same text
    AthenaResult result = lake.athena().execute(CLOCK.matcher(query.sql()).find()
        ? AthenaStatement.query(sql, query.params(), database)
        : AthenaStatement.pinnedQuery(sql, query.params(), database));
    LOG.info("Insight {}: {} rows, {} bytes scanned, engine {} ms [query {}]", query.name(), result.rows().size(),
        result.stats().bytesScanned(), result.stats().engineTime().toMillis(), result.stats().executionId());
    Row.Layout layout = Row.layout(result.schema().names());
    List<Row> rows = result.rows().stream().map(values -> layout.row(values.toArray())).toList();
    return new QueryResult(result.schema(), rows, result.stats().bytesScanned());
  }
}
