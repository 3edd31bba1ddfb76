package dev.takwimu.core;

import dev.takwimu.core.internal.RecordMapper;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data lake: datasets in zones, each a sequence of atomically committed versions of Parquet files.
 *
 * <p>A reader always sees one whole committed version; a write that fails or is killed leaves the previous version in place.
 */
public interface LakeStore {

  /** The current version of every dataset, ordered by zone then name. */
  List<DatasetInfo> list();

  /** The current version of a dataset, or empty when it does not exist. */
  Optional<DatasetInfo> describe(DatasetId id);

  /**
   * Commits the source's rows as a new version of the dataset.
   *
   * @return the committed version
   * @throws InvalidInputException when the rows cannot be stored (an unsupported type, a partition column missing...)
   */
  DatasetInfo write(DatasetId id, WriteSource source, WriteOptions options);

  /**
   * Streams the rows of the dataset's current version. The stream holds resources: close it (try-with-resources).
   *
   * @throws NoSuchDatasetException when the dataset does not exist
   */
  Stream<Row> stream(DatasetId id);

  /** Deletes the dataset and all its versions; returns false when there was nothing to delete. */
  boolean delete(DatasetId id);

  /**
   * Reads the dataset's current version into records whose component names match columns (camelCase or snake_case).
   *
   * @throws NoSuchDatasetException when the dataset does not exist
   */
  default <R extends Record> List<R> read(DatasetId id, Class<R> type) {
    RecordMapper<R> mapper = RecordMapper.of(type);
    try (Stream<Row> rows = stream(id)) {
      return rows.map(mapper::map).toList();
    }
  }
}
