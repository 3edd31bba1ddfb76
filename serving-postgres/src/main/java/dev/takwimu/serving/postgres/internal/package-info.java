/** Not API: the COPY encoding, the canonical row text both checksums hash, and PostgreSQL names. */
package dev.takwimu.serving.postgres.internal;
