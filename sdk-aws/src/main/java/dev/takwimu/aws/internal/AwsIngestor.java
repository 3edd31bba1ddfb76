package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.engine.duckdb.ParquetStaging;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Appends a CSV export to its raw Iceberg table. The file is parsed on this machine by the DuckDB engine exactly as the
 * local backend parses it ({@link StrictCsv}: header rules, strict parsing, lineage columns, one-line errors), written
 * as Parquet, uploaded and appended in one Athena INSERT; the file itself is kept as delivered under
 * {@code <raw zone>/_files/}. The SHA-256 of every ingested file is recorded with the dataset's versions, so the same
 * content is never appended twice.
 */
public final class AwsIngestor implements Ingestor {
  static final String INGESTED_PREFIX = "ingested.sha256.";
  private final AwsSettings settings;
  private final AwsLakeStore lake;
  private final S3Objects s3;
  private final ParquetStaging staging;

  public AwsIngestor(AwsSettings settings, AwsLakeStore lake, S3Objects s3, ParquetStaging staging) {
    this.settings = settings;
    this.lake = lake;
    this.s3 = s3;
    this.staging = staging;
  }

  @Override
  public IngestReport ingest(CsvSource source) {
    long started = System.nanoTime();
    Path file = source.file();
    String fileName = file.getFileName().toString();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("Cannot ingest " + file + ": no such file");
    }
    String checksum = source.sha256();
    Optional<DatasetInfo> current = lake.describe(source.target());
    String earlierBatch = current.map(info -> info.properties().get(INGESTED_PREFIX + checksum)).orElse(null);
    if (earlierBatch != null) {
      return new IngestReport(fileName, source.target(), earlierBatch, 0, true, current.get().version(),
          Duration.ofNanos(System.nanoTime() - started));
    }
    String batchId = StrictCsv.newBatchId();
    ParquetStaging.ParquetFile parsed = staging.csv(source, batchId);
    long rows = parsed.rows();
    S3Location delivered = settings.zone(source.target().zone())
        .resolve("_files/" + source.target().name() + "/" + batchId + "/" + fileName);
    s3.put(delivered, file);
    DatasetInfo info;
    try (AwsLakeStore.StagedTable staged = lake.stage(parsed, source.target().zone())) {
      info = lake.commit(source.target(), staged.select(), java.util.List.of(), staged.schema(),
          WriteOptions.append().withProperties(Map.of(
              INGESTED_PREFIX + checksum, batchId,
              "batch_id", batchId,
              "source_file", delivered.uri(),
              "source_sha256", checksum)));
    }
    return new IngestReport(fileName, source.target(), batchId, rows, false, info.version(),
        Duration.ofNanos(System.nanoTime() - started));
  }
}
