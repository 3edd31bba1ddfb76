package dev.takwimu.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A delimited export to append to a raw dataset.
 *
 * @param file the file, with a header row
 * @param target the raw dataset to append to
 * @param requiredColumns normalized column names the file must have; ingest refuses a file that lacks one
 * @param delimiter field delimiter
 */
public record CsvSource(Path file, DatasetId target, List<String> requiredColumns, char delimiter) {
  public CsvSource {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(target, "target");
    requiredColumns = List.copyOf(requiredColumns);
    if (target.zone() != Zone.RAW) {
      throw new IllegalArgumentException("Ingest writes to the raw zone, not " + target);
    }
  }

  public static CsvSource of(Path file, DatasetId target, List<String> requiredColumns) {
    return new CsvSource(file, target, requiredColumns, ',');
  }
}
