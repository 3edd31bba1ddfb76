package dev.takwimu.core.spi;

import dev.takwimu.core.Check;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.QualityRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders data-quality checks as SQL over candidate rows; shared by every backend so rules mean the same everywhere. */
public final class RuleSql {
  private RuleSql() {}

  /** A piece of SQL with the values for its {@code ?} placeholders, in order. */
  public record Fragment(String sql, List<Object> params) {
    public Fragment {
      params = List.copyOf(params);
    }
  }

  /**
   * A boolean expression that is TRUE when a row passes the rule's check. Unique keys are not row-local and are rendered
   * by {@link #uniqueKeyViolation}.
   *
   * @param columns candidate column name to type
   * @param referenceAlias the alias under which a referenced dataset is bound in the query
   * @throws InvalidInputException when the rule names a column the candidates do not have
   */
  public static Fragment passes(QualityRule rule, Map<String, DataType> columns,
      Function<DatasetId, String> referenceAlias, SqlDialect dialect) {
    Check check = rule.check();
    if (check instanceof Check.Predicate predicate) {
      return new Fragment("(" + predicate.sql() + ")", List.of());
    }
    if (check instanceof Check.UniqueKey) {
      throw new IllegalArgumentException("Unique keys are rendered by uniqueKeyViolation");
    }
    Check.ColumnCheck columnCheck = (Check.ColumnCheck) check;
    DataType type = requireColumn(rule, columnCheck.column(), columns);
    String value = value(columnCheck.column(), type, dialect);
    List<Object> params = new ArrayList<>();
    String condition;
    if (columnCheck instanceof Check.NotEmpty) {
      condition = notEmpty(value, type);
    } else if (columnCheck instanceof Check.ParsesAs parsesAs) {
      condition = parses(value, type, parsesAs.type());
    } else if (columnCheck instanceof Check.Range range) {
      String number = type == DataType.STRING ? "tk_double(" + value + ")" : value;
      List<String> bounds = new ArrayList<>();
      if (range.min() != null) {
        bounds.add(number + (range.minInclusive() ? " >= ?" : " > ?"));
        params.add(range.min());
      }
      if (range.max() != null) {
        bounds.add(number + (range.maxInclusive() ? " <= ?" : " < ?"));
        params.add(range.max());
      }
      condition = String.join(" AND ", bounds);
    } else if (columnCheck instanceof Check.AcceptedValues accepted) {
      String subject = accepted.ignoreCase() ? "lower(" + value + ")" : value;
      for (String v : accepted.values()) {
        params.add(accepted.ignoreCase() ? v.toLowerCase(Locale.ROOT) : v);
      }
      condition = subject + " IN (" + accepted.values().stream().map(v -> "?").collect(Collectors.joining(", ")) + ")";
    } else if (columnCheck instanceof Check.Pattern pattern) {
      params.add(pattern.regex());
      condition = dialect.regexFullMatch(value, "?");
    } else {
      Check.ReferenceExists reference = (Check.ReferenceExists) columnCheck;
      condition = value + " IN (SELECT " + dialect.quote(reference.referenceColumn())
          + " FROM " + dialect.quote(referenceAlias.apply(reference.reference())) + ")";
    }
    if (columnCheck.optional()) {
      condition = "(" + empty(value, type) + ") OR (" + condition + ")";
    }
    return new Fragment("(" + condition + ")", params);
  }

  /** The expressions a unique-key rule compares (text trimmed), in key order. */
  public static List<String> uniqueKeyExpressions(QualityRule rule, Map<String, DataType> columns,
      SqlDialect dialect) {
    Check.UniqueKey key = (Check.UniqueKey) rule.check();
    List<String> keys = new ArrayList<>();
    for (String column : key.columns()) {
      keys.add(value(column, requireColumn(rule, column, columns), dialect));
    }
    return keys;
  }

  /** The arrival order of a unique-key rule ({@code a, b, c}), or empty when it has none. */
  public static String uniqueKeyOrder(QualityRule rule, Map<String, DataType> columns, SqlDialect dialect) {
    Check.UniqueKey key = (Check.UniqueKey) rule.check();
    for (String column : key.orderBy()) {
      requireColumn(rule, column, columns);
    }
    return key.orderBy().stream().map(dialect::quote).collect(Collectors.joining(", "));
  }

  /** The column's value as checks see it: text trimmed. */
  public static String value(String column, DataType type, SqlDialect dialect) {
    return type == DataType.STRING ? "trim(" + dialect.quote(column) + ")" : dialect.quote(column);
  }

  private static String notEmpty(String value, DataType type) {
    return type == DataType.STRING ? value + " IS NOT NULL AND " + value + " <> ''" : value + " IS NOT NULL";
  }

  private static String empty(String value, DataType type) {
    return type == DataType.STRING ? value + " IS NULL OR " + value + " = ''" : value + " IS NULL";
  }

  private static String parses(String value, DataType actual, DataType wanted) {
    if (actual != DataType.STRING || wanted == DataType.STRING) {
      return value + " IS NOT NULL";
    }
    return PortableFunctions.parser(wanted) + "(" + value + ") IS NOT NULL";
  }

  private static DataType requireColumn(QualityRule rule, String column, Map<String, DataType> columns) {
    DataType type = columns.get(column);
    if (type == null) {
      throw new InvalidInputException(String.format("Rule %s refers to column %s, which the rows do not have (columns: %s)",
          rule.name(), column, String.join(", ", columns.keySet())));
    }
    return type;
  }
}
