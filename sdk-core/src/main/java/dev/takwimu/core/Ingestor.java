package dev.takwimu.core;

/** Appends delivered exports to the raw zone, values kept as delivered plus lineage (source file, record number, batch). */
public interface Ingestor {

  /**
   * Appends the file's records to its raw dataset in one commit. A file whose content was already ingested into the same
   * dataset is skipped, so re-running an ingest does not duplicate raw rows.
   *
   * @throws InvalidInputException when the file is missing, malformed, or lacks a required column; nothing is appended
   */
  IngestReport ingest(CsvSource source);
}
