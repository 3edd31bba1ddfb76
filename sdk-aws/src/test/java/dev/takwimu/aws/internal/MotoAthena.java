package dev.takwimu.aws.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/**
 * Sends statements to (emulated) Athena with the real SDK client until the lead's {@link AthenaExecutor} lands:
 * StartQueryExecution with execution parameters, GetQueryExecution, GetQueryResults typed by column type (header row
 * dropped). No polling backoff, retries or pagination: the emulator answers at once with small results.
 */
final class MotoAthena implements StatementExecutor {
  private final AthenaClient athena;
  private final String workgroup;

  MotoAthena(AthenaClient athena, String workgroup) {
    this.athena = athena;
    this.workgroup = workgroup;
  }

  @Override
  public AthenaResult execute(AthenaStatement statement) {
    List<String> parameters = statement.params().stream().map(MotoAthena::literal).toList();
    String id = athena.startQueryExecution(r -> {
      r.queryString(statement.sql()).workGroup(workgroup).queryExecutionContext(c -> c.database(statement.database()))
          .resultConfiguration(c -> c.outputLocation("s3://moto-athena-results/"));
      if (!parameters.isEmpty()) {
        r.executionParameters(parameters);
      }
    }).queryExecutionId();
    QueryExecutionState state = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status().state();
    if (state != QueryExecutionState.SUCCEEDED) {
      throw new IllegalStateException("Athena statement " + id + " " + state);
    }
    GetQueryResultsResponse results = athena.getQueryResults(r -> r.queryExecutionId(id));
    List<ColumnInfo> columns = results.resultSet().resultSetMetadata() == null ? List.of()
        : results.resultSet().resultSetMetadata().columnInfo();
    List<String> names = columns.stream().map(ColumnInfo::name).toList();
    List<List<Object>> rows = new ArrayList<>();
    results.resultSet().rows().forEach(row -> {
      if (rows.isEmpty() && row.data().stream().map(d -> d.varCharValue()).toList().equals(names)) {
        return; // Athena's header row
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.data().size(); i++) {
        String text = row.data().get(i).varCharValue();
        String type = i < columns.size() ? columns.get(i).type() : "varchar";
        values.add(text == null ? null : switch (type) {
          case "bigint" -> Long.parseLong(text);
          case "integer" -> Integer.parseInt(text);
          case "double" -> Double.parseDouble(text);
          case "boolean" -> Boolean.parseBoolean(text);
          case "date" -> LocalDate.parse(text);
          default -> text;
        });
      }
      rows.add(values);
    });
    Schema schema = new Schema(columns.stream().map(c -> Column.of(c.name(), DataType.STRING)).toList());
    return new AthenaResult(schema, rows, QueryStats.NONE);
  }

  private static String literal(Object value) {
    return value instanceof Number ? value.toString() : "'" + value.toString().replace("'", "''") + "'";
  }
}
