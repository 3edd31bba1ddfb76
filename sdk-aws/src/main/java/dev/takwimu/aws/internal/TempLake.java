package dev.takwimu.aws.internal;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.local.LocalBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local backend in a temporary directory, for training and scoring on this machine; closing it deletes the
 * directory.
 */
final class TempLake implements AutoCloseable {
  private final Path directory;
  private final LocalBackend backend;

  private TempLake(Path directory, LocalBackend backend) {
    this.directory = directory;
    this.backend = backend;
  }

  static TempLake create() {
    Path directory;
    try {
      directory = Files.createTempDirectory("takwimu-model-");
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot create a temporary directory for local training: %s", e.getMessage());
    }
    return new TempLake(directory, LocalBackend.builder().lake(directory.resolve("lake")).memoryLimit("1GB").build());
  }

  LocalBackend backend() {
    return backend;
  }

  /** A path for a file of this run, outside the lake directory. */
  Path file(String name) {
    return directory.resolve(name);
  }

  /**
   * Streams the given columns of a dataset's current version from one lake into the same dataset here, one row at a
   * time (nothing is held in memory beyond the local store's own buffers).
   */
  DatasetInfo copyFrom(LakeStore source, DatasetInfo info, List<String> columns) {
    Schema schema = new Schema(columns.stream()
        .map(name -> info.schema().column(name).orElseThrow())
        .toList());
    try (Stream<Row> rows = source.stream(info.id())) {
      Iterator<Row> iterator = rows.iterator();
      Iterable<List<Object>> projected = () -> new Iterator<>() {
        @Override
        public boolean hasNext() {
          return iterator.hasNext();
        }

        @Override
        public List<Object> next() {
          Row row = iterator.next();
          List<Object> values = new ArrayList<>(columns.size());
          for (String column : columns) {
            values.add(row.get(column));
          }
          return values;
        }
      };
      return backend.lake().write(info.id(), WriteSource.rows(schema, projected), WriteOptions.overwrite());
    }
  }

  /** Streams a dataset of this lake into another lake as one overwrite commit. */
  DatasetInfo copyTo(DatasetId id, LakeStore target, WriteOptions options) {
    DatasetInfo info = backend.lake().describe(id).orElseThrow();
    try (Stream<Row> rows = backend.lake().stream(id)) {
      Iterator<Row> iterator = rows.iterator();
      Iterable<List<Object>> values = () -> new Iterator<>() {
        @Override
        public boolean hasNext() {
          return iterator.hasNext();
        }

        @Override
        public List<Object> next() {
          return iterator.next().values();
        }
      };
      return target.write(id, WriteSource.rows(info.schema(), values), options);
    }
  }

  @Override
  public void close() {
    try {
      backend.close();
    } finally {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory the system cleans up eventually
      }
    }
  }
}
