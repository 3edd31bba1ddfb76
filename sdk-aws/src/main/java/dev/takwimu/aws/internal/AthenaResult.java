package dev.takwimu.aws.internal;

import dev.takwimu.core.Schema;
import java.util.List;

/**
 * The rows of a finished Athena statement, typed from Athena's column metadata (varchar to String, bigint to Long,
 * integer to Integer, double to Double, boolean to Boolean, date to LocalDate, timestamp to LocalDateTime, decimal to
 * BigDecimal), and what it cost. Statements that return no rows (DDL, INSERT, MERGE) have an empty schema.
 */
public record AthenaResult(Schema schema, List<List<Object>> rows, QueryStats stats) {
  public AthenaResult {
    rows = List.copyOf(rows);
  }
}
