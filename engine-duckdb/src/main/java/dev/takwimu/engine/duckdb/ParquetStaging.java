package dev.takwimu.engine.duckdb;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Parquet files written on this machine for a backend that uploads them: CSV exports parsed as {@link StrictCsv} does,
 * with lineage, and rows supplied by Java code. An embedded DuckDB and a temporary directory are created on first use
 * and removed on close; a file is the caller's to delete once uploaded.
 */
public final class ParquetStaging implements AutoCloseable {
  private final String memoryLimit;
  private Path directory;
  private DuckDb duck;

  /** A Parquet file, its columns and its number of rows. */
  public record ParquetFile(Path file, Schema schema, long rows) {}

  /** @param memoryLimit DuckDB's memory limit, e.g. {@code 512MB}; it spills to the temporary directory beyond it */
  public ParquetStaging(String memoryLimit) {
    this.memoryLimit = Objects.requireNonNull(memoryLimit, "memoryLimit");
  }

  /**
   * The export's rows as {@link StrictCsv#select()} reads them: every value as text, then the lineage columns.
   *
   * @throws InvalidInputException when the file is missing, its header is refused or a line is malformed
   */
  public synchronized ParquetFile csv(CsvSource source, String batchId) {
    List<String> columns = StrictCsv.columns(source);
    DuckDb engine = duck();
    engine.lock().lock();
    try (StrictCsv csv = StrictCsv.load(engine, source, columns)) {
      return copy(engine, csv.select(), csv.params(batchId), null);
    } finally {
      engine.lock().unlock();
    }
  }

  /**
   * The rows with their schema's types.
   *
   * @throws InvalidInputException when a row has the wrong number of values or a value of another type
   */
  public synchronized ParquetFile rows(WriteSource.Rows rows) {
    DuckDb engine = duck();
    engine.lock().lock();
    try (RowsTable table = RowsTable.load(engine, rows)) {
      return copy(engine, "SELECT * FROM " + table.name(), List.of(), rows.schema());
    } finally {
      engine.lock().unlock();
    }
  }

  private ParquetFile copy(DuckDb engine, String sql, List<Object> params, Schema known) {
    Schema schema = known != null ? known : engine.describe(sql, params);
    Path file = directory.resolve("staged-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        + ".parquet");
    List<Object> copyParams = new ArrayList<>(params);
    copyParams.add(file.toString());
    long rows = engine.executeCount("COPY (" + sql + ") TO ? (FORMAT parquet)", copyParams);
    return new ParquetFile(file, schema, rows);
  }

  private DuckDb duck() {
    if (duck == null) {
      try {
        directory = Files.createTempDirectory("takwimu-staging");
      } catch (IOException e) {
        throw new TakwimuException(e, "Cannot create a temporary directory: %s", e.getMessage());
      }
      duck = new DuckDb(memoryLimit, Runtime.getRuntime().availableProcessors(), directory.resolve(".spill"));
    }
    return duck;
  }

  @Override
  public synchronized void close() {
    if (duck != null) {
      duck.close();
      duck = null;
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
