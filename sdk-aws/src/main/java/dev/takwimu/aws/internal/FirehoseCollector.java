package dev.takwimu.aws.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.CollectReport;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.engine.duckdb.StreamRecords;
import dev.takwimu.engine.duckdb.StrictCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Appends the objects Firehose delivered under a stream's prefix to the raw table, each exactly once. Every row of an
 * object carries the object's key (relative to the prefix) as its {@code _batch_id}, and the keys appended so far are
 * kept in a ledger ({@code <work>/streams/<raw name>/collected.json}) written after each append. A key that is not in
 * the ledger is first looked up in the table itself, so a step that died between its append and the ledger's update
 * is not appended twice by the next. One collect step at a time per stream.
 */
public final class FirehoseCollector {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keys looked up in the table per statement. */
  private static final int LOOKUP_CHUNK = 200;
  /** Rows read into memory before they are appended (a day of objects is several appends). */
  private static final int MAX_ROWS_PER_APPEND = 500_000;

  private final AwsSettings settings;
  private final AwsLakeStore lake;
  private final S3Objects s3;

  public FirehoseCollector(AwsSettings settings, AwsLakeStore lake, S3Objects s3) {
    this.settings = settings;
    this.lake = lake;
    this.s3 = s3;
  }

  /** Appends every object not collected before, in one append per {@value #MAX_ROWS_PER_APPEND} rows or fewer. */
  public CollectReport collect(StreamFormat format) {
    long started = System.nanoTime();
    S3Location prefix = settings.streamPrefix(format.raw().name());
    Set<String> ledger = ledger(format);
    List<String> candidates = new ArrayList<>();
    int already = 0;
    for (S3Object object : s3.list(prefix)) {
      String key = object.key().substring(prefix.prefix().length());
      if (ledger.contains(key)) {
        already++;
      } else if (!key.isEmpty() && !key.endsWith("/")) {
        candidates.add(key);
      }
    }
    Collections.sort(candidates);
    Set<String> inTable = inTable(format, candidates);
    List<List<?>> rows = new ArrayList<>();
    List<List<?>> unreadable = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    int objects = 0;
    long appended = 0;
    long rejected = 0;
    for (String key : candidates) {
      chunk.add(key);
      if (inTable.contains(key)) {
        already++;
      } else {
        objects++;
        byte[] bytes = s3.get(prefix.resolve(key)).orElseThrow(() -> new TakwimuException(
            "The delivered object " + prefix.resolve(key).uri() + " disappeared while collecting it"));
        read(format, key, bytes, rows, unreadable);
      }
      if (rows.size() >= MAX_ROWS_PER_APPEND) {
        appended += rows.size();
        rejected += unreadable.size();
        append(format, rows, unreadable, chunk, ledger);
      }
    }
    appended += rows.size();
    rejected += unreadable.size();
    append(format, rows, unreadable, chunk, ledger);
    long version = lake.describe(format.raw()).map(DatasetInfo::version).orElse(0L);
    return new CollectReport(format.raw(), objects, appended, already, rejected, version,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Appends the rows read so far in one statement, then records their objects in the ledger; clears all three. */
  private void append(StreamFormat format, List<List<?>> rows, List<List<?>> unreadable, List<String> keys,
      Set<String> ledger) {
    if (!unreadable.isEmpty()) {
      lake.write(format.quarantine(), WriteSource.rows(StreamRecords.quarantineSchema(), List.copyOf(unreadable)),
          WriteOptions.append().withProperties(Map.of("batch_id", StrictCsv.newBatchId())));
    }
    if (!rows.isEmpty()) {
      lake.write(format.raw(), WriteSource.rows(StreamRecords.rawSchema(format), List.copyOf(rows)),
          WriteOptions.append().withProperties(Map.of("stream.collected.objects", Integer.toString(keys.size()))));
    }
    if (!keys.isEmpty()) {
      ledger.addAll(keys);
      saveLedger(format, ledger);
    }
    rows.clear();
    unreadable.clear();
    keys.clear();
  }

  /** The lines of one object as raw rows; a line that is not a stream line becomes a quarantine row. */
  private static void read(StreamFormat format, String key, byte[] bytes, List<List<?>> rows,
      List<List<?>> unreadable) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject() || !node.path("_topic").isTextual() || !node.path("_partition").isInt()
            || !node.path("_offset").canConvertToLong()) {
          throw new IOException("not a stream line");
        }
        List<Object> row = new ArrayList<>();
        for (String field : format.fields()) {
          JsonNode value = node.get(field);
          row.add(value == null || value.isNull() ? null : value.asText());
        }
        row.add(node.get("_topic").asText());
        row.add(node.get("_partition").asInt());
        row.add(node.get("_offset").asLong());
        row.add(key);
        rows.add(row);
      } catch (IOException e) {
        unreadable.add(Arrays.asList(line, "utf-8", null, null, null, key, "not a stream line of " + format.raw()));
      }
    }
  }

  /** Which of the keys the raw table already holds rows of. */
  private Set<String> inTable(StreamFormat format, List<String> keys) {
    Set<String> found = new HashSet<>();
    if (keys.isEmpty() || lake.describe(format.raw()).isEmpty()) {
      return found;
    }
    for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
      String sql = "SELECT DISTINCT \"_batch_id\" FROM " + lake.tableName(format.raw()) + " WHERE \"_batch_id\" IN ("
          + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
      lake.athena().execute(AthenaStatement.query(sql, new ArrayList<>(chunk), settings.database(format.raw().zone())))
          .rows().forEach(row -> found.add(String.valueOf(row.get(0))));
    }
    return found;
  }

  private S3Location ledgerLocation(StreamFormat format) {
    return settings.work().resolve("streams/" + format.raw().name() + "/collected.json");
  }

  private Set<String> ledger(StreamFormat format) {
    return s3.get(ledgerLocation(format)).map(bytes -> {
      try {
        return new TreeSet<>(JSON.readValue(bytes, new TypeReference<List<String>>() {}));
      } catch (IOException e) {
        throw new TakwimuException("Cannot read the collect ledger " + ledgerLocation(format).uri() + ": "
            + e.getMessage() + "; delete it: the next step rebuilds it from the raw table", e);
      }
    }).orElseGet(TreeSet::new);
  }

  private void saveLedger(StreamFormat format, Set<String> keys) {
    try {
      s3.put(ledgerLocation(format), JSON.writeValueAsBytes(new ArrayList<>(keys)));
    } catch (IOException e) {
      throw new TakwimuException("Cannot write the collect ledger: " + e.getMessage(), e);
    }
  }
}
