/** {@code takwimu bench}: the pipeline's time, rows/s and memory through the SDK, and the same SQL in plain DuckDB. */
package dev.takwimu.samples.bench;
