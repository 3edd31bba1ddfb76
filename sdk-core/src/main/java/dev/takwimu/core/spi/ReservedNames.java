package dev.takwimu.core.spi;

import dev.takwimu.core.InvalidInputException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Column names Takwimu adds to rows. Every one starts with {@value #PREFIX}: lineage ({@code _source_file},
 * {@code _record_number}, {@code _batch_id}), quarantine reasons ({@code _rejected_by}, {@code _stage}) and a stage
 * runner's working columns ({@code _tk_...}). An export header may not use the prefix at all; a stage's candidate rows
 * carry lineage through but may not carry a working column or a quarantine reason, which the runner would shadow.
 */
public final class ReservedNames {
  /** The prefix of every column Takwimu adds. */
  public static final String PREFIX = "_";
  /** The prefix of a stage runner's working columns. */
  public static final String WORKING_PREFIX = "_tk_";
  /** The quarantine columns a stage adds to each rejected row. */
  public static final List<String> QUARANTINE_COLUMNS = List.of("_rejected_by", "_stage");

  private ReservedNames() {}

  /** Whether an export header may not use this (normalized) column name. */
  public static boolean reservedInExports(String column) {
    return column.startsWith(PREFIX);
  }

  /**
   * Refuses a stage whose candidate rows have a column named like a working column or a quarantine column.
   *
   * @throws InvalidInputException naming the stage and the column
   */
  public static void checkCandidates(String stage, Collection<String> columns) {
    for (String column : columns) {
      String lower = column.toLowerCase(Locale.ROOT);
      if (lower.startsWith(WORKING_PREFIX) || QUARANTINE_COLUMNS.contains(lower)) {
        throw new InvalidInputException("Stage " + stage + ": candidate column " + column + " is reserved for Takwimu"
            + " (names starting with " + WORKING_PREFIX + ", " + String.join(", ", QUARANTINE_COLUMNS)
            + "); rename it in the stage's SQL");
      }
    }
  }
}
