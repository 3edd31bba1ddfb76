package dev.takwimu.core;

import java.util.List;
import java.util.Objects;

/**
 * The condition a {@link QualityRule} checks on each candidate row. String values are trimmed before every check.
 * A column check marked optional passes on a null or empty value.
 */
public sealed interface Check {

  /** A check on one column. */
  sealed interface ColumnCheck extends Check {
    String column();

    boolean optional();
  }

  /** The value is present: not null and, for text, not empty. */
  record NotEmpty(String column) implements ColumnCheck {
    @Override
    public boolean optional() {
      return false;
    }
  }

  /** The value parses as the type (dates {@code YYYY-MM-DD}, timestamps {@code YYYY-MM-DD HH:MM:SS} or ISO-8601...). */
  record ParsesAs(String column, DataType type, boolean optional) implements ColumnCheck {
    public ParsesAs {
      Objects.requireNonNull(type, "type");
    }
  }

  /** The value, read as a number, lies in the range; a null bound is open. */
  record Range(String column, Double min, boolean minInclusive, Double max, boolean maxInclusive, boolean optional)
      implements ColumnCheck {
    public Range {
      if (min == null && max == null) {
        throw new IllegalArgumentException("A range needs at least one bound");
      }
    }
  }

  /** The value is one of the listed values. */
  record AcceptedValues(String column, List<String> values, boolean ignoreCase, boolean optional) implements ColumnCheck {
    public AcceptedValues {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("Accepted values must not be empty");
      }
    }
  }

  /** The value matches the regular expression as a whole. */
  record Pattern(String column, String regex, boolean optional) implements ColumnCheck {
    public Pattern {
      java.util.regex.Pattern.compile(regex);
    }
  }

  /** The value exists in a column of another dataset (a foreign key). */
  record ReferenceExists(String column, DatasetId reference, String referenceColumn, boolean optional)
      implements ColumnCheck {
    public ReferenceExists {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(referenceColumn, "referenceColumn");
    }
  }

  /**
   * The key is unique: among rows that pass every other QUARANTINE rule, the first by {@code orderBy} is kept and the
   * later ones break this rule.
   */
  record UniqueKey(List<String> columns, List<String> orderBy) implements Check {
    public UniqueKey {
      columns = List.copyOf(columns);
      orderBy = List.copyOf(orderBy);
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("A unique key needs at least one column");
      }
    }
  }

  /** A boolean SQL expression in the portable subset; a row passes when it is TRUE. */
  record Predicate(String sql) implements Check {
    public Predicate {
      Objects.requireNonNull(sql, "sql");
    }
  }
}
