/** The local backend: a lake of Parquet files on the filesystem, processed by embedded DuckDB. */
package dev.takwimu.local;
