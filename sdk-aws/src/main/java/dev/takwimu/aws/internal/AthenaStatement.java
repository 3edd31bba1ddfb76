package dev.takwimu.aws.internal;

import java.util.List;
import java.util.Objects;

/**
 * One SQL statement for Athena.
 *
 * @param sql the statement; values only as {@code ?} placeholders
 * @param params values for the placeholders in text order (String, Number, Boolean, LocalDate, LocalDateTime or null)
 * @param database the Glue database unqualified names resolve in
 * @param lockKey statements with the same key never run at the same time in this process (a table they commit to);
 *     null for none
 */
public record AthenaStatement(String sql, List<Object> params, String database, String lockKey) {
  public AthenaStatement {
    Objects.requireNonNull(sql, "sql");
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    Objects.requireNonNull(database, "database");
  }

  public static AthenaStatement query(String sql, List<Object> params, String database) {
    return new AthenaStatement(sql, params, database, null);
  }

  /** A statement that commits to the table named by {@code lockKey} ({@code database.table}). */
  public static AthenaStatement write(String sql, List<Object> params, String database, String lockKey) {
    return new AthenaStatement(sql, params, database, lockKey);
  }
}
