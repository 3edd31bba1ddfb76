/** Helpers of the DuckDB engine; not API. */
package dev.takwimu.engine.duckdb.internal;
