/** Takwimu's public API: the lake, ETL stages with data-quality rules, typed insight queries and backends. */
package dev.takwimu.core;
