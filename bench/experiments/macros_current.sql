-- The SDK's parse macros as of commit 0b4b804 (copied from sdk-local DuckDbDialect.MACROS), for the 2026-11 experiments.
      CREATE OR REPLACE MACRO tk_date(s) AS
        CASE WHEN length(trim(s)) = 10 AND substr(trim(s), 5, 1) = '-' AND substr(trim(s), 8, 1) = '-'
                  AND regexp_full_match(trim(s), '[0-9]{4}-[0-9]{2}-[0-9]{2}')
             THEN TRY_CAST(trim(s) AS DATE) END;
      CREATE OR REPLACE MACRO tk_double(s) AS
        CASE WHEN isfinite(TRY_CAST(trim(s) AS DOUBLE))
                  AND NOT contains(trim(s), '_')
             THEN TRY_CAST(trim(s) AS DOUBLE) END;
      CREATE OR REPLACE MACRO tk_long(s) AS
        CASE WHEN regexp_full_match(trim(s), '[+-]?[0-9]+') THEN TRY_CAST(trim(s) AS BIGINT) END;
      CREATE OR REPLACE MACRO tk_boolean(s) AS
        CASE lower(trim(s))
          WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true
          WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END;
      CREATE OR REPLACE MACRO tk_timestamp(s) AS
        CASE WHEN length(trim(s)) = 19 AND substr(trim(s), 5, 1) = '-' AND substr(trim(s), 8, 1) = '-'
                  AND substr(trim(s), 11, 1) IN (' ', 'T') AND substr(trim(s), 14, 1) = ':'
                  AND substr(trim(s), 17, 1) = ':' AND substr(trim(s), 1, 1) BETWEEN '0' AND '9'
             THEN TRY_CAST(trim(s) AS TIMESTAMP)
             WHEN regexp_full_match(trim(s), '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?')
             THEN TRY_CAST(trim(s) AS TIMESTAMP)
             WHEN regexp_full_match(trim(s),
                  '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)')
             THEN CAST(timezone('Africa/Nairobi', TRY_CAST(trim(s) AS TIMESTAMPTZ)) AS TIMESTAMP)
        END;
