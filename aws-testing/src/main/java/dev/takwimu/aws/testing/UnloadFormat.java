package dev.takwimu.aws.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Athena's {@code UNLOAD ... WITH (...)} accepts and what it writes, as the Athena User Guide's "UNLOAD" page
 * documents it: {@code format} is required (ORC, PARQUET, AVRO, JSON or TEXTFILE); {@code compression} is specific to
 * ORC ({@code lz4}, {@code snappy}, {@code zlib}, {@code zstd}; default {@code zlib}) and Parquet ({@code gzip},
 * {@code snappy}, plus {@code zstd} on engine v3 per "Use ZSTD compression levels"; default {@code gzip}), does not
 * apply to Avro, and JSON and TEXTFILE are always written with gzip; {@code field_delimiter} is one character
 * (default {@code \001}).
 *
 * @param format the upper-cased file format
 * @param compression the compression the files are written with, upper-cased, as Trino's Hive writer names it
 * @param fieldDelimiter the TEXTFILE field delimiter
 */
record UnloadFormat(String format, String compression, String fieldDelimiter) {
  private static final Set<String> PROPERTIES = Set.of("format", "compression", "compression_level",
      "field_delimiter", "partitioned_by");
  private static final Map<String, List<String>> COMPRESSIONS = Map.of(
      "PARQUET", List.of("GZIP", "SNAPPY", "ZSTD"),
      "ORC", List.of("LZ4", "SNAPPY", "ZLIB", "ZSTD"));
  private static final List<String> FORMATS = List.of("ORC", "PARQUET", "AVRO", "JSON", "TEXTFILE");

  /**
   * The format of an UNLOAD's {@code WITH} properties (names lower-cased, values unquoted).
   *
   * @throws AthenaToTrino.Rejected for what the documentation does not allow, shaped as an Athena failure reason
   */
  static UnloadFormat of(Map<String, String> properties) {
    for (String name : properties.keySet()) {
      if (!PROPERTIES.contains(name)) {
        throw rejected("Unknown UNLOAD property '" + name + "' (supported: format, compression, compression_level, "
            + "field_delimiter, partitioned_by)");
      }
    }
    String format = properties.get("format");
    if (format == null) {
      throw rejected("UNLOAD requires the property format (ORC, PARQUET, AVRO, JSON or TEXTFILE)");
    }
    format = format.toUpperCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw rejected("Unsupported UNLOAD format '" + properties.get("format") + "' (supported: "
          + String.join(", ", FORMATS) + ")");
    }
    String compression = properties.get("compression");
    List<String> allowed = COMPRESSIONS.get(format);
    if (compression != null) {
      if (allowed == null) {
        throw rejected("compression is supported for ORC and PARQUET only, not for " + format
            + (format.equals("AVRO") ? "" : "; Athena writes " + format + " with gzip"));
      }
      if (!allowed.contains(compression.toUpperCase(Locale.ROOT))) {
        throw rejected("Unsupported compression '" + compression + "' for UNLOAD format " + format + " (supported: "
            + String.join(", ", allowed).toLowerCase(Locale.ROOT) + ")");
      }
    }
    if (properties.containsKey("compression_level")
        && (compression == null || !compression.equalsIgnoreCase("ZSTD"))) {
      throw rejected("compression_level is supported with compression = 'ZSTD' only");
    }
    String delimiter = properties.getOrDefault("field_delimiter", "\u0001");
    if (delimiter.codePointCount(0, delimiter.length()) != 1) {
      throw rejected("field_delimiter must be a single character, not '" + delimiter + "'");
    }
    String written = compression != null ? compression.toUpperCase(Locale.ROOT)
        : switch (format) {
          case "ORC" -> "ZLIB";
          case "AVRO" -> "NONE";
          default -> "GZIP";
        };
    return new UnloadFormat(format, written, delimiter);
  }

  /** The value of Trino's Hive session property {@code compression_codec} (its GZIP is ORC's ZLIB). */
  String hiveCodec() {
    return compression.equals("ZLIB") ? "GZIP" : compression;
  }

  private static AthenaToTrino.Rejected rejected(String message) {
    return new AthenaToTrino.Rejected("INVALID_TABLE_PROPERTY: " + message);
  }
}
