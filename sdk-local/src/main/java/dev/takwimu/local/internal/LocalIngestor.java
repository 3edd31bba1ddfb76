package dev.takwimu.local.internal;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Appends a CSV export to the raw zone: DuckDB parses it strictly (a malformed line refuses the whole file, so record
 * numbers always match the file), every value is kept as text, and each row gets its source file, record number and
 * batch id. The file's SHA-256 is remembered so the same content is never appended twice.
 */
public final class LocalIngestor implements Ingestor {
  static final String SOURCE_FILE = "_source_file";
  static final String RECORD_NUMBER = "_record_number";
  static final String BATCH_ID = "_batch_id";
  private static final String INGESTED_PREFIX = "ingested.sha256.";
  private static final String LOADED = "tk_ingest";
  private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final DuckDb duck;
  private final LocalLakeStore lake;

  public LocalIngestor(DuckDb duck, LocalLakeStore lake) {
    this.duck = duck;
    this.lake = lake;
  }

  @Override
  public IngestReport ingest(CsvSource source) {
    long started = System.nanoTime();
    Path file = source.file();
    String fileName = file.getFileName().toString();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("Cannot ingest " + file + ": no such file");
    }
    List<String> columns = normalizedHeader(file, source.delimiter());
    checkColumns(source, fileName, columns);
    String checksum = source.sha256();
    duck.lock().lock();
    try {
      java.util.Optional<DatasetInfo> current = lake.describe(source.target());
      String earlierBatch = current.map(info -> info.properties().get(INGESTED_PREFIX + checksum)).orElse(null);
      if (earlierBatch != null) {
        return new IngestReport(fileName, source.target(), earlierBatch, 0, true, current.get().version(),
            Duration.ofNanos(System.nanoTime() - started));
      }
      String batchId = "b" + BATCH_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
          + String.format("%04d", SEQUENCE.incrementAndGet() % 10000);
      StringBuilder select = new StringBuilder("SELECT ");
      StringBuilder types = new StringBuilder();
      for (int i = 0; i < columns.size(); i++) {
        select.append("c").append(i).append(" AS ").append(LocalLakeStore.quote(columns.get(i))).append(", ");
        types.append(i == 0 ? "" : ", ").append("'c").append(i).append("': 'VARCHAR'");
      }
      // The file is first loaded into a temporary table, whose row ids follow the file's order: numbering records by
      // rowid is much cheaper than a row_number() window, which serializes the whole scan (docs/performance.md).
      select.append("CAST(? AS VARCHAR) AS ").append(SOURCE_FILE)
          .append(", CAST(rowid + 1 AS BIGINT) AS ").append(RECORD_NUMBER)
          .append(", CAST(? AS VARCHAR) AS ").append(BATCH_ID)
          .append(" FROM ").append(LOADED);
      WriteOptions options = WriteOptions.append().withProperties(Map.of(
          INGESTED_PREFIX + checksum, batchId,
          "batch_id", batchId,
          "source_file", file.toAbsolutePath().toString(),
          "source_sha256", checksum));
      LocalLakeStore.WriteResult result;
      try {
        duck.execute("CREATE OR REPLACE TEMP TABLE " + LOADED + " AS SELECT * FROM read_csv(?, header = true,"
            + " auto_detect = false, delim = ?, quote = '\"', escape = '\"', strict_mode = true, columns = {" + types
            + "})", List.of(file.toAbsolutePath().toString(), String.valueOf(source.delimiter())));
        result = lake.writeQuery(source.target(), select.toString(), List.of(fileName, batchId), options);
      } catch (TakwimuException e) {
        if (e.getMessage() != null && e.getMessage().contains("CSV Error")) {
          throw new InvalidInputException("Cannot ingest " + fileName + " into " + source.target() + ": "
              + csvProblem(e.getMessage()) + "; nothing was appended", e);
        }
        throw e;
      } finally {
        duck.execute("DROP TABLE IF EXISTS " + LOADED);
      }
      return new IngestReport(fileName, source.target(), batchId, result.rowsWritten(), false,
          result.info().version(), Duration.ofNanos(System.nanoTime() - started));
    } finally {
      duck.lock().unlock();
    }
  }

  /** "CSV Error on Line: 3 | Original Line: 4,5 | Expected Number of Columns: 3 Found: 2" as one readable clause. */
  private static String csvProblem(String message) {
    String text = message.replace("Query failed: ", "").replace("Invalid Input Error: ", "");
    return text.replace("CSV Error on Line: ", "line ").replace(" | ", ": ");
  }

  private static void checkColumns(CsvSource source, String fileName, List<String> columns) {
    Set<String> seen = new LinkedHashSet<>();
    for (String column : columns) {
      if (column.isEmpty()) {
        throw new InvalidInputException("Cannot ingest " + fileName + ": the header has an empty column name");
      }
      if (!seen.add(column)) {
        throw new InvalidInputException("Cannot ingest " + fileName + ": column " + column + " appears twice in the header");
      }
      if (column.equals(SOURCE_FILE) || column.equals(RECORD_NUMBER) || column.equals(BATCH_ID)) {
        throw new InvalidInputException("Cannot ingest " + fileName + ": column " + column + " is reserved for lineage");
      }
    }
    List<String> missing = source.requiredColumns().stream().filter(c -> !seen.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(String.format("Cannot ingest %s into %s: column%s %s missing (found: %s)",
          fileName, source.target(), missing.size() == 1 ? "" : "s", String.join(", ", missing),
          String.join(", ", columns)));
    }
  }

  /** Reads only the header line and normalizes its names: trimmed, lower case, spaces as underscores. */
  static List<String> normalizedHeader(Path file, char delimiter) {
    String line;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      line = reader.readLine();
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    if (line == null || line.isBlank()) {
      throw new InvalidInputException("Cannot ingest " + file.getFileName() + ": the file is empty (no header row)");
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    return splitHeader(line, delimiter).stream()
        .map(name -> name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_"))
        .collect(Collectors.toList());
  }

  private static List<String> splitHeader(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

}
