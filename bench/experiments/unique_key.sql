-- The first-occurrence (unique key) check on curated transactions: formulations of "which valid rows repeat an
-- earlier row's txn_id", over tk_checked as LocalStageRunner builds it. At 1M customers (20M rows) and the SDK's
-- memory_limit of 1GB this is where the SDK since f7a4417 runs out of memory.
-- Variables: RAW, CUSTOMERS, OUT. Run after macros.sql.
CREATE OR REPLACE TEMP VIEW raw_transactions AS SELECT * FROM read_parquet('${RAW}/*.parquet', union_by_name = true);
CREATE OR REPLACE TEMP VIEW customers AS SELECT * FROM read_parquet('${CUSTOMERS}/*.parquet', union_by_name = true);
CREATE OR REPLACE TEMP TABLE tk_checked AS SELECT tk_flagged.*, NOT (_tk_v0 OR _tk_v1 OR _tk_v2 OR _tk_v3) AS tk_valid FROM (SELECT tk_candidates.*, CASE WHEN (trim("txn_id") IS NOT NULL AND trim("txn_id") <> '') THEN false ELSE true END AS _tk_v0, CASE WHEN (tk_double(trim("amount")) > 0) THEN false ELSE true END AS _tk_v1, CASE WHEN (tk_timestamp(trim("timestamp")) IS NOT NULL) THEN false ELSE true END AS _tk_v2, CASE WHEN (trim("cust_id") IN (SELECT "customer_id" FROM "customers")) THEN false ELSE true END AS _tk_v3 FROM (SELECT * FROM raw_transactions) tk_candidates) tk_flagged;

-- time: unique: aggregate: keys seen more than once with their first arrival, then the later rows' ids
CREATE OR REPLACE TEMP TABLE tk_repeated AS SELECT trim("txn_id") AS k, min(struct_pack(b := "_batch_id", f := "_source_file", r := "_record_number")) AS first FROM tk_checked WHERE tk_valid GROUP BY trim("txn_id") HAVING count(*) > 1;
CREATE OR REPLACE TEMP TABLE tk_dup_agg AS SELECT t.rowid AS tk_rid FROM tk_checked t JOIN tk_repeated d ON trim(t."txn_id") = d.k WHERE t.tk_valid AND struct_pack(b := t."_batch_id", f := t."_source_file", r := t."_record_number") <> d.first;
SELECT count(*) FROM tk_dup_agg;

-- time: unique: keys that repeat first (GROUP BY), then the narrow window over their rows only
CREATE OR REPLACE TEMP TABLE tk_repeated_keys AS SELECT trim("txn_id") AS k FROM tk_checked WHERE tk_valid GROUP BY trim("txn_id") HAVING count(*) > 1;
CREATE OR REPLACE TEMP TABLE tk_dup_keys_first AS SELECT tk_rid FROM (SELECT rowid AS tk_rid, row_number() OVER (PARTITION BY trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") AS tk_n FROM tk_checked WHERE tk_valid AND trim("txn_id") IN (SELECT k FROM tk_repeated_keys)) tk_ranked WHERE tk_n > 1;
SELECT count(*) FROM tk_dup_keys_first;

-- time: unique: check: same rows as the aggregate formulation
SELECT (SELECT count(*) FROM (SELECT tk_rid FROM tk_dup_agg EXCEPT SELECT tk_rid FROM tk_dup_keys_first)) + (SELECT count(*) FROM (SELECT tk_rid FROM tk_dup_keys_first EXCEPT SELECT tk_rid FROM tk_dup_agg)) AS differing;

-- setup
SET preserve_insertion_order = false;

-- time: unique: narrow window with rowid, preserve_insertion_order = false
CREATE OR REPLACE TEMP TABLE tk_duplicates_unordered AS SELECT tk_rid FROM (SELECT rowid AS tk_rid, row_number() OVER (PARTITION BY trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") AS tk_n FROM tk_checked WHERE tk_valid) tk_ranked WHERE tk_n > 1;
SELECT count(*) FROM tk_duplicates_unordered;

-- setup
RESET preserve_insertion_order;

-- time: unique: SDK since f7a4417: narrow window with rowid
CREATE OR REPLACE TEMP TABLE tk_duplicates_4 AS SELECT tk_rid FROM (SELECT rowid AS tk_rid, row_number() OVER (PARTITION BY trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") AS tk_n FROM tk_checked WHERE tk_valid) tk_ranked WHERE tk_n > 1;
SELECT count(*) FROM tk_duplicates_4;

-- time: unique: check: both formulations find the same rows
SELECT (SELECT count(*) FROM (SELECT tk_rid FROM tk_dup_agg EXCEPT SELECT tk_rid FROM tk_duplicates_4)) + (SELECT count(*) FROM (SELECT tk_rid FROM tk_duplicates_4 EXCEPT SELECT tk_rid FROM tk_dup_agg)) AS differing;

-- time: unique: SDK before f7a4417: the window over whole rows, in the CREATE of tk_checked
CREATE OR REPLACE TEMP TABLE tk_checked_old AS SELECT tk_validated.*, (tk_valid AND row_number() OVER (PARTITION BY tk_valid, trim("txn_id") ORDER BY "_batch_id", "_source_file", "_record_number") > 1) AS _tk_v4 FROM tk_checked tk_validated;
SELECT count_if(_tk_v4) FROM tk_checked_old;
