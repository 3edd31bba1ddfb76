package dev.takwimu.engine.duckdb;

import dev.takwimu.core.CsvSource;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.spi.ReservedNames;
import dev.takwimu.engine.duckdb.internal.CsvHeader;
import dev.takwimu.engine.duckdb.internal.CsvText;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CSV export parsed strictly into a temporary DuckDB table: a malformed line refuses the whole file, so record
 * numbers always match the file, and every value is kept as text. {@link #select()} reads it back with its lineage:
 * the source file, the record number and the batch id. Both backends ingest through it, so a file is read the same
 * way everywhere.
 *
 * <pre>{@code
 * List<String> columns = StrictCsv.columns(source);            // header checks, before any parsing
 * duck.lock().lock();
 * try (StrictCsv csv = StrictCsv.load(duck, source, columns)) {
 *   duck.execute("COPY (" + csv.select() + ") TO ...", csv.params(StrictCsv.newBatchId()));
 * } finally { duck.lock().unlock(); }
 * }</pre>
 */
public final class StrictCsv implements AutoCloseable {
  /** Lineage column: the delivered file's name. */
  public static final String SOURCE_FILE = "_source_file";
  /** Lineage column: the record's position in the file, from 1, counting records (not lines). */
  public static final String RECORD_NUMBER = "_record_number";
  /** Lineage column: the ingest that appended the row. */
  public static final String BATCH_ID = "_batch_id";
  private static final String LOADED = "tk_ingest";
  private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final int EXCERPT = 80;

  private final DuckDb duck;
  private final String fileName;
  private final String select;

  private StrictCsv(DuckDb duck, String fileName, String select) {
    this.duck = duck;
    this.fileName = fileName;
    this.select = select;
  }

  /** A new batch id: the UTC time to the millisecond and a sequence number, e.g. {@code b20240422T081800.123Z-0007}. */
  public static String newBatchId() {
    return "b" + BATCH_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
        + String.format("%04d", SEQUENCE.incrementAndGet() % 10000);
  }

  /**
   * The batch id of something that arrived at {@code time} and is named {@code name}, e.g.
   * {@code b20240422T081800.123Z-2024/04/22/08/object}: it sorts with {@link #newBatchId()}'s by time of arrival.
   */
  public static String batchIdAt(java.time.Instant time, String name) {
    return "b" + BATCH_TIME.format(time.atZone(ZoneOffset.UTC)) + "-" + name;
  }

  /**
   * The file's normalized header (trimmed, lower case, spaces as underscores), checked: the file exists, is UTF-8 with
   * one kind of line ending and no unclosed quote ({@link CsvText}, one pass over the whole file), has a header, no
   * name is empty, repeated or reserved (starting with {@code _}, like the lineage columns), and every required
   * column is there.
   *
   * @throws InvalidInputException naming the file and the problem
   */
  public static List<String> columns(CsvSource source) {
    if (!Files.isRegularFile(source.file())) {
      throw new InvalidInputException("Cannot ingest " + source.file() + ": no such file");
    }
    String fileName = source.file().getFileName().toString();
    CsvText.check(source.file(), source.delimiter(), "Cannot ingest " + fileName + " into " + source.target() + ": ");
    List<String> columns = CsvHeader.normalized(source.file(), source.delimiter());
    Set<String> seen = new LinkedHashSet<>();
    for (String column : columns) {
      if (column.isEmpty()) {
        throw new InvalidInputException("Cannot ingest " + fileName + ": the header has an empty column name");
      }
      if (!seen.add(column)) {
        throw new InvalidInputException(
            "Cannot ingest " + fileName + ": column " + column + " appears twice in the header");
      }
      if (ReservedNames.reservedInExports(column)) {
        throw new InvalidInputException("Cannot ingest " + fileName + ": column " + column + " is reserved (names"
            + " starting with " + ReservedNames.PREFIX + " are Takwimu's lineage and working columns); rename it");
      }
    }
    List<String> missing = source.requiredColumns().stream().filter(c -> !seen.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(String.format("Cannot ingest %s into %s: column%s %s missing (found: %s)",
          fileName, source.target(), missing.size() == 1 ? "" : "s", String.join(", ", missing),
          String.join(", ", columns)));
    }
    return columns;
  }

  /**
   * Parses the whole file into a temporary table. The caller holds {@code duck.lock()} until it closes the result.
   *
   * @param columns the file's header as {@link #columns} returned it
   * @throws InvalidInputException when a line is malformed, naming the file and the line
   */
  public static StrictCsv load(DuckDb duck, CsvSource source, List<String> columns) {
    String fileName = source.file().getFileName().toString();
    StringBuilder select = new StringBuilder("SELECT ");
    StringBuilder types = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      select.append("c").append(i).append(" AS ").append(DuckDbDialect.INSTANCE.quote(columns.get(i))).append(", ");
      types.append(i == 0 ? "" : ", ").append("'c").append(i).append("': 'VARCHAR'");
    }
    // The file is first loaded into a temporary table, whose row ids follow the file's order: numbering records by
    // rowid is much cheaper than a row_number() window, which serializes the whole scan (docs/performance.md).
    select.append("CAST(? AS VARCHAR) AS ").append(SOURCE_FILE)
        .append(", CAST(rowid + 1 AS BIGINT) AS ").append(RECORD_NUMBER)
        .append(", CAST(? AS VARCHAR) AS ").append(BATCH_ID)
        .append(" FROM ").append(LOADED);
    try {
      duck.execute("CREATE OR REPLACE TEMP TABLE " + LOADED + " AS SELECT * FROM read_csv(?, header = true,"
          + " auto_detect = false, delim = ?, quote = '\"', escape = '\"', strict_mode = true, columns = {" + types
          + "})", List.of(source.file().toAbsolutePath().toString(), String.valueOf(source.delimiter())));
    } catch (TakwimuException e) {
      duck.execute("DROP TABLE IF EXISTS " + LOADED);
      String problem = csvProblem(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      if (problem != null) {
        throw new InvalidInputException("Cannot ingest " + fileName + " into " + source.target() + ": " + problem
            + "; nothing was appended", e);
      }
      throw e;
    }
    return new StrictCsv(duck, fileName, select.toString());
  }

  /**
   * DuckDB's "CSV Error on Line: 3 \n Original Line: 4,5 \n Expected Number of Columns: 3 Found: 2 \n Possible
   * fixes..." as one clause, {@code line 3: Expected Number of Columns: 3 Found: 2 (line: "4,5")}, with the excerpt cut short;
   * null for another error.
   */
  static String csvProblem(String message) {
    List<String> lines = message == null ? List.of() : message.lines().map(String::trim).toList();
    int at = lines.isEmpty() ? -1 : lines.get(0).indexOf("CSV Error on Line: ");
    if (at < 0) {
      return null;
    }
    int end = 1;
    while (end < lines.size() && !lines.get(end).isEmpty() && !lines.get(end).startsWith("Possible ")) {
      end++;
    }
    String where = "line " + lines.get(0).substring(at + "CSV Error on Line: ".length()).trim();
    if (end == 1) {
      return where;
    }
    // the original record may span several lines; DuckDB's description of the problem is the last one
    String problem = where + ": " + excerpt(lines.get(end - 1), 2 * EXCERPT);
    String first = lines.get(1);
    return end > 2 && first.startsWith("Original Line: ")
        ? problem + " (line: \"" + excerpt(first.substring("Original Line: ".length()), EXCERPT) + "\")" : problem;
  }

  /** At most {@code max} characters of a line, marked when cut. */
  static String excerpt(String line, int max) {
    String text = line.length() > max ? line.substring(0, max - 3) + "..." : line;
    return text.replaceAll("\\p{Cntrl}", " ");
  }

  /**
   * The file's rows in file order: its columns as text, then {@value #SOURCE_FILE}, {@value #RECORD_NUMBER} (BIGINT)
   * and {@value #BATCH_ID}; bind {@link #params} to it.
   */
  public String select() {
    return select;
  }

  /** The values of {@link #select()}'s placeholders: the file's name and the batch id. */
  public List<Object> params(String batchId) {
    return List.of(fileName, batchId);
  }

  /** Drops the temporary table. */
  @Override
  public void close() {
    duck.execute("DROP TABLE IF EXISTS " + LOADED);
  }
}
