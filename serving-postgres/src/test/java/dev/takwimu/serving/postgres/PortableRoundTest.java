package dev.takwimu.serving.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code takwimu.round}'s fast path gives the double the text path gives (the shortest decimal rounded as a numeric),
 * bit for bit, on values chosen to break it: ties, money sums with binary noise, magnitudes around the fast path's
 * bound, -0, NaN, infinities, subnormals, NULL, and places from -3 to 17.
 */
class PortableRoundTest {
  private static final String TEXT_PATH = "round(CAST(CAST(x AS text) AS numeric), d)::double precision";

  @Test
  void theFastPathRoundsTheSameDecimalAsTheTextPath() throws Exception {
    String url = SharedPostgres.newDatabase();
    List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        -Double.MAX_VALUE, 0.00005, 1.00005, 2.675, 1.005, -1.005, 0.1 + 0.2, 1234.5600000000002, 5e-5, 4.9999e-5,
        0.5, 1.5, 2.5, -2.5, 1e15, 1e15 + 0.5, 112589990684.2624, 112589990684.26, 1125899906842.6, 9007199254740993.0,
        123456789.12345, 0.123456789012345678));
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      double cents = Math.round(random.nextDouble() * 1e6) / 100.0;
      values.add(switch (i % 5) {
        case 0 -> cents;                                              // money
        case 1 -> cents + Math.round(random.nextDouble() * 1e4) / 100.0;  // a sum with binary noise
        case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 12);
        case 3 -> Math.round(random.nextDouble() * 1e8) / 1e4 + (random.nextBoolean() ? 5e-5 : -5e-5);
        default -> Double.longBitsToDouble(random.nextLong());           // any bits
      });
    }
    try (Connection connection = DriverManager.getConnection(url)) {
      try (Statement statement = connection.createStatement()) {
        // the function as an earlier version created it: a store opening the database replaces it
        statement.execute("CREATE SCHEMA takwimu");
        statement.execute("CREATE FUNCTION takwimu.round(double precision, integer) RETURNS double precision"
            + " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT round(CAST(CAST($1 AS text) AS numeric), $2)::double precision'");
      }
      PostgresServingStore.builder(url).open().close();
      assertThat(LakeFixture.scalar(url, "SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure("
          + "'takwimu.round(double precision, integer)')")).asString().startsWith("SELECT CASE WHEN");
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET extra_float_digits = 1");
        statement.execute("CREATE TEMP TABLE v (x double precision)");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO v VALUES (?)")) {
        for (double value : values) {
          insert.setDouble(1, value);
          insert.addBatch();
        }
        insert.setNull(1, java.sql.Types.DOUBLE);
        insert.addBatch();
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE float8send(takwimu.round(x,"
              + " d)) IS DISTINCT FROM float8send(" + TEXT_PATH + ")), string_agg(CASE WHEN float8send(takwimu.round("
              + "x, d)) IS DISTINCT FROM float8send(" + TEXT_PATH + ") THEN x || ' to ' || d END, ', '),"
              + " count(*) FILTER (WHERE d BETWEEN 0 AND 15 AND takwimu.round(x, d) = x AND x <> 0)"
              + " FROM v, generate_series(-3, 17) AS d")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo((values.size() + 1) * 21L);
        assertThat(rs.getString(3)).as("values rounded differently").isNull();
        assertThat(rs.getLong(2)).isZero();
        assertThat(rs.getLong(4)).as("values the fast path can take").isGreaterThan(values.size());
      }
    }
  }
}
