/**
 * Lake datasets served from PostgreSQL: {@link dev.takwimu.serving.postgres.PostgresServingStore} (migrations),
 * {@link dev.takwimu.serving.postgres.PostgresServingReader} (reads from many threads) and the embedded server.
 */
package dev.takwimu.serving.postgres;
