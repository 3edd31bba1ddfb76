-- Ingest of mpesatransactionsdata.csv as the SDK does it since 862b36a (load into tk_ingest, COPY with rowid + 1),
-- the raw COPY against Parquet writer options, and reading each file back. Variables: CSV, OUT (scratch).
CREATE OR REPLACE TEMP TABLE tk_ingest AS SELECT * FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'});

-- time: load csv into temp table (as shipped)
CREATE OR REPLACE TEMP TABLE tk_ingest AS SELECT * FROM read_csv('${CSV}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR'});

-- time: raw COPY shipped (snappy)
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/a.parquet' (FORMAT parquet);

-- time: raw COPY shipped + RETURN_STATS
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/i.parquet' (FORMAT parquet, RETURN_STATS true);

-- time: raw COPY shipped again
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/a.parquet' (FORMAT parquet);

-- time: raw COPY lz4_raw
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/b.parquet' (FORMAT parquet, COMPRESSION lz4_raw);

-- time: raw COPY zstd level 1
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/c.parquet' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1);

-- time: raw COPY row_group_size 1M
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/d.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000000);

-- time: raw COPY dictionary_size_limit 1
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/e.parquet' (FORMAT parquet, DICTIONARY_SIZE_LIMIT 1);

-- time: raw COPY uncompressed
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/f.parquet' (FORMAT parquet, COMPRESSION uncompressed);

-- time: raw COPY string_dictionary_page_size_limit 1
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/g.parquet' (FORMAT parquet, STRING_DICTIONARY_PAGE_SIZE_LIMIT 1);

-- time: raw COPY shipped, preserve_insertion_order=false
SET preserve_insertion_order = false;
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/h.parquet' (FORMAT parquet);
SET preserve_insertion_order = true;

-- time: read back snappy (all columns)
SELECT count(*), sum(length(txn_id)+length(cust_id)+length(amount)+length(channel)+length("timestamp")+length(_batch_id)), sum(_record_number) FROM read_parquet('${OUT}/a.parquet');

-- time: read back lz4_raw (all columns)
SELECT count(*), sum(length(txn_id)+length(cust_id)+length(amount)+length(channel)+length("timestamp")+length(_batch_id)), sum(_record_number) FROM read_parquet('${OUT}/b.parquet');

-- time: read back zstd1 (all columns)
SELECT count(*), sum(length(txn_id)+length(cust_id)+length(amount)+length(channel)+length("timestamp")+length(_batch_id)), sum(_record_number) FROM read_parquet('${OUT}/c.parquet');

-- time: read back rg1M (all columns)
SELECT count(*), sum(length(txn_id)+length(cust_id)+length(amount)+length(channel)+length("timestamp")+length(_batch_id)), sum(_record_number) FROM read_parquet('${OUT}/d.parquet');

-- time: read back nodict (all columns)
SELECT count(*), sum(length(txn_id)+length(cust_id)+length(amount)+length(channel)+length("timestamp")+length(_batch_id)), sum(_record_number) FROM read_parquet('${OUT}/e.parquet');

-- time: read back uncompressed (all columns)
SELECT count(*), sum(length(txn_id)+length(cust_id)+length(amount)+length(channel)+length("timestamp")+length(_batch_id)), sum(_record_number) FROM read_parquet('${OUT}/f.parquet');

-- time: raw COPY dictionary_size_limit 1000 #0
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/k.parquet' (FORMAT parquet, DICTIONARY_SIZE_LIMIT 1000);

-- time: raw COPY shipped, alternating #0
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/a.parquet' (FORMAT parquet);

-- time: raw COPY dictionary_size_limit 1000 #1
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/k.parquet' (FORMAT parquet, DICTIONARY_SIZE_LIMIT 1000);

-- time: raw COPY shipped, alternating #1
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/a.parquet' (FORMAT parquet);

-- time: raw COPY dictionary_size_limit 1000 #2
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/k.parquet' (FORMAT parquet, DICTIONARY_SIZE_LIMIT 1000);

-- time: raw COPY shipped, alternating #2
COPY (SELECT c0 AS "txn_id", c1 AS "cust_id", c2 AS "amount", c3 AS "channel", c4 AS "timestamp", CAST('x.csv' AS VARCHAR) AS _source_file, CAST(rowid + 1 AS BIGINT) AS _record_number, CAST('b20241201T000000.000Z-0001' AS VARCHAR) AS _batch_id FROM tk_ingest) TO '${OUT}/a.parquet' (FORMAT parquet);

