package dev.takwimu.core;

import java.util.List;

/** Factories for the common data-quality rules; each rule quarantines offending rows unless told otherwise. */
public final class Rules {
  private Rules() {}

  public static QualityRule notEmpty(String column) {
    return rule("not_empty(" + column + ")", new Check.NotEmpty(column));
  }

  public static QualityRule parsesAs(String column, DataType type) {
    return rule("valid_" + type.name().toLowerCase(java.util.Locale.ROOT) + "(" + column + ")",
        new Check.ParsesAs(column, type, false));
  }

  /** Like {@link #parsesAs} but an empty value passes: for optional columns. */
  public static QualityRule parsesAsOrEmpty(String column, DataType type) {
    return rule("valid_" + type.name().toLowerCase(java.util.Locale.ROOT) + "_or_empty(" + column + ")",
        new Check.ParsesAs(column, type, true));
  }

  public static QualityRule greaterThan(String column, double min) {
    return rule(column + " > " + format(min), new Check.Range(column, min, false, null, false, false));
  }

  public static QualityRule atLeast(String column, double min) {
    return rule(column + " >= " + format(min), new Check.Range(column, min, true, null, false, false));
  }

  /** A closed range {@code min <= value <= max}. */
  public static QualityRule between(String column, double min, double max) {
    return rule(format(min) + " <= " + column + " <= " + format(max),
        new Check.Range(column, min, true, max, true, false));
  }

  /** Like {@link #atLeast} but an empty value passes. */
  public static QualityRule atLeastOrEmpty(String column, double min) {
    return rule(column + " >= " + format(min) + " or empty", new Check.Range(column, min, true, null, false, true));
  }

  public static QualityRule acceptedValues(String column, List<String> values) {
    return rule("accepted_values(" + column + ")", new Check.AcceptedValues(column, values, false, false));
  }

  public static QualityRule acceptedValuesIgnoreCase(String column, List<String> values) {
    return rule("accepted_values(" + column + ")", new Check.AcceptedValues(column, values, true, false));
  }

  public static QualityRule matches(String column, String regex) {
    return rule("pattern(" + column + ")", new Check.Pattern(column, regex, false));
  }

  public static QualityRule referenceExists(String column, DatasetId reference, String referenceColumn) {
    return rule("reference(" + column + " -> " + reference.name() + "." + referenceColumn + ")",
        new Check.ReferenceExists(column, reference, referenceColumn, false));
  }

  /** The first row of each key (by {@code orderBy}) among otherwise valid rows is kept; later ones break the rule. */
  public static QualityRule uniqueKey(List<String> columns, List<String> orderBy) {
    return rule("unique(" + String.join(",", columns) + ")", new Check.UniqueKey(columns, orderBy));
  }

  public static QualityRule predicate(String name, String sql) {
    return rule(name, new Check.Predicate(sql));
  }

  private static QualityRule rule(String name, Check check) {
    return new QualityRule(name, Severity.QUARANTINE, check);
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
