-- curate-transactions at 9b73fdf (each parse computed in the check and again in the select list) against the same
-- statements with the parsed values kept in tk_checked (what 0b4b804 does), plus floors: the raw read alone, a
-- temporary table as the source, one file instead of month partitions, no parse at all. Variables: RAW, CUSTOMERS,
-- OUT. Run after macros_current.sql.
CREATE OR REPLACE TEMP VIEW raw_transactions AS SELECT "txn_id", "cust_id", "amount", "channel", "timestamp", "_source_file", "_record_number", "_batch_id" FROM read_parquet('${RAW}/**/*.parquet', union_by_name = true);
CREATE OR REPLACE TEMP VIEW customers AS SELECT * FROM read_parquet('${CUSTOMERS}/**/*.parquet', union_by_name = true);
CREATE OR REPLACE TEMP TABLE raw_copy AS SELECT * FROM raw_transactions;

-- time: materialize raw parquet only
CREATE OR REPLACE TEMP TABLE tk_x AS SELECT * FROM raw_transactions;

-- time: tk_checked as shipped (from parquet)
CREATE OR REPLACE TEMP TABLE tk_checked AS SELECT tk_flagged.*, NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, CASE WHEN (trim("txn_id") IS NOT NULL AND trim("txn_id") <> '') THEN false ELSE true END AS _tk_v0, CASE WHEN (tk_double(trim("amount")) > 0) THEN false ELSE true END AS _tk_v1, CASE WHEN (tk_timestamp(trim("timestamp")) IS NOT NULL) THEN false ELSE true END AS _tk_v2, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_transactions) tk_candidates) tk_flagged;

-- time: tk_checked as shipped (from a temp table)
CREATE OR REPLACE TEMP TABLE tk_checked AS SELECT tk_flagged.*, NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, CASE WHEN (trim("txn_id") IS NOT NULL AND trim("txn_id") <> '') THEN false ELSE true END AS _tk_v0, CASE WHEN (tk_double(trim("amount")) > 0) THEN false ELSE true END AS _tk_v1, CASE WHEN (tk_timestamp(trim("timestamp")) IS NOT NULL) THEN false ELSE true END AS _tk_v2, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_copy) tk_candidates) tk_flagged;

-- time: tk_checked with parsed values kept (from parquet)
CREATE OR REPLACE TEMP TABLE tk_checked2 AS SELECT tk_p.*, _tk_p1 IS NULL OR NOT (_tk_p1 > 0) AS _tk_v1, _tk_p2 IS NULL AS _tk_v2, NOT (_tk_v0 OR coalesce(NOT (_tk_p1 > 0), true) OR _tk_p2 IS NULL OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, tk_double(trim("amount")) AS _tk_p1, tk_timestamp(trim("timestamp")) AS _tk_p2, CASE WHEN (trim("txn_id") IS NOT NULL AND trim("txn_id") <> '') THEN false ELSE true END AS _tk_v0, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_transactions) tk_candidates) tk_p;

-- setup
CREATE OR REPLACE TEMP TABLE tk_repeated_keys_4 AS SELECT trim("txn_id") AS tk_k0 FROM tk_checked WHERE tk_valid GROUP BY ALL HAVING count(*) > 1;
CREATE OR REPLACE TEMP TABLE tk_duplicates_4 AS SELECT tk_rid FROM (SELECT tk_rows.rowid AS tk_rid, row_number() OVER (PARTITION BY trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") AS tk_n FROM tk_checked tk_rows JOIN tk_repeated_keys_4 tk_keys ON tk_keys.tk_k0 IS NOT DISTINCT FROM trim("txn_id") WHERE tk_valid) tk_ranked WHERE tk_n > 1;

-- time: kept COPY as shipped (partitioned)
COPY (SELECT CAST("txn_id" AS VARCHAR) AS "txn_id", CAST("customer_id" AS VARCHAR) AS "customer_id", CAST("amount" AS DOUBLE) AS "amount", CAST("channel" AS VARCHAR) AS "channel", CAST("txn_timestamp" AS TIMESTAMP) AS "txn_timestamp", CAST("txn_date" AS DATE) AS "txn_date", CAST("txn_month" AS DATE) AS "txn_month", CAST("_source_file" AS VARCHAR) AS "_source_file", CAST("_record_number" AS BIGINT) AS "_record_number", CAST("_batch_id" AS VARCHAR) AS "_batch_id" FROM (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, tk_double(amount) AS amount, nullif(trim(channel), '') AS channel, tk_timestamp("timestamp") AS txn_timestamp, CAST(tk_timestamp("timestamp") AS DATE) AS txn_date, CAST(date_trunc('month', tk_timestamp("timestamp")) AS DATE) AS txn_month, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3 OR (rowid IN (SELECT tk_rid FROM tk_duplicates_4)))) tk_source) TO '${OUT}/a' (FORMAT parquet, PARTITION_BY (txn_month), FILENAME_PATTERN 'part-a-{i}', OVERWRITE_OR_IGNORE);

-- time: kept COPY shipped select, one file
COPY (SELECT CAST("txn_id" AS VARCHAR) AS "txn_id", CAST("customer_id" AS VARCHAR) AS "customer_id", CAST("amount" AS DOUBLE) AS "amount", CAST("channel" AS VARCHAR) AS "channel", CAST("txn_timestamp" AS TIMESTAMP) AS "txn_timestamp", CAST("txn_date" AS DATE) AS "txn_date", CAST("txn_month" AS DATE) AS "txn_month", CAST("_source_file" AS VARCHAR) AS "_source_file", CAST("_record_number" AS BIGINT) AS "_record_number", CAST("_batch_id" AS VARCHAR) AS "_batch_id" FROM (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, tk_double(amount) AS amount, nullif(trim(channel), '') AS channel, tk_timestamp("timestamp") AS txn_timestamp, CAST(tk_timestamp("timestamp") AS DATE) AS txn_date, CAST(date_trunc('month', tk_timestamp("timestamp")) AS DATE) AS txn_month, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3 OR (rowid IN (SELECT tk_rid FROM tk_duplicates_4)))) tk_source) TO '${OUT}/b.parquet' (FORMAT parquet);

-- time: kept COPY precomputed values, partitioned
COPY (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, _tk_p1 AS amount, nullif(trim(channel), '') AS channel, _tk_p2 AS txn_timestamp, CAST(_tk_p2 AS DATE) AS txn_date, CAST(date_trunc('month', _tk_p2) AS DATE) AS txn_month, _source_file, _record_number, _batch_id FROM tk_checked2 WHERE NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3 OR (rowid IN (SELECT tk_rid FROM tk_duplicates_4)))) TO '${OUT}/c' (FORMAT parquet, PARTITION_BY (txn_month), FILENAME_PATTERN 'part-a-{i}', OVERWRITE_OR_IGNORE);

-- time: kept COPY shipped, preserve_insertion_order=false, partitioned
SET preserve_insertion_order = false;
COPY (SELECT CAST("txn_id" AS VARCHAR) AS "txn_id", CAST("customer_id" AS VARCHAR) AS "customer_id", CAST("amount" AS DOUBLE) AS "amount", CAST("channel" AS VARCHAR) AS "channel", CAST("txn_timestamp" AS TIMESTAMP) AS "txn_timestamp", CAST("txn_date" AS DATE) AS "txn_date", CAST("txn_month" AS DATE) AS "txn_month", CAST("_source_file" AS VARCHAR) AS "_source_file", CAST("_record_number" AS BIGINT) AS "_record_number", CAST("_batch_id" AS VARCHAR) AS "_batch_id" FROM (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, tk_double(amount) AS amount, nullif(trim(channel), '') AS channel, tk_timestamp("timestamp") AS txn_timestamp, CAST(tk_timestamp("timestamp") AS DATE) AS txn_date, CAST(date_trunc('month', tk_timestamp("timestamp")) AS DATE) AS txn_month, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3 OR (rowid IN (SELECT tk_rid FROM tk_duplicates_4)))) tk_source) TO '${OUT}/d' (FORMAT parquet, PARTITION_BY (txn_month), FILENAME_PATTERN 'part-a-{i}', OVERWRITE_OR_IGNORE);
SET preserve_insertion_order = true;

-- time: kept COPY no macros, only columns (write cost floor), partitioned
COPY (SELECT txn_id, cust_id AS customer_id, _tk_p1 AS amount, channel, _tk_p2 AS txn_timestamp, CAST(_tk_p2 AS DATE) AS txn_date, CAST(date_trunc('month', _tk_p2) AS DATE) AS txn_month, _source_file, _record_number, _batch_id FROM tk_checked2) TO '${OUT}/e' (FORMAT parquet, PARTITION_BY (txn_month), FILENAME_PATTERN 'part-a-{i}', OVERWRITE_OR_IGNORE);
