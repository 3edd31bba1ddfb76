package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The PostgreSQL side of a lake column: its SQL type, and the SQL expression of the canonical text {@link RowEncoder}
 * computes in Java, so that one checksum can be taken on both sides (docs/serving.md, "Checksums").
 */
public final class PgTypes {
  private PgTypes() {}

  /** The column type a lake type is stored as. */
  public static String sqlType(DataType type) {
    return switch (type) {
      case STRING -> "text";
      case INT -> "integer";
      case LONG -> "bigint";
      case DOUBLE -> "double precision";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp without time zone";
    };
  }

  /**
   * The canonical text of a non-null value: the text itself; integers and booleans as PostgreSQL prints them; a
   * double's IEEE 754 bits in hex (exact, whatever either side's number formatting); a date as days since
   * 1970-01-01; a timestamp as microseconds since 1970-01-01 00:00 (date part and time of day taken separately, exact
   * on every server version).
   */
  static String canonicalSql(Column column) {
    String c = PgNames.quote(column.name());
    return switch (column.type()) {
      case STRING -> c;
      case INT, LONG, BOOLEAN -> c + "::text";
      case DOUBLE -> "encode(float8send(" + c + "), 'hex')";
      case DATE -> "(" + c + " - DATE '1970-01-01')::text";
      case TIMESTAMP -> "((" + c + "::date - DATE '1970-01-01')::bigint * 86400000000 + round(extract(epoch from "
          + c + "::time) * 1000000)::bigint)::text";
    };
  }

  /**
   * A query over the table giving the row count and the sum of every row's hash (a numeric, to be taken modulo
   * 2^64): the first 64 bits of the MD5 of the row's canonical text, as a signed integer.
   */
  public static String checksumQuery(String qualifiedTable, List<Column> columns) {
    String rowText = columns.stream()
        .map(column -> "coalesce(length(" + canonicalSql(column) + ") || ':' || " + canonicalSql(column) + ", '-')")
        .collect(Collectors.joining(" || ',' || "));
    return "SELECT count(*), sum(('x' || substr(md5(" + rowText + "), 1, 16))::bit(64)::bigint) FROM "
        + qualifiedTable;
  }
}
