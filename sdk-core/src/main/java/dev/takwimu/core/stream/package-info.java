/** Streaming ingestion: records from a broker buffered into raw datasets, exactly once, with their offsets. */
package dev.takwimu.core.stream;
