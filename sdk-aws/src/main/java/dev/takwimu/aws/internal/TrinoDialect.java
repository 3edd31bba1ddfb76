package dev.takwimu.aws.internal;

import dev.takwimu.core.spi.SqlDialect;

/** Placeholder until the dialect branch lands: Trino's regex and the tk_* expansion. */
public final class TrinoDialect implements SqlDialect {
  public static final TrinoDialect INSTANCE = new TrinoDialect();

  private TrinoDialect() {}

  @Override
  public String regexFullMatch(String text, String pattern) {
    return "regexp_like(" + text + ", '^(?:' || " + pattern + " || ')$')";
  }

  public String expand(String sql) {
    return sql;
  }
}
