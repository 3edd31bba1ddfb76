package dev.takwimu.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named data-quality rule: a check and what to do with rows that break it. Build them with {@link Rules}.
 *
 * @param name how the rule appears in reports and in quarantine records
 * @param severity quarantine the row, warn, or fail the stage
 * @param check the condition each row must meet
 */
public record QualityRule(String name, Severity severity, Check check) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:()<>=!,\\- ]{1,120}");

  public QualityRule {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(check, "check");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid rule name '" + name
          + "': use up to 120 letters, digits, spaces and _.:()<>=!,-");
    }
  }

  public QualityRule named(String newName) {
    return new QualityRule(newName, severity, check);
  }

  /** The same rule, keeping offending rows and counting them as warnings. */
  public QualityRule warn() {
    return new QualityRule(name, Severity.WARN, check);
  }

  /** The same rule, failing the stage on the first offending row. */
  public QualityRule fail() {
    return new QualityRule(name, Severity.FAIL, check);
  }

  /** The same rule, quarantining offending rows (the default). */
  public QualityRule quarantine() {
    return new QualityRule(name, Severity.QUARANTINE, check);
  }
}
