package dev.takwimu.engine.duckdb.internal;

import dev.takwimu.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The header line of a delimited file, read on its own so a file can be refused before it is parsed. */
public final class CsvHeader {
  private CsvHeader() {}

  /** Reads only the header line and normalizes its names: trimmed, lower case, spaces as underscores. */
  public static List<String> normalized(Path file, char delimiter) {
    String line;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      line = reader.readLine();
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot ingest " + file.getFileName() + ": cannot read it (" + e.getMessage() + ")", e);
    }
    if (line == null || line.isBlank()) {
      throw new InvalidInputException("Cannot ingest " + file.getFileName() + ": the file is empty (no header row)");
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    return split(line, delimiter).stream()
        .map(name -> name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_"))
        .collect(Collectors.toList());
  }

  private static List<String> split(String line, char delimiter) {
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
