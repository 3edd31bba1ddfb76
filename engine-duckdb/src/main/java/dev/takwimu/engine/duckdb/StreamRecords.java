package dev.takwimu.engine.duckdb;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.stream.StreamFormat;
import dev.takwimu.core.stream.StreamRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * How every backend reads stream records, so that a record is a raw row or a quarantined one for the same reason on
 * each: the records are loaded into DuckDB, each gets its reason for quarantine ({@code _rejected_by}: no value, not
 * UTF-8, not JSON, not an object, missing field ...), and the readable ones have their fields extracted as text
 * ({@code json_extract_string}: strings as they are, numbers and booleans as their JSON text, null as null).
 */
public final class StreamRecords implements AutoCloseable {
  /** The records as loaded: lineage, the value as text (null when not UTF-8), else in base64. */
  private static final Schema RECORDS = new Schema(List.of(new Column("_topic", DataType.STRING),
      new Column("_partition", DataType.INT), new Column("_offset", DataType.LONG),
      new Column("_value", DataType.STRING), new Column("_base64", DataType.STRING)));
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
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (RowsTable rows = RowsTable.load(duck, WriteSource.rows(RECORDS,
        records.stream().map(record -> values(record, utf8)).toList()))) {
      // each value is parsed at most four times (valid, type, keys, and all fields at once), whatever the fields
      List<Object> params = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (String field : format.fields()) {
        paths.add("?");
        params.add(path(field));
      }
      List<String> missing = new ArrayList<>();
      for (String field : format.requiredFields()) {
        missing.add("CASE WHEN NOT list_contains(_keys, ?) THEN ? END");
        params.add(field);
        params.add(field);
      }
      duck.execute("CREATE TEMP TABLE " + table + " AS SELECT _topic, _partition, _offset, _raw, _raw_encoding,"
          + " _rejected_by, CASE WHEN _rejected_by IS NULL THEN json_extract_string(_value, ["
          + String.join(", ", paths) + "]) END AS _fields FROM (SELECT *, CASE"
          + " WHEN _raw IS NULL THEN 'no value'"
          + " WHEN _value IS NULL THEN 'not UTF-8'"
          + " WHEN NOT _valid THEN 'not JSON'"
          + " WHEN _type <> 'OBJECT' THEN 'not an object'"
          + " ELSE nullif('missing field ' || concat_ws(', ', " + String.join(", ", missing) + "), 'missing field ')"
          + " END AS _rejected_by"
          + " FROM (SELECT *, CASE WHEN _valid AND _type = 'OBJECT' THEN json_keys(_value) END AS _keys"
          + " FROM (SELECT *, CASE WHEN _valid THEN json_type(_value) END AS _type"
          + " FROM (SELECT _topic, _partition, _offset, _value, coalesce(_value, _base64) AS _raw,"
          + " CASE WHEN _value IS NOT NULL THEN 'utf-8' WHEN _base64 IS NOT NULL THEN 'base64' END AS _raw_encoding,"
          + " coalesce(json_valid(_value), false) AS _valid FROM " + rows.name() + "))))", params);
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
   * (its parameters: {@link #rowsParams}), in offset order.
   */
  public String rowsSql() {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < format.fields().size(); i++) {
      columns.add("_fields[" + (i + 1) + "] AS " + DuckDbDialect.INSTANCE.quote(format.fields().get(i)));
    }
    return "SELECT " + String.join(", ", columns) + ", " + LINEAGE + " FROM " + table + " WHERE _rejected_by IS NULL"
        + ORDER;
  }

  /** The parameters of {@link #rowsSql()}. */
  public List<Object> rowsParams(String batchId) {
    return List.of(batchId);
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

  /** A record's row of {@link #RECORDS}: the value as text, or in base64 when it is not UTF-8. */
  private static List<Object> values(StreamRecord record, CharsetDecoder utf8) {
    String text = null;
    String base64 = null;
    if (record.value() != null) {
      try {
        text = utf8.decode(ByteBuffer.wrap(record.value())).toString();
      } catch (CharacterCodingException e) {
        base64 = Base64.getEncoder().encodeToString(record.value());
      }
    }
    return Arrays.asList(record.topic(), record.partition(), record.offset(), text, base64);
  }
}
