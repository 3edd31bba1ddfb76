/** Serving: copying lake datasets into a queryable database (PostgreSQL today) that applications read. */
package dev.takwimu.core.serving;
