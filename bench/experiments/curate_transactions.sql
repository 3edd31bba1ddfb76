-- curate-transactions: the SDK's statements at fbf9673 (as LocalStageRunner sent them, $n bound) against variants.
-- Variables: RAW (raw/transactions version directory), CUSTOMERS (curated/customers version directory), OUT.
CREATE OR REPLACE TEMP VIEW raw_transactions AS SELECT * FROM read_parquet('${RAW}/*.parquet', union_by_name = true);
CREATE OR REPLACE TEMP VIEW customers AS SELECT * FROM read_parquet('${CUSTOMERS}/*.parquet', union_by_name = true);

-- time: curate: SDK@fbf9673 tk_checked (all rule flags + first-occurrence window)
CREATE OR REPLACE TEMP TABLE tk_checked AS SELECT tk_all.*, (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3 OR _tk_v4) AS _tk_rejected FROM (SELECT tk_validated.*, (tk_valid AND row_number() OVER (PARTITION BY tk_valid, trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") > 1) AS _tk_v4 FROM (SELECT tk_flagged.*, NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, CASE WHEN (trim("txn_id") IS NOT NULL AND trim("txn_id") <> '') THEN false ELSE true END AS _tk_v0, CASE WHEN (tk_double(trim("amount")) > 0) THEN false ELSE true END AS _tk_v1, CASE WHEN (tk_timestamp(trim("timestamp")) IS NOT NULL) THEN false ELSE true END AS _tk_v2, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_transactions) tk_candidates) tk_flagged) tk_validated) tk_all;

-- time: curate: tk_checked without the window (row-local flags only)
CREATE OR REPLACE TEMP TABLE tk_flags_only AS SELECT tk_flagged.*, NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, CASE WHEN (trim("txn_id") IS NOT NULL AND trim("txn_id") <> '') THEN false ELSE true END AS _tk_v0, CASE WHEN (tk_double(trim("amount")) > 0) THEN false ELSE true END AS _tk_v1, CASE WHEN (tk_timestamp(trim("timestamp")) IS NOT NULL) THEN false ELSE true END AS _tk_v2, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_transactions) tk_candidates) tk_flagged;

-- time: curate: row-local flags only, plain TRY_CAST/strptime instead of tk_* macros
CREATE OR REPLACE TEMP TABLE tk_flags_plain AS SELECT tk_flagged.*, NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, coalesce(trim(txn_id), '') = '' AS _tk_v0, coalesce(NOT (isfinite(TRY_CAST(trim(amount) AS DOUBLE)) AND TRY_CAST(trim(amount) AS DOUBLE) > 0), true) AS _tk_v1, try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') IS NULL AS _tk_v2, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_transactions) tk_candidates) tk_flagged;

-- time: curate: the first-occurrence window alone, narrow (key + order columns)
SELECT count_if(d) FROM (SELECT (tk_valid AND row_number() OVER (PARTITION BY tk_valid, trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") > 1) AS d FROM tk_flags_only);

-- time: curate: first occurrence as min() per key + semi-join, all columns
CREATE OR REPLACE TEMP TABLE tk_checked_agg AS SELECT f.*, f.tk_valid AND NOT coalesce(k.first, false) AS _tk_v4 FROM tk_flags_only f LEFT JOIN (SELECT min(struct_pack(b := "_batch_id", s := "_source_file", r := "_record_number")) AS o, true AS first FROM tk_flags_only WHERE tk_valid GROUP BY trim("txn_id")) k ON k.o = struct_pack(b := f."_batch_id", s := f."_source_file", r := f."_record_number");

-- time: curate: the window over all columns (tk_flags_only -> table)
CREATE OR REPLACE TEMP TABLE tk_checked_w AS SELECT tk_validated.*, (tk_valid AND row_number() OVER (PARTITION BY tk_valid, trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") > 1) AS _tk_v4 FROM tk_flags_only tk_validated;

-- time: write: SDK@fbf9673 COPY kept rows PARTITION_BY txn_date (macros re-evaluated)
COPY (SELECT CAST("txn_id" AS VARCHAR) AS "txn_id", CAST("customer_id" AS VARCHAR) AS "customer_id", CAST("amount" AS DOUBLE) AS "amount", CAST("channel" AS VARCHAR) AS "channel", CAST("txn_timestamp" AS TIMESTAMP) AS "txn_timestamp", CAST("txn_date" AS DATE) AS "txn_date", CAST("_source_file" AS VARCHAR) AS "_source_file", CAST("_record_number" AS BIGINT) AS "_record_number", CAST("_batch_id" AS VARCHAR) AS "_batch_id" FROM (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, tk_double(amount) AS amount, nullif(trim(channel), '') AS channel, tk_timestamp("timestamp") AS txn_timestamp, CAST(tk_timestamp("timestamp") AS DATE) AS txn_date, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT _tk_rejected) tk_source) TO '${OUT}/curated-partitioned' (FORMAT parquet, PARTITION_BY (txn_date), FILENAME_PATTERN 'part-x-{i}', OVERWRITE);

-- time: write: files written by the partitioned COPY
SELECT count(*) AS files FROM glob('${OUT}/curated-partitioned/*/*.parquet');

-- time: write: same COPY, not partitioned
COPY (SELECT CAST("txn_id" AS VARCHAR) AS "txn_id", CAST("customer_id" AS VARCHAR) AS "customer_id", CAST("amount" AS DOUBLE) AS "amount", CAST("channel" AS VARCHAR) AS "channel", CAST("txn_timestamp" AS TIMESTAMP) AS "txn_timestamp", CAST("txn_date" AS DATE) AS "txn_date", CAST("_source_file" AS VARCHAR) AS "_source_file", CAST("_record_number" AS BIGINT) AS "_record_number", CAST("_batch_id" AS VARCHAR) AS "_batch_id" FROM (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, tk_double(amount) AS amount, nullif(trim(channel), '') AS channel, tk_timestamp("timestamp") AS txn_timestamp, CAST(tk_timestamp("timestamp") AS DATE) AS txn_date, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT _tk_rejected) tk_source) TO '${OUT}/curated-single.parquet' (FORMAT parquet);

-- time: write: not partitioned, plain casts instead of macros
COPY (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, TRY_CAST(trim(amount) AS DOUBLE) AS amount, nullif(trim(channel), '') AS channel, try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') AS txn_timestamp, CAST(try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') AS DATE) AS txn_date, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT _tk_rejected) TO '${OUT}/curated-single-plain.parquet' (FORMAT parquet);

-- time: write: partitioned, plain casts instead of macros
COPY (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, TRY_CAST(trim(amount) AS DOUBLE) AS amount, nullif(trim(channel), '') AS channel, try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') AS txn_timestamp, CAST(try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') AS DATE) AS txn_date, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT _tk_rejected) TO '${OUT}/curated-partitioned-plain' (FORMAT parquet, PARTITION_BY (txn_date), FILENAME_PATTERN 'part-y-{i}', OVERWRITE);

-- time: write: partitioned by month instead of day
COPY (SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, tk_double(amount) AS amount, nullif(trim(channel), '') AS channel, tk_timestamp("timestamp") AS txn_timestamp, CAST(tk_timestamp("timestamp") AS DATE) AS txn_date, strftime(tk_timestamp("timestamp"), '%Y-%m') AS txn_month, _source_file, _record_number, _batch_id FROM tk_checked WHERE NOT _tk_rejected) TO '${OUT}/curated-monthly' (FORMAT parquet, PARTITION_BY (txn_month), FILENAME_PATTERN 'part-z-{i}', OVERWRITE);

-- time: write: SDK@fbf9673 COPY quarantined rows
COPY (SELECT "txn_id", "cust_id", "amount", "channel", "timestamp", "_source_file", "_record_number", "_batch_id", concat_ws('; ', CASE WHEN _tk_v0 THEN 'a' END, CASE WHEN _tk_v1 THEN 'b' END, CASE WHEN _tk_v2 THEN 'c' END, CASE WHEN _tk_v3 THEN 'd' END, CASE WHEN _tk_v4 THEN 'e' END) AS _rejected_by, 'curate-transactions' AS _stage FROM tk_checked WHERE _tk_rejected) TO '${OUT}/quarantine.parquet' (FORMAT parquet);

-- time: features: FEATURES_SQL over the partitioned curated/transactions (hive_partitioning)
SELECT count(*), sum(txn_count) FROM (WITH params AS (SELECT DATE '2024-12-31' AS as_of), txn AS (SELECT t.customer_id, t.amount, t.channel, t.txn_date FROM read_parquet('${OUT}/curated-partitioned/**/*.parquet', hive_partitioning = true, union_by_name = true, hive_types = {'txn_date': 'DATE'}) t CROSS JOIN params p WHERE t.txn_date <= p.as_of), txn_stats AS (SELECT customer_id, sum(amount) AS total_txn_amount, avg(amount) AS avg_txn_amount, count(*) AS txn_count, max(txn_date) AS last_txn_date FROM txn GROUP BY customer_id), channel_counts AS (SELECT customer_id, channel, count(*) AS uses FROM txn WHERE channel IS NOT NULL GROUP BY customer_id, channel), channel_stats AS (SELECT customer_id, count(*) AS unique_channels, min(CASE WHEN channel_rank = 1 THEN channel END) AS most_used_channel FROM (SELECT customer_id, channel, row_number() OVER (PARTITION BY customer_id ORDER BY uses DESC, channel ASC) AS channel_rank FROM channel_counts) ranked GROUP BY customer_id) SELECT ts.*, cs.unique_channels, cs.most_used_channel FROM txn_stats ts LEFT JOIN channel_stats cs USING (customer_id));

-- time: features: the same over the unpartitioned file
SELECT count(*), sum(txn_count) FROM (WITH params AS (SELECT DATE '2024-12-31' AS as_of), txn AS (SELECT t.customer_id, t.amount, t.channel, t.txn_date FROM read_parquet('${OUT}/curated-single.parquet') t CROSS JOIN params p WHERE t.txn_date <= p.as_of), txn_stats AS (SELECT customer_id, sum(amount) AS total_txn_amount, avg(amount) AS avg_txn_amount, count(*) AS txn_count, max(txn_date) AS last_txn_date FROM txn GROUP BY customer_id), channel_counts AS (SELECT customer_id, channel, count(*) AS uses FROM txn WHERE channel IS NOT NULL GROUP BY customer_id, channel), channel_stats AS (SELECT customer_id, count(*) AS unique_channels, min(CASE WHEN channel_rank = 1 THEN channel END) AS most_used_channel FROM (SELECT customer_id, channel, row_number() OVER (PARTITION BY customer_id ORDER BY uses DESC, channel ASC) AS channel_rank FROM channel_counts) ranked GROUP BY customer_id) SELECT ts.*, cs.unique_channels, cs.most_used_channel FROM txn_stats ts LEFT JOIN channel_stats cs USING (customer_id));

-- time: features: the same over the monthly partitions
SELECT count(*), sum(txn_count) FROM (WITH params AS (SELECT DATE '2024-12-31' AS as_of), txn AS (SELECT t.customer_id, t.amount, t.channel, t.txn_date FROM read_parquet('${OUT}/curated-monthly/**/*.parquet', hive_partitioning = true, union_by_name = true) t CROSS JOIN params p WHERE t.txn_date <= p.as_of), txn_stats AS (SELECT customer_id, sum(amount) AS total_txn_amount, avg(amount) AS avg_txn_amount, count(*) AS txn_count, max(txn_date) AS last_txn_date FROM txn GROUP BY customer_id), channel_counts AS (SELECT customer_id, channel, count(*) AS uses FROM txn WHERE channel IS NOT NULL GROUP BY customer_id, channel), channel_stats AS (SELECT customer_id, count(*) AS unique_channels, min(CASE WHEN channel_rank = 1 THEN channel END) AS most_used_channel FROM (SELECT customer_id, channel, row_number() OVER (PARTITION BY customer_id ORDER BY uses DESC, channel ASC) AS channel_rank FROM channel_counts) ranked GROUP BY customer_id) SELECT ts.*, cs.unique_channels, cs.most_used_channel FROM txn_stats ts LEFT JOIN channel_stats cs USING (customer_id));

-- time: manifest: parquet_metadata row counts of the daily partitions (as LocalLakeStore.newFiles)
SELECT count(*), sum(n) FROM (SELECT file_name, sum(row_group_num_rows) AS n FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows FROM parquet_metadata('${OUT}/curated-partitioned/**/*.parquet')) GROUP BY file_name);

-- time: manifest: the same for the unpartitioned file
SELECT count(*), sum(n) FROM (SELECT file_name, sum(row_group_num_rows) AS n FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows FROM parquet_metadata('${OUT}/curated-single.parquet')) GROUP BY file_name);

-- time: manifest: parquet_file_metadata (footer only) for the daily partitions
SELECT count(*), sum(num_rows) FROM parquet_file_metadata('${OUT}/curated-partitioned/**/*.parquet');
