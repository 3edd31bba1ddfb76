/** Embedded DuckDB for backends: the connection, the dialect, strict CSV parsing with lineage, Parquet staging. */
package dev.takwimu.engine.duckdb;
