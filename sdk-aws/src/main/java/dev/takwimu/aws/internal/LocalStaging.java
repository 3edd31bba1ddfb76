package dev.takwimu.aws.internal;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.SupportsParquetExport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.local.LocalBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Client-side work done by an embedded local backend in a temporary directory: rows supplied by Java code and CSV
 * exports become Parquet files there (DuckDB: the same strict CSV parsing, header rules and lineage as the local
 * backend), which are then uploaded. Created on first use, deleted on close.
 */
public final class LocalStaging implements AutoCloseable {
  private Path directory;
  private LocalBackend local;

  /** A Parquet file holding the rows, and their schema. */
  public record ParquetFile(Path file, DatasetInfo info) {}

  public synchronized ParquetFile rows(WriteSource.Rows rows) {
    DatasetId id = DatasetId.of(Zone.CLEANED, "tk_rows_" + suffix());
    try {
      DatasetInfo info = backend().lake().write(id, rows, WriteOptions.overwrite());
      return export(id, info);
    } finally {
      backend().lake().delete(id);
    }
  }

  /**
   * Ingests the CSV into the same dataset of the empty local lake: strict parsing, lineage, one-line errors naming
   * the real target. The rows' {@code _batch_id} is the local ingest's.
   */
  public synchronized ParquetFile csv(CsvSource source) {
    DatasetId id = source.target();
    backend().lake().delete(id);
    try {
      IngestReport report = backend().ingestor().ingest(source);
      DatasetInfo info = backend().lake().describe(id).orElseThrow();
      if (report.rows() != info.rows()) {
        throw new IllegalStateException("staged " + info.rows() + " rows for " + report.rows());
      }
      return export(id, info);
    } finally {
      backend().lake().delete(id);
    }
  }

  /** The rows with TIMESTAMP columns as text with microseconds ({@code 2024-04-22 08:18:00.123456}). */
  public static WriteSource.Rows timestampsAsText(WriteSource.Rows rows) {
    List<Column> columns = rows.schema().columns();
    if (columns.stream().noneMatch(c -> c.type() == DataType.TIMESTAMP)) {
      return rows;
    }
    Schema text = new Schema(columns.stream()
        .map(c -> c.type() == DataType.TIMESTAMP ? Column.of(c.name(), DataType.STRING) : c).toList());
    Iterable<List<?>> converted = () -> new Iterator<>() {
      private final Iterator<? extends List<?>> source = rows.rows().iterator();

      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public List<?> next() {
        List<?> row = source.next();
        List<Object> copy = new ArrayList<>(row);
        for (int i = 0; i < Math.min(copy.size(), columns.size()); i++) {
          if (columns.get(i).type() == DataType.TIMESTAMP && copy.get(i) instanceof LocalDateTime time) {
            copy.set(i, time.toLocalDate() + " " + time.toLocalTime().format(MICROS));
          } else if (columns.get(i).type() == DataType.TIMESTAMP && copy.get(i) != null) {
            copy.set(i, copy.get(i).toString().replace('T', ' '));
          }
        }
        return copy;
      }
    };
    return new WriteSource.Rows(text, converted);
  }

  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

  private ParquetFile export(DatasetId id, DatasetInfo info) {
    Path file = directory.resolve("export-" + suffix() + ".parquet");
    ((SupportsParquetExport) backend().lake()).exportParquet(id, file);
    return new ParquetFile(file, info);
  }

  private LocalBackend backend() {
    if (local == null) {
      try {
        directory = Files.createTempDirectory("takwimu-aws-staging");
      } catch (IOException e) {
        throw new TakwimuException(e, "Cannot create a temporary directory: %s", e.getMessage());
      }
      local = LocalBackend.builder().lake(directory.resolve("lake")).memoryLimit("512MB").build();
    }
    return local;
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @Override
  public synchronized void close() {
    if (local != null) {
      local.close();
      local = null;
    }
    if (directory != null) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // a temporary directory left behind is harmless
      }
      directory = null;
    }
  }
}
