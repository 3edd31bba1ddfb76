package dev.takwimu.core.stream;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Schema;
import dev.takwimu.core.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a stream's records are and where they land: each record is a JSON object whose fields become text columns of
 * the raw dataset, in the order given (strings as they are, numbers and booleans as their JSON text, JSON null as
 * null); a record that is not such an object or lacks a required field goes to the quarantine dataset instead.
 *
 * @param raw the raw-zone dataset the rows are appended to
 * @param quarantine the quarantine-zone dataset rejected records are appended to
 * @param requiredFields fields every record must have, in column order
 * @param optionalFields fields that become columns after the required ones, null when missing
 */
public record StreamFormat(DatasetId raw, DatasetId quarantine, List<String> requiredFields,
    List<String> optionalFields) {
  private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,127}");

  public StreamFormat {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(quarantine, "quarantine");
    if (raw.zone() != Zone.RAW) {
      throw new IllegalArgumentException("A stream lands in the raw zone, not in " + raw);
    }
    if (quarantine.zone() != Zone.QUARANTINE) {
      throw new IllegalArgumentException("Rejected records go to the quarantine zone, not to " + quarantine);
    }
    requiredFields = List.copyOf(requiredFields);
    optionalFields = List.copyOf(optionalFields);
    if (requiredFields.isEmpty()) {
      throw new IllegalArgumentException("A stream format needs at least one required field");
    }
    Set<String> seen = new HashSet<>();
    for (String field : fields(requiredFields, optionalFields)) {
      if (!FIELD.matcher(field).matches()) {
        throw new IllegalArgumentException("Invalid field '" + field
            + "': use lower-case letters, digits and underscores, starting with a letter");
      }
      if (!seen.add(field)) {
        throw new IllegalArgumentException("Field " + field + " appears twice");
      }
    }
  }

  /** A format whose fields are all required. */
  public static StreamFormat of(DatasetId raw, DatasetId quarantine, List<String> requiredFields) {
    return new StreamFormat(raw, quarantine, requiredFields, List.of());
  }

  /** Every field in column order: the required ones, then the optional ones. */
  public List<String> fields() {
    return fields(requiredFields, optionalFields);
  }

  /**
   * The raw dataset's columns: every field as text, then the lineage {@code _topic} (STRING), {@code _partition} (INT),
   * {@code _offset} (LONG) and {@code _batch_id} (STRING), as every backend's sink writes them.
   */
  public Schema rawSchema() {
    List<Column> columns = new ArrayList<>();
    fields().forEach(field -> columns.add(Column.of(field, DataType.STRING)));
    columns.add(Column.of("_topic", DataType.STRING));
    columns.add(Column.of("_partition", DataType.INT));
    columns.add(Column.of("_offset", DataType.LONG));
    columns.add(Column.of("_batch_id", DataType.STRING));
    return new Schema(columns);
  }

  private static List<String> fields(List<String> required, List<String> optional) {
    List<String> all = new ArrayList<>(required);
    all.addAll(optional);
    return all;
  }
}
