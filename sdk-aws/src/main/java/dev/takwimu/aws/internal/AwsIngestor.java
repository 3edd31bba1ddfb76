package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.PartialDeliveryException;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.engine.duckdb.ParquetStaging;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    Parsed parsed = parse(source);
    return parsed.report != null ? parsed.report : append(parsed, started);
  }

  /**
   * Parses every file of the delivery on this machine first, so that a malformed file appends nothing; then appends the
   * files in order, one Iceberg commit each (Athena cannot commit across tables). A failure there throws a
   * {@link PartialDeliveryException} naming the files appended and those not.
   */
  @Override
  public List<IngestReport> ingestAll(List<CsvSource> delivery) {
    List<Parsed> parsed = new ArrayList<>();
    List<Long> parseStarts = new ArrayList<>();
    try {
      for (CsvSource source : delivery) {
        parseStarts.add(System.nanoTime());
        parsed.add(parse(source));
      }
    } catch (RuntimeException e) {
      parsed.forEach(Parsed::discard);
      throw e;
    }
    List<IngestReport> reports = new ArrayList<>();
    long appendsStart = System.nanoTime();
    for (int i = 0; i < parsed.size(); i++) {
      Parsed file = parsed.get(i);
      try {
        // each report counts the file's own parsing and append
        long parsing = (i + 1 < parseStarts.size() ? parseStarts.get(i + 1) : appendsStart) - parseStarts.get(i);
        reports.add(file.report != null ? file.report : append(file, System.nanoTime() - parsing));
      } catch (TakwimuException e) {
        parsed.subList(i + 1, parsed.size()).forEach(Parsed::discard);
        if (reports.stream().allMatch(IngestReport::skipped)) {
          throw e;
        }
        throw new PartialDeliveryException(e, reports, delivery.subList(i, delivery.size()).stream()
            .map(s -> s.file().getFileName().toString()).toList());
      }
    }
    return reports;
  }

  /** A delivered file parsed to Parquet with its batch, or (report set) already ingested. */
  private record Parsed(CsvSource source, String checksum, String batchId, ParquetStaging.ParquetFile file,
      IngestReport report) {
    void discard() {
      if (file != null) {
        try {
          Files.deleteIfExists(file.file());
        } catch (java.io.IOException ignored) {
          // the staging directory is removed when the backend closes
        }
      }
    }
  }

  private Parsed parse(CsvSource source) {
    long started = System.nanoTime();
    Path file = source.file();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("Cannot ingest " + file + ": no such file");
    }
    String checksum = source.sha256();
    Optional<DatasetInfo> current = lake.describe(source.target());
    String earlierBatch = current.map(info -> info.properties().get(INGESTED_PREFIX + checksum)).orElse(null);
    if (earlierBatch != null) {
      return new Parsed(source, checksum, earlierBatch, null, new IngestReport(file.getFileName().toString(),
          source.target(), earlierBatch, 0, true, current.get().version(),
          Duration.ofNanos(System.nanoTime() - started)));
    }
    String batchId = StrictCsv.newBatchId();
    return new Parsed(source, checksum, batchId, staging.csv(source, batchId), null);
  }

  private IngestReport append(Parsed parsed, long started) {
    CsvSource source = parsed.source();
    Path file = source.file();
    String fileName = file.getFileName().toString();
    String batchId = parsed.batchId();
    S3Location delivered = settings.zone(source.target().zone())
        .resolve("_files/" + source.target().name() + "/" + batchId + "/" + fileName);
    DatasetInfo info;
    try {
      s3.put(delivered, file);
    } catch (RuntimeException e) {
      parsed.discard();
      throw e;
    }
    try (AwsLakeStore.StagedTable staged = lake.stage(parsed.file(), source.target().zone())) {
      info = lake.commit(source.target(), staged.select(), List.of(), staged.schema(),
          WriteOptions.append().withProperties(Map.of(
              INGESTED_PREFIX + parsed.checksum(), batchId,
              "batch_id", batchId,
              "source_file", delivered.uri(),
              "source_sha256", parsed.checksum())));
    }
    return new IngestReport(fileName, source.target(), batchId, parsed.file().rows(), false, info.version(),
        Duration.ofNanos(System.nanoTime() - started));
  }
}
