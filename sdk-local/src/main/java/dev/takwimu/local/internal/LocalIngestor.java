package dev.takwimu.local.internal;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends a CSV export to the raw zone: the engine parses it strictly (a malformed line refuses the whole file, so
 * record numbers always match the file), every value is kept as text, and each row gets its source file, record number
 * and batch id ({@link StrictCsv}). The file's SHA-256 is remembered so the same content is never appended twice, also
 * when several processes ingest it at once: the commit checks it again under the dataset's cross-process lock.
 */
public final class LocalIngestor implements Ingestor {
  private static final String INGESTED_PREFIX = "ingested.sha256.";

  private final DuckDb duck;
  private final LocalLakeStore lake;

  public LocalIngestor(DuckDb duck, LocalLakeStore lake) {
    this.duck = duck;
    this.lake = lake;
  }

  @Override
  public IngestReport ingest(CsvSource source) {
    long started = System.nanoTime();
    String fileName = source.file().getFileName().toString();
    List<String> columns = StrictCsv.columns(source);
    String checksum = source.sha256();
    duck.lock().lock();
    try {
      Optional<DatasetInfo> current = lake.describe(source.target());
      String earlierBatch = current.map(info -> info.properties().get(INGESTED_PREFIX + checksum)).orElse(null);
      if (earlierBatch != null) {
        return new IngestReport(fileName, source.target(), earlierBatch, 0, true, current.get().version(),
            Duration.ofNanos(System.nanoTime() - started));
      }
      String batchId = StrictCsv.newBatchId();
      WriteOptions options = WriteOptions.append().withProperties(Map.of(
          INGESTED_PREFIX + checksum, batchId,
          "batch_id", batchId,
          "source_file", source.file().toAbsolutePath().toString(),
          "source_sha256", checksum));
      LocalLakeStore.WriteResult result;
      try (StrictCsv csv = StrictCsv.load(duck, source, columns)) {
        // another process may have ingested the same file since the check above: the commit decides again
        result = lake.writeQuery(source.target(), csv.select(), csv.params(batchId), options,
            properties -> properties.containsKey(INGESTED_PREFIX + checksum));
      }
      if (!result.committed()) {
        return new IngestReport(fileName, source.target(), result.info().properties().get(INGESTED_PREFIX + checksum),
            0, true, result.info().version(), Duration.ofNanos(System.nanoTime() - started));
      }
      return new IngestReport(fileName, source.target(), batchId, result.rowsWritten(), false,
          result.info().version(), Duration.ofNanos(System.nanoTime() - started));
    } finally {
      duck.lock().unlock();
    }
  }
}
