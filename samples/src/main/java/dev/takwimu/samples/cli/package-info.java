/** The {@code takwimu} command-line program, a sample built on sdk-core's public API only. */
package dev.takwimu.samples.cli;
