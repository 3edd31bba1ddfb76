-- Writing curated/transactions (1 row per transaction, about 2M at 100k customers): one file against PARTITION_BY
-- txn_date (one directory per day, as the SDK writes it) and its variants. The rows are materialized first so that
-- only the write is timed. Variables: RAW (raw/transactions version directory), OUT.
CREATE OR REPLACE TEMP TABLE kept AS SELECT trim(txn_id) AS txn_id, trim(cust_id) AS customer_id, TRY_CAST(trim(amount) AS DOUBLE) AS amount, nullif(trim(channel), '') AS channel, try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') AS txn_timestamp, CAST(try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') AS DATE) AS txn_date, _source_file, _record_number, _batch_id FROM read_parquet('${RAW}/*.parquet') WHERE try_strptime(trim("timestamp"), '%Y-%m-%d %H:%M:%S') IS NOT NULL;

-- time: write: one file
COPY kept TO '${OUT}/single.parquet' (FORMAT parquet);

-- time: write: PARTITION_BY txn_date, DuckDB defaults (as SDK@fbf9673)
COPY kept TO '${OUT}/daily' (FORMAT parquet, PARTITION_BY (txn_date), OVERWRITE);

-- time: write: files and row groups written
SELECT count(DISTINCT file_name) AS files, count(*) AS row_groups, sum(row_group_num_rows) AS rows FROM parquet_metadata('${OUT}/daily/**/*.parquet') WHERE column_id = 0;

-- time: write: PARTITION_BY txn_date, input ordered by txn_date
COPY (SELECT * FROM kept ORDER BY txn_date) TO '${OUT}/daily-ordered' (FORMAT parquet, PARTITION_BY (txn_date), OVERWRITE);

-- setup
SET partitioned_write_max_open_files = 1000;

-- time: write: PARTITION_BY txn_date, partitioned_write_max_open_files = 1000
COPY kept TO '${OUT}/daily-1000' (FORMAT parquet, PARTITION_BY (txn_date), OVERWRITE);

-- time: write: files written with partitioned_write_max_open_files = 1000
SELECT count(DISTINCT file_name) AS files, count(*) AS row_groups FROM parquet_metadata('${OUT}/daily-1000/**/*.parquet') WHERE column_id = 0;

-- setup
RESET partitioned_write_max_open_files;

-- time: write: PARTITION_BY month
COPY (SELECT *, strftime(txn_date, '%Y-%m') AS txn_month FROM kept) TO '${OUT}/monthly' (FORMAT parquet, PARTITION_BY (txn_month), OVERWRITE);

-- time: write: files written by PARTITION_BY month
SELECT count(DISTINCT file_name) AS files, count(*) AS row_groups FROM parquet_metadata('${OUT}/monthly/**/*.parquet') WHERE column_id = 0;

-- time: read: FEATURES-like aggregation over one file
SELECT count(*), sum(n) FROM (SELECT customer_id, count(*) AS n, sum(amount), max(txn_date) FROM read_parquet('${OUT}/single.parquet') WHERE txn_date <= DATE '2024-12-31' GROUP BY customer_id);

-- time: read: the same over the daily partitions (hive_partitioning, as the SDK reads partitions)
SELECT count(*), sum(n) FROM (SELECT customer_id, count(*) AS n, sum(amount), max(txn_date) FROM read_parquet('${OUT}/daily/**/*.parquet', hive_partitioning = true, union_by_name = true, hive_types = {'txn_date': 'DATE'}) WHERE txn_date <= DATE '2024-12-31' GROUP BY customer_id);

-- time: read: the same over the monthly partitions
SELECT count(*), sum(n) FROM (SELECT customer_id, count(*) AS n, sum(amount), max(txn_date) FROM read_parquet('${OUT}/monthly/**/*.parquet', hive_partitioning = true, union_by_name = true) WHERE txn_date <= DATE '2024-12-31' GROUP BY customer_id);

-- time: read: the same over the daily partitions written with 1000 open files
SELECT count(*), sum(n) FROM (SELECT customer_id, count(*) AS n, sum(amount), max(txn_date) FROM read_parquet('${OUT}/daily-1000/**/*.parquet', hive_partitioning = true, union_by_name = true, hive_types = {'txn_date': 'DATE'}) WHERE txn_date <= DATE '2024-12-31' GROUP BY customer_id);
