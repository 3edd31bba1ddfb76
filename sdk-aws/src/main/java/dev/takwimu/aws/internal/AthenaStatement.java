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
 * @param reusable whether Athena may answer the query with an earlier execution's result (when result reuse is on):
 *     only for a query whose answer cannot change while its text stays the same, because it reads tables pinned to a
 *     snapshot ({@code FOR VERSION AS OF}); Athena never checks whether the tables changed
 */
public record AthenaStatement(String sql, List<Object> params, String database, String lockKey, boolean reusable) {
  public AthenaStatement {
    Objects.requireNonNull(sql, "sql");
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    Objects.requireNonNull(database, "database");
  }

  /** A query always run afresh: it may read a table's current state (metadata tables, counts, existence checks). */
  public static AthenaStatement query(String sql, List<Object> params, String database) {
    return new AthenaStatement(sql, params, database, null, false);
  }

  /**
   * A query that only reads tables pinned to a snapshot, whose result Athena may reuse while the text is the same.
   */
  public static AthenaStatement pinnedQuery(String sql, List<Object> params, String database) {
    return new AthenaStatement(sql, params, database, null, true);
  }

  /** A statement that commits to the table named by {@code lockKey} ({@code database.table}). */
  public static AthenaStatement write(String sql, List<Object> params, String database, String lockKey) {
    return new AthenaStatement(sql, params, database, lockKey, false);
  }
}
