-- What the tk_* parse macros cost against DuckDB's own casts, over the 2M raw transaction values.
-- Variables: RAW (raw/transactions version directory). Run after macros.sql.
CREATE OR REPLACE TEMP TABLE raw_txn AS SELECT amount, "timestamp" FROM read_parquet('${RAW}/*.parquet');

-- time: macros: tk_timestamp(timestamp)
SELECT count(tk_timestamp("timestamp")) FROM raw_txn;

-- time: macros: try_strptime(trim(timestamp), '%Y-%m-%d %H:%M:%S')
SELECT count(try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S')) FROM raw_txn;

-- time: macros: TRY_CAST(trim(timestamp) AS TIMESTAMP)
SELECT count(TRY_CAST(trim("timestamp") AS TIMESTAMP)) FROM raw_txn;

-- time: macros: the regexp_full_match of tk_timestamp alone
SELECT count_if(regexp_full_match(trim("timestamp"), '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}')) FROM raw_txn;

-- time: macros: tk_timestamp's fast path with the regex replaced by strptime (same values on this data)
SELECT count(CASE WHEN length(trim("timestamp")) = 19 AND substr(trim("timestamp"), 5, 1) = '-' AND substr(trim("timestamp"), 8, 1) = '-' AND substr(trim("timestamp"), 11, 1) = ' ' AND substr(trim("timestamp"), 14, 1) = ':' AND substr(trim("timestamp"), 17, 1) = ':' THEN try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') END) FROM raw_txn;

-- time: macros: tk_double(amount)
SELECT count(tk_double(amount)) FROM raw_txn;

-- time: macros: TRY_CAST(trim(amount) AS DOUBLE)
SELECT count(TRY_CAST(trim(amount) AS DOUBLE)) FROM raw_txn;
