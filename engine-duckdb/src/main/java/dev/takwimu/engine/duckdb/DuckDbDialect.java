package dev.takwimu.engine.duckdb;

import dev.takwimu.core.spi.SqlDialect;
import java.util.List;

/**
 * Everything DuckDB-specific about the portable SQL: the regex function and the parse functions as macros, which every
 * {@link DuckDb} installs.
 */
public final class DuckDbDialect implements SqlDialect {
  public static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private DuckDbDialect() {}

  @Override
  public String regexFullMatch(String text, String pattern) {
    return "regexp_full_match(" + text + ", " + pattern + ")";
  }

  /**
   * The portable parse functions ({@link dev.takwimu.core.spi.PortableFunctions}) as DuckDB macros. Cheap character
   * checks come first so the common well-formed timestamp never reaches a regular expression: with the separators in
   * place and only digits between them, {@code YYYY-MM-DD HH:MM:SS} is the only shape left (DuckDB's cast alone would
   * also take {@code 2024-01-1  10:20:30} or {@code 2024-01-11 10:20:3Z}). DuckDB's cast to DOUBLE takes {@code 1_000}
   * and {@code +-4}, which are not numbers. The AWS backend's TrinoDialect writes the same functions out for Athena and
   * is tested value by value against these macros.
   */
  static final List<String> MACROS = List.of(
      """
      CREATE OR REPLACE MACRO tk_date(s) AS
        CASE WHEN length(trim(s)) = 10 AND substr(trim(s), 5, 1) = '-' AND substr(trim(s), 8, 1) = '-'
                  AND regexp_full_match(trim(s), '[0-9]{4}-[0-9]{2}-[0-9]{2}')
             THEN TRY_CAST(trim(s) AS DATE) END""",
      """
      CREATE OR REPLACE MACRO tk_double(s) AS
        CASE WHEN isfinite(TRY_CAST(trim(s) AS DOUBLE))
                  AND NOT contains(trim(s), '_') AND NOT contains(trim(s), '+-')
             THEN TRY_CAST(trim(s) AS DOUBLE) END""",
      """
      CREATE OR REPLACE MACRO tk_long(s) AS
        CASE WHEN regexp_full_match(trim(s), '[+-]?[0-9]+') THEN TRY_CAST(trim(s) AS BIGINT) END""",
      """
      CREATE OR REPLACE MACRO tk_boolean(s) AS
        CASE lower(trim(s))
          WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true
          WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END""",
      """
      CREATE OR REPLACE MACRO tk_timestamp(s) AS
        CASE WHEN length(trim(s)) = 19 AND substr(trim(s), 5, 1) = '-' AND substr(trim(s), 8, 1) = '-'
                  AND substr(trim(s), 11, 1) IN (' ', 'T') AND substr(trim(s), 14, 1) = ':'
                  AND substr(trim(s), 17, 1) = ':' AND translate(trim(s), '0123456789', '') IN ('-- ::', '--T::')
             THEN TRY_CAST(trim(s) AS TIMESTAMP)
             WHEN regexp_full_match(trim(s), '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?')
             THEN TRY_CAST(trim(s) AS TIMESTAMP)
             WHEN regexp_full_match(trim(s),
                  '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)')
             THEN CAST(timezone('Africa/Nairobi', TRY_CAST(trim(s) AS TIMESTAMPTZ)) AS TIMESTAMP)
        END""");
}
