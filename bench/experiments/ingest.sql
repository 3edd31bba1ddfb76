-- Ingest of mpesatransactionsdata.csv: the SDK's COPY at fbf9673 (as LocalIngestor sent it) against variants.
-- Variables: CSV (the export), OUT (a scratch directory).

-- time: ingest: SDK@fbf9673 COPY csv -> raw parquet (lineage, row_number)
COPY (SELECT CAST("txn_id" AS VARCHAR) AS "txn_id", CAST("cust_id" AS VARCHAR) AS "cust_id", CAST("amount" AS VARCHAR) AS "amount", CAST("channel" AS VARCHAR) AS "channel", CAST("timestamp" AS VARCHAR) AS "timestamp", CAST("_source_file" AS VARCHAR) AS "_source_file", CAST("_record_number" AS BIGINT) AS "_record_number", CAST("_batch_id" AS VARCHAR) AS "_batch_id" FROM (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('mpesatransactionsdata.csv' AS VARCHAR) AS _source_file, CAST(row_number() OVER () AS BIGINT) AS _record_number, CAST('b20250101T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'})) tk_source) TO '${OUT}/ingest-sdk.parquet' (FORMAT parquet);

-- time: ingest: same without _record_number (no window)
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", 'mpesatransactionsdata.csv' AS _source_file, 'b20250101T000000.000Z-0001' AS _batch_id FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'})) TO '${OUT}/ingest-norownum.parquet' (FORMAT parquet);

-- time: ingest: row_number, constant lineage columns left out of the file
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", row_number() OVER () AS _record_number FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'})) TO '${OUT}/ingest-rownum-only.parquet' (FORMAT parquet);

-- time: ingest: plain COPY csv -> parquet, all text
COPY (SELECT * FROM read_csv('${CSV}', header = true, all_varchar = true)) TO '${OUT}/ingest-plain.parquet' (FORMAT parquet);

-- time: ingest: read the CSV only (count)
SELECT count(*) FROM read_csv('${CSV}', header = true, all_varchar = true);

-- time: ingest: record number from a temp table's rowid (load, then COPY)
CREATE OR REPLACE TEMP TABLE tk_csv AS SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp" FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'});
COPY (SELECT *, 'mpesatransactionsdata.csv' AS _source_file, rowid + 1 AS _record_number, 'b20250101T000000.000Z-0001' AS _batch_id FROM tk_csv) TO '${OUT}/ingest-rowid.parquet' (FORMAT parquet);

-- time: ingest: check: rowid numbering equals row_number() numbering
SELECT count(*) AS rows, count_if(a.txn_id IS DISTINCT FROM b.txn_id OR a.amount IS DISTINCT FROM b.amount) AS differing FROM read_parquet('${OUT}/ingest-sdk.parquet') a JOIN read_parquet('${OUT}/ingest-rowid.parquet') b USING (_record_number);

-- time: ingest: rowid record numbers, COMPRESSION uncompressed
CREATE OR REPLACE TEMP TABLE tk_csv AS SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp" FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'});
COPY (SELECT *, 'mpesatransactionsdata.csv' AS _source_file, rowid + 1 AS _record_number, 'b20250101T000000.000Z-0001' AS _batch_id FROM tk_csv) TO '${OUT}/ingest-rowid-uncompressed.parquet' (FORMAT parquet, COMPRESSION uncompressed);

-- time: ingest: rowid record numbers, COMPRESSION zstd
CREATE OR REPLACE TEMP TABLE tk_csv AS SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp" FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'});
COPY (SELECT *, 'mpesatransactionsdata.csv' AS _source_file, rowid + 1 AS _record_number, 'b20250101T000000.000Z-0001' AS _batch_id FROM tk_csv) TO '${OUT}/ingest-rowid-zstd.parquet' (FORMAT parquet, COMPRESSION zstd);

-- time: read back: full scan of the SDK's raw file (snappy)
SELECT count(*), max(txn_id), max(cust_id), max(amount), max("timestamp"), max(_record_number) FROM read_parquet('${OUT}/ingest-sdk.parquet');

-- time: read back: full scan of the uncompressed raw file
SELECT count(*), max(txn_id), max(cust_id), max(amount), max("timestamp"), max(_record_number) FROM read_parquet('${OUT}/ingest-rowid-uncompressed.parquet');

-- time: sizes: SDK (snappy), uncompressed, zstd in MB
SELECT (SELECT round(sum(total_compressed_size) / 1e6) FROM parquet_metadata('${OUT}/ingest-sdk.parquet')), (SELECT round(sum(total_compressed_size) / 1e6) FROM parquet_metadata('${OUT}/ingest-rowid-uncompressed.parquet')), (SELECT round(sum(total_compressed_size) / 1e6) FROM parquet_metadata('${OUT}/ingest-rowid-zstd.parquet'));

-- time: check: Parquet file_row_number of the file written without _record_number equals the SDK's _record_number - 1
SELECT count(*) AS rows, count_if(a.txn_id IS DISTINCT FROM b.txn_id OR a.amount IS DISTINCT FROM b.amount OR a."timestamp" IS DISTINCT FROM b."timestamp") AS differing FROM read_parquet('${OUT}/ingest-sdk.parquet') a JOIN (SELECT *, file_row_number + 1 AS _record_number FROM read_parquet('${OUT}/ingest-norownum.parquet', file_row_number = true)) b USING (_record_number);
