package dev.takwimu.core.spi;

/**
 * The few places where backends' SQL differs. Besides these, stage and insight SQL uses the portable subset described in
 * docs/semantics.md, plus the parse functions of {@link PortableFunctions}, which every backend must provide.
 */
public interface SqlDialect {

  /** Quotes an identifier. */
  default String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A boolean expression: {@code text} matches the regular expression {@code pattern} as a whole. */
  String regexFullMatch(String text, String pattern);
}
