/** Lake datasets served from PostgreSQL: {@link dev.takwimu.serving.postgres.PostgresServingStore} and the embedded server. */
package dev.takwimu.serving.postgres;
