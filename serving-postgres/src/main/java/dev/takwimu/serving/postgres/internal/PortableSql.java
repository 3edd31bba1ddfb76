package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.QueryResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the portable SQL of insights needs on PostgreSQL, in one place: the type {@code double} and
 * {@code round(double precision, integer)} in schema {@code takwimu}, the session settings they rely on, and the
 * inputs of a query as common table expressions over the served tables.
 */
public final class PortableSql {
  /**
   * Settings of a transaction running portable SQL: the shortest exact text of a double (PostgreSQL 12+), which
   * {@code takwimu.round} rounds, and schema {@code takwimu} on the search path.
   */
  public static final String SETTINGS = "SET LOCAL extra_float_digits = 1; SET LOCAL search_path = public, takwimu";

  /** A query that starts with its own WITH (or WITH RECURSIVE) list. */
  private static final Pattern LEADING_WITH =
      Pattern.compile("\\s*(WITH(?:\\s+RECURSIVE)?)\\s+", Pattern.CASE_INSENSITIVE);

  /**
   * The body of {@code takwimu.round(x, d)}: the shortest decimal text of {@code x} rounded half away from zero to
   * {@code d} places, as DuckDB and Trino round the double. Fast path, without text: when the decimal
   * {@code D = rint(x * 10^d) / 10^d} (at most {@code d} places) converts back to {@code x} and {@code x}'s rounding
   * interval (at most one ulp, under {@code |x| * 2^-52}) is narrower than half of {@code 10^-d}, the shortest decimal
   * of {@code x} lies within that interval of {@code D}, so rounding it to {@code d} places gives {@code D}, whose
   * double is {@code x} ({@code + 0} turns -0 into 0, as the text path does). NaN, infinities and the rest take the
   * text path. Not STRICT, so that PostgreSQL inlines it (a NULL takes the text path and stays NULL).
   */
  static final String ROUND_BODY = "SELECT CASE WHEN $2 BETWEEN 0 AND 15"
      + " AND abs($1) < 2::float8 ^ 50 * 10::float8 ^ (-$2)"
      + " AND round($1 * 10::float8 ^ $2) / 10::float8 ^ $2 = $1 THEN $1 + 0::float8"
      + " ELSE round(CAST(CAST($1 AS text) AS numeric), $2)::double precision END";

  private static final String ROUND = "CREATE OR REPLACE FUNCTION takwimu.round(double precision, integer)"
      + " RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS '" + ROUND_BODY.replace("'", "''") + "'";

  private PortableSql() {}

  /**
   * Creates the type and the function when missing, and replaces an earlier version of the function (schema
   * {@code takwimu} exists once a store has opened the database); safe when another process does the same at the
   * same time.
   */
  public static void createFunctions(Connection connection) throws SQLException {
    boolean type;
    String function;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT to_regtype('takwimu.\"double\"') IS NOT NULL, (SELECT prosrc"
            + " FROM pg_proc WHERE oid = to_regprocedure('takwimu.round(double precision, integer)'))")) {
      rs.next();
      type = rs.getBoolean(1);
      function = rs.getString(2);
    }
    if (!type) {
      Jdbc.createIfMissing(connection, "CREATE DOMAIN takwimu.\"double\" AS double precision");
    }
    if (!ROUND_BODY.equals(function)) {   // missing, or an earlier version's
      try {
        Jdbc.createIfMissing(connection, ROUND);
      } catch (SQLException e) {
        // an earlier version (same results, slower) stays when this user may not replace it, or another session
        // replaced it at the same moment
        boolean replacedMeanwhile = String.valueOf(e.getMessage()).contains("tuple concurrently updated");
        if (function == null || !("42501".equals(e.getSQLState()) || replacedMeanwhile)) {
          throw e;
        }
      }
    }
  }

  /** Runs the query on the served tables (with {@link #SETTINGS} in effect) and returns its rows. */
  public static QueryResult run(Connection connection, InsightQuery<?> query) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(withInputs(query))) {
      for (int i = 0; i < query.params().size(); i++) {
        statement.setObject(i + 1, query.params().get(i));
      }
      try (ResultSet rs = statement.executeQuery()) {
        return Results.read(rs);
      }
    }
  }

  /**
   * The query with each input alias defined as a common table expression over its dataset's table, joined to the
   * query's own {@code WITH} list when it has one. Not a view: a view, even a temporary one, would be an object
   * depending on the table, and a migration replacing the table meanwhile would fail on it.
   */
  public static String withInputs(InsightQuery<?> query) {
    String inputs = query.inputs().entrySet().stream()
        .map(input -> PgNames.quote(input.getKey()) + " AS NOT MATERIALIZED (SELECT * FROM "
            + PgNames.table(input.getValue()) + ")")
        .collect(Collectors.joining(", "));
    if (inputs.isEmpty()) {
      return query.sql();
    }
    Matcher with = LEADING_WITH.matcher(query.sql());
    if (with.lookingAt()) {
      return with.group(1) + " " + inputs + ", " + query.sql().substring(with.end());
    }
    return "WITH " + inputs + "\n" + query.sql();
  }
}
