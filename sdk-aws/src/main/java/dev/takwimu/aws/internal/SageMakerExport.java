package dev.takwimu.aws.internal;

import dev.takwimu.aws.S3Location;
import dev.takwimu.core.Feature;
import dev.takwimu.core.ModelDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Athena statements that feed SageMaker's XGBoost: class counts, the top categories of each categorical feature,
 * and {@code UNLOAD}s. Training and validation rows are Parquet (label first, numbers as double with null kept, which
 * XGBoost reads as missing; XGBoost's {@code application/x-parquet} in File mode); the hold-out labels and the scoring
 * rows (id first) are headerless comma-separated text, which Athena always writes gzip-compressed ({@code .gz}); the
 * transform is told so, and {@link TransformOutput} reads both. In text a null number is an empty field. A category
 * becomes one 0/1 column per top value. Rows are split into training and hold-out by a hash of the id and the seed,
 * the same rows for the same seed.
 */
final class SageMakerExport {
  /** Most categories one-hot encoded per feature (as on the local backend). */
  static final int MAX_CATEGORIES = 200;
  /** The hold-out share is applied to a hash in [0, SPLIT_BUCKETS). */
  static final long SPLIT_BUCKETS = 1_000_000;
  /** Parquet, compressed as Athena's default (gzip); columns {@code _col0, _col1, ...}. */
  private static final String PARQUET = " WITH (format = 'PARQUET')";
  /**
   * Comma-separated text. Athena's UNLOAD documents compression for ORC and Parquet only and writes TEXTFILE with
   * gzip: asking for {@code compression = 'NONE'} is not documented to work.
   */
  private static final String TEXT = " WITH (format = 'TEXTFILE', field_delimiter = ',')";

  private final ModelDefinition definition;
  private final String database;
  private final String table;
  private final long seed;
  private final double testFraction;

  SageMakerExport(ModelDefinition definition, String database, long seed, double testFraction) {
    this.definition = definition;
    this.database = database;
    this.table = quote(database) + "." + quote(definition.source().name());
    this.seed = seed;
    this.testFraction = testFraction;
  }

  /**
   * The one-hot layout of the features: each numeric feature is one column, each categorical feature one column per
   * category (values sorted).
   */
  record Encoding(Map<String, List<String>> categories) {
    Encoding {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      categories.forEach((feature, values) -> copy.put(feature, List.copyOf(values)));
      categories = Map.copyOf(copy);
    }

    List<String> encodedNames(ModelDefinition definition) {
      List<String> names = new ArrayList<>();
      for (Feature feature : definition.features()) {
        if (feature.kind() == Feature.Kind.NUMERIC) {
          names.add(feature.column());
        } else {
          for (String value : categories.getOrDefault(feature.column(), List.of())) {
            names.add(feature.column() + "=" + value);
          }
        }
      }
      return names;
    }
  }

  /** Columns: total, positives, test_rows, test_positives. */
  AthenaStatement counts() {
    Sql sql = new Sql().add("SELECT count(*) AS total, count_if(").add(label()).add(") AS positives, count_if(")
        .add(holdOut()).add(") AS test_rows, count_if((").add(label()).add(") AND ").add(holdOut())
        .add(") AS test_positives FROM " + table);
    return sql.statement(database);
  }

  /** Columns: feature, value; the most frequent values of each categorical feature among the training rows. */
  AthenaStatement topCategories() {
    Sql sql = new Sql();
    for (Feature feature : definition.features()) {
      if (feature.kind() != Feature.Kind.CATEGORICAL) {
        continue;
      }
      if (!sql.isEmpty()) {
        sql.add(" UNION ALL ");
      }
      String value = "CAST(" + quote(feature.column()) + " AS varchar)";
      sql.add("SELECT feature, value FROM (SELECT ? AS feature, " + value + " AS value, row_number() OVER (ORDER BY "
          + "count(*) DESC, " + value + ") AS position FROM " + table + " WHERE " + quote(feature.column())
          + " IS NOT NULL AND NOT ", feature.column())
          .add(holdOut()).add(" GROUP BY " + value + ") WHERE position <= " + MAX_CATEGORIES);
    }
    return sql.isEmpty() ? null : sql.statement(database);
  }

  /** Label-first Parquet rows for training (the hold-out's complement) or validation (the hold-out). */
  AthenaStatement training(Encoding encoding, boolean holdOutRows, S3Location to) {
    Sql select = new Sql().add("SELECT CASE WHEN ").add(label()).add(" THEN 1 ELSE 0 END, ")
        .add(features(encoding, false)).add(" FROM " + table + " WHERE " + (holdOutRows ? "" : "NOT "))
        .add(holdOut());
    return unload(select, to, PARQUET);
  }

  /** The hold-out's ids and labels (0/1) as gzip text, to evaluate the scores against. */
  AthenaStatement holdOutLabels(S3Location to) {
    Sql select = new Sql().add("SELECT " + id() + ", CASE WHEN ").add(label()).add(" THEN 1 ELSE 0 END FROM " + table
        + " WHERE ").add(holdOut());
    return unload(select, to, TEXT);
  }

  /** Id-first rows of every source row as gzip text, for batch transform. */
  AthenaStatement scoring(Encoding encoding, S3Location to) {
    Sql select = new Sql().add("SELECT " + id() + ", ").add(features(encoding, true)).add(" FROM " + table);
    return unload(select, to, TEXT);
  }

  private AthenaStatement unload(Sql select, S3Location to, String with) {
    return new Sql().add("UNLOAD (").add(select).add(") TO " + literal(to.uri()) + with).statement(database);
  }

  private String id() {
    return "CAST(" + quote(definition.idColumn()) + " AS varchar)";
  }

  private Sql label() {
    return new Sql().add("(" + definition.label() + ")");
  }

  /** True for hold-out rows: a 64-bit hash of id and seed, reduced to [0, SPLIT_BUCKETS), below the share. */
  private Sql holdOut() {
    return new Sql().add("(bitwise_and(from_big_endian_64(xxhash64(to_utf8(concat(" + id() + ", ?)))), "
        + Long.MAX_VALUE + ") % " + SPLIT_BUCKETS + " < ?)", Long.toString(seed), testBuckets());
  }

  long testBuckets() {
    return Math.round(testFraction * SPLIT_BUCKETS);
  }

  /** The encoded features; numbers as text (empty for null) or as double (null kept). */
  private Sql features(Encoding encoding, boolean text) {
    Sql sql = new Sql();
    for (Feature feature : definition.features()) {
      if (feature.kind() == Feature.Kind.NUMERIC) {
        String number = "CAST(" + quote(feature.column()) + " AS double)";
        sql.separate().add(text ? "coalesce(CAST(" + number + " AS varchar), '')" : number);
      } else {
        for (String value : encoding.categories().getOrDefault(feature.column(), List.of())) {
          sql.separate().add("CASE WHEN CAST(" + quote(feature.column()) + " AS varchar) = ? THEN 1 ELSE 0 END", value);
        }
      }
    }
    return sql;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String literal(String text) {
    return AthenaExecutor.literal(text);
  }

  /** SQL text built from fragments, each fragment's values written in as literals. */
  private static final class Sql {
    private final StringBuilder text = new StringBuilder();

    /**
     * Appends the fragment with its values written in as literals: they stand in select lists, {@code count_if} and
     * CASE expressions, where Athena takes no execution parameter ({@link AthenaExecutor#inline}).
     */
    Sql add(String fragment, Object... values) {
      text.append(values.length == 0 ? fragment : AthenaExecutor.inline(fragment, Arrays.asList(values)));
      return this;
    }

    Sql add(Sql other) {
      text.append(other.text);
      return this;
    }

    Sql separate() {
      if (!isEmpty()) {
        text.append(", ");
      }
      return this;
    }

    boolean isEmpty() {
      return text.length() == 0;
    }

    AthenaStatement statement(String database) {
      return AthenaStatement.query(text.toString(), List.of(), database);
    }
  }
}
