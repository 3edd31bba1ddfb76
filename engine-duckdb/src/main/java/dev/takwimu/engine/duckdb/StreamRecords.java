package dev.takwimu.engine.duckdb;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How every backend reads stream records, so that a record is a raw row or a quarantined one for the same reason on
 * each: the records are loaded into DuckDB, each gets its reason for quarantine ({@code _rejected_by}: no value, not
 * UTF-8, not JSON, not an object, missing field ...), and the readable ones have their fields extracted as text
 * ({@code json_extract_string}: strings as they are, numbers and booleans as their JSON text, null as null).
 */
public final class StreamRecords implements AutoCloseable {
  /** The records as loaded: lineage, the value as text (null when not UTF-8), the raw value and its encoding. */
  private static final Schema RECORDS = new Schema(List.of(new Column("_topic", DataType.STRING),
      new Column("_partition", DataType.INT), new Column("_offset", DataType.LONG),
      new Column("_value", DataType.STRING), new Column("_raw", DataType.STRING),
      new Column("_raw_encoding", DataType.STRING)));
  private static final String LINEAGE = "_topic, _partition, _offset, ? AS _batch_id";
  private static final String ORDER = " ORDER BY _topic, _partition, _offset";

  private final DuckDb duck;
  private final StreamFormat format;
  private final String table;

  private StreamRecords(DuckDb duck, StreamFormat format, String table) {
    this.duck = duck;
    this.format = format;
    this.table = table;
  }

  /**
   * Loads and classifies the records into a temporary table, dropped on close. The caller holds {@code duck.lock()}
   * until then.
   */
  public static StreamRecords load(DuckDb duck, StreamFormat format, List<StreamRecord> records) {
    String table = "tk_stream_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (RowsTable rows = RowsTable.load(duck, WriteSource.rows(RECORDS,
        records.stream().map(StreamRecords::values).toList()))) {
      List<Object> params = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String field : format.requiredFields()) {
        missing.add("CASE WHEN NOT json_exists(_json, ?) THEN ? END");
        params.add(path(field));
        params.add(field);
      }
      duck.execute("CREATE TEMP TABLE " + table + " AS SELECT *, CASE"
          + " WHEN _raw IS NULL THEN 'no value'"
          + " WHEN _value IS NULL THEN 'not UTF-8'"
          + " WHEN _json IS NULL THEN 'not JSON'"
          + " WHEN json_type(_json) <> 'OBJECT' THEN 'not an object'"
          + " ELSE nullif('missing field ' || concat_ws(', ', " + String.join(", ", missing) + "), 'missing field ')"
          + " END AS _rejected_by"
          + " FROM (SELECT *, CASE WHEN json_valid(_value) THEN _value END AS _json FROM " + rows.name() + ")",
          params);
    }
    return new StreamRecords(duck, format, table);
  }

  /** Records that go to quarantine. */
  public long rejected() {
    return ((Number) duck.query("SELECT count(*) FROM " + table + " WHERE _rejected_by IS NOT NULL", List.of())
        .get(0).get(0)).longValue();
  }

  /**
   * The readable records as raw rows: the format's fields as text, then {@code _topic, _partition, _offset, _batch_id}
   * (the batch id is the first parameter after the fields'), in offset order.
   */
  public String rowsSql() {
    return "SELECT " + format.fields().stream()
        .map(f -> "json_extract_string(_json, ?) AS " + DuckDbDialect.INSTANCE.quote(f))
        .collect(Collectors.joining(", ")) + ", " + LINEAGE + " FROM " + table + " WHERE _rejected_by IS NULL" + ORDER;
  }

  /** The parameters of {@link #rowsSql()}. */
  public List<Object> rowsParams(String batchId) {
    List<Object> params = new ArrayList<>();
    format.fields().forEach(field -> params.add(path(field)));
    params.add(batchId);
    return params;
  }

  /**
   * The rejected records as quarantine rows: {@code _raw, _raw_encoding, _topic, _partition, _offset, _batch_id,
   * _rejected_by}, in offset order; its one parameter is the batch id.
   */
  public String rejectedSql() {
    return "SELECT _raw, _raw_encoding, " + LINEAGE + ", _rejected_by FROM " + table
        + " WHERE _rejected_by IS NOT NULL" + ORDER;
  }

  /** The columns of a quarantine row, as {@link #rejectedSql()} returns them. */
  public static Schema quarantineSchema() {
    return new Schema(List.of(new Column("_raw", DataType.STRING), new Column("_raw_encoding", DataType.STRING),
        new Column("_topic", DataType.STRING), new Column("_partition", DataType.INT),
        new Column("_offset", DataType.LONG), new Column("_batch_id", DataType.STRING),
        new Column("_rejected_by", DataType.STRING)));
  }

  /** The columns of a raw row, as {@link #rowsSql()} returns them. */
  public static Schema rawSchema(StreamFormat format) {
    List<Column> columns = new ArrayList<>();
    format.fields().forEach(f -> columns.add(new Column(f, DataType.STRING)));
    columns.add(new Column("_topic", DataType.STRING));
    columns.add(new Column("_partition", DataType.INT));
    columns.add(new Column("_offset", DataType.LONG));
    columns.add(new Column("_batch_id", DataType.STRING));
    return new Schema(columns);
  }

  @Override
  public void close() {
    duck.execute("DROP TABLE IF EXISTS " + table);
  }

  private static String path(String field) {
    return "$.\"" + field + "\"";
  }

  /** A record's row of {@link #RECORDS}: the value as text, or base64 in {@code _raw} when it is not UTF-8. */
  private static List<Object> values(StreamRecord record) {
    String text = null;
    String raw = null;
    String encoding = null;
    if (record.value() != null) {
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(record.value())).toString();
        raw = text;
        encoding = "utf-8";
      } catch (CharacterCodingException e) {
        raw = Base64.getEncoder().encodeToString(record.value());
        encoding = "base64";
      }
    }
    return Arrays.asList(record.topic(), record.partition(), record.offset(), text, raw, encoding);
  }
}
