package dev.takwimu.core;

/** What a stage does with a row that breaks a data-quality rule. */
public enum Severity {
  /** The row goes to the quarantine dataset with the rule's name; the stage goes on. */
  QUARANTINE,
  /** The row is kept and counted in the stage report's warnings. */
  WARN,
  /** The stage stops and commits nothing. */
  FAIL
}
