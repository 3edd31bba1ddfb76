package dev.takwimu.core;

import java.nio.file.Path;

/** A lake that can write a dataset's current version, however many files it spans, as one local Parquet file. */
public interface SupportsParquetExport {

  /**
   * Writes the current version of the dataset to {@code target} as a single Parquet file, partition columns included.
   * The file appears whole or not at all.
   *
   * @return rows written
   * @throws NoSuchDatasetException when the dataset does not exist
   */
  long exportParquet(DatasetId id, Path target);
}
