package dev.takwimu.local.internal;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends a CSV export to the raw zone: the engine parses it strictly (a malformed line refuses the whole file, so
 * record numbers always match the file), every value is kept as text, and each row gets its source file, record number
 * and batch id ({@link StrictCsv}). The file's SHA-256 is remembered so the same content is never appended twice, also
 * when several processes ingest it at once: the commit checks it again under the dataset's cross-process lock. A
 * delivery's files are staged first and committed together ({@link #ingestAll}).
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
      Staged staged = stage(source, columns, checksum);
      try (LocalLakeStore.PreparedWrite write = staged.write()) {
        return staged.report(lake.commit(List.of(write)).get(0), Duration.ofNanos(System.nanoTime() - started));
      }
    } finally {
      duck.lock().unlock();
    }
  }

  /**
   * Reads and stages every file of the delivery, then commits them in one commit across their raw datasets: a file that
   * cannot be read appends nothing of the delivery. Files already ingested are reported as skipped. Two files for one
   * dataset cannot share a commit: such a delivery is ingested file by file, as {@link Ingestor#ingestAll} describes.
   */
  @Override
  public List<IngestReport> ingestAll(List<CsvSource> delivery) {
    if (delivery.stream().map(CsvSource::target).distinct().count() < delivery.size()) {
      return Ingestor.super.ingestAll(delivery);
    }
    // each file's report counts its own checks and parsing, plus the delivery's one commit
    long[] own = new long[delivery.size()];
    List<List<String>> columns = new ArrayList<>();
    List<String> checksums = new ArrayList<>();
    for (int i = 0; i < delivery.size(); i++) {
      long started = System.nanoTime();
      columns.add(StrictCsv.columns(delivery.get(i)));
      checksums.add(delivery.get(i).sha256());
      own[i] = System.nanoTime() - started;
    }
    duck.lock().lock();
    List<Staged> staged = new ArrayList<>();
    try {
      IngestReport[] reports = new IngestReport[delivery.size()];
      List<Integer> toCommit = new ArrayList<>();
      for (int i = 0; i < delivery.size(); i++) {
        long started = System.nanoTime();
        CsvSource source = delivery.get(i);
        String key = INGESTED_PREFIX + checksums.get(i);
        Optional<DatasetInfo> current = lake.describe(source.target());
        String earlierBatch = current.map(info -> info.properties().get(key)).orElse(null);
        if (earlierBatch != null) {
          reports[i] = new IngestReport(source.file().getFileName().toString(), source.target(), earlierBatch, 0, true,
              current.get().version(), Duration.ofNanos(own[i] + System.nanoTime() - started));
        } else {
          staged.add(stage(source, columns.get(i), checksums.get(i)));
          toCommit.add(i);
        }
        own[i] += System.nanoTime() - started;
      }
      if (!staged.isEmpty()) {
        long started = System.nanoTime();
        List<LocalLakeStore.WriteResult> results = lake.commit(staged.stream().map(Staged::write).toList());
        long commit = System.nanoTime() - started;
        for (int k = 0; k < staged.size(); k++) {
          int i = toCommit.get(k);
          reports[i] = staged.get(k).report(results.get(k), Duration.ofNanos(own[i] + commit));
        }
      }
      return List.of(reports);
    } finally {
      staged.forEach(s -> s.write().close());
      duck.lock().unlock();
    }
  }

  /** A file parsed into a staging directory of its raw dataset, with the batch it will be appended under. */
  private record Staged(CsvSource source, String checksum, String batchId, LocalLakeStore.PreparedWrite write) {
    IngestReport report(LocalLakeStore.WriteResult result, Duration duration) {
      String fileName = source.file().getFileName().toString();
      if (!result.committed()) {
        return new IngestReport(fileName, source.target(), result.info().properties().get(INGESTED_PREFIX + checksum),
            0, true, result.info().version(), duration);
      }
      return new IngestReport(fileName, source.target(), batchId, result.rowsWritten(), false,
          result.info().version(), duration);
    }
  }

  private Staged stage(CsvSource source, List<String> columns, String checksum) {
    String batchId = StrictCsv.newBatchId();
    WriteOptions options = WriteOptions.append().withProperties(Map.of(
        INGESTED_PREFIX + checksum, batchId,
        "batch_id", batchId,
        "source_file", source.file().toAbsolutePath().toString(),
        "source_sha256", checksum));
    try (StrictCsv csv = StrictCsv.load(duck, source, columns)) {
      // another process may ingest the same file meanwhile: the commit decides, under the dataset's lock
      return new Staged(source, checksum, batchId, lake.prepare(source.target(), csv.select(), csv.params(batchId),
          options, properties -> properties.containsKey(INGESTED_PREFIX + checksum)));
    }
  }
}
