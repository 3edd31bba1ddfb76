package dev.takwimu.serving.postgres.internal;

import dev.takwimu.core.DatasetId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** PostgreSQL identifiers for datasets, their columns, staging tables and indexes. */
public final class PgNames {
  /** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest with a notice. */
  public static final int MAX_IDENTIFIER_BYTES = 63;
  private static final String STAGING_PREFIX = "_tk_load_";

  private PgNames() {}

  /** {@code "name"} with embedded quotes doubled. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The dataset's schema and table, quoted: {@code "curated"."customers"}. */
  public static String table(DatasetId id) {
    return qualified(id, id.name());
  }

  /** The schema-qualified name of another table in the dataset's schema, quoted. */
  public static String qualified(DatasetId id, String table) {
    return quote(id.zone().id()) + "." + quote(table);
  }

  /** The table as a user writes it: {@code curated.customers}. */
  public static String display(DatasetId id) {
    return id.zone().id() + "." + id.name();
  }

  /** True when PostgreSQL keeps the identifier whole. */
  public static boolean fits(String identifier) {
    return identifier.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES;
  }

  /** The table a dataset's new version is loaded into before it replaces the dataset's table. */
  public static String staging(DatasetId id) {
    String name = STAGING_PREFIX + id.name();
    return fits(name) ? name : STAGING_PREFIX + hash(id.name());
  }

  /** The staging name of the table's index number {@code n} ({@code 0} is the primary key). */
  public static String stagingIndex(DatasetId id, int n) {
    return STAGING_PREFIX + hash(id.name()) + (n == 0 ? "_pkey" : "_" + n);
  }

  /** The final name of the table's primary key index. */
  public static String primaryKeyIndex(DatasetId id) {
    return shorten(id.name(), "_pkey");
  }

  /** The final name of the table's index number {@code n} (from 1) over these columns. */
  public static String index(DatasetId id, int n, List<String> columns) {
    String name = id.name() + "_" + String.join("_", columns) + "_idx";
    return fits(name) ? name : shorten(id.name(), "_idx" + n);
  }

  private static String shorten(String table, String suffix) {
    String name = table + suffix;
    return fits(name) ? name : table.substring(0, MAX_IDENTIFIER_BYTES - suffix.length() - 9) + "_" + hash(table)
        + suffix;
  }

  private static String hash(String text) {
    return String.format(Locale.ROOT, "%08x", text.hashCode());
  }
}
