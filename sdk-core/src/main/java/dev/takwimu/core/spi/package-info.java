/** For backend authors: the provider interface found through {@link java.util.ServiceLoader}, and SQL and model helpers shared by backends. */
package dev.takwimu.core.spi;
