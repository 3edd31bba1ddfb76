package dev.takwimu.local.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.takwimu.core.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manifests as JSON, through Jackson's streaming API: the same documents the data-binding mapper wrote (fields in
 * record order, nulls left out, indented), without building a data-binding mapper, which costs about 0.3 s of every
 * CLI start.
 */
final class ManifestJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ManifestJson() {}

  static void write(Manifest manifest, Path file) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeNumberField("format", manifest.format());
      stringField(json, "dataset", manifest.dataset());
      json.writeNumberField("version", manifest.version());
      stringField(json, "committed_at", manifest.committedAt());
      if (manifest.schema() != null) {
        json.writeArrayFieldStart("schema");
        for (Manifest.ColumnEntry column : manifest.schema()) {
          json.writeStartObject(); // nested records: nulls written, as the mapper did (NON_NULL was on Manifest only)
          nullableField(json, "name", column.name());
          nullableField(json, "type", column.type() == null ? null : column.type().name());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (manifest.partitionColumns() != null) {
        json.writeArrayFieldStart("partition_columns");
        for (String column : manifest.partitionColumns()) {
          json.writeString(column);
        }
        json.writeEndArray();
      }
      if (manifest.files() != null) {
        json.writeArrayFieldStart("files");
        for (Manifest.FileEntry entry : manifest.files()) {
          json.writeStartObject();
          nullableField(json, "path", entry.path());
          json.writeNumberField("rows", entry.rows());
          json.writeNumberField("bytes", entry.bytes());
          if (entry.partition() == null) {
            json.writeNullField("partition");
          } else {
            mapField(json, "partition", entry.partition());
          }
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      mapField(json, "properties", manifest.properties());
      stringField(json, "transaction", manifest.transaction());
      json.writeEndObject();
    }
  }

  static Manifest read(Path file) throws IOException {
    try (JsonParser json = FACTORY.createParser(file.toFile())) {
      expect(json, json.nextToken(), JsonToken.START_OBJECT);
      int format = 0;
      String dataset = null;
      long version = 0;
      String committedAt = null;
      List<Manifest.ColumnEntry> schema = null;
      List<String> partitionColumns = null;
      List<Manifest.FileEntry> files = null;
      Map<String, String> properties = null;
      String transaction = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "format" -> format = json.getIntValue();
          case "dataset" -> dataset = text(json, value);
          case "version" -> version = json.getLongValue();
          case "committed_at" -> committedAt = text(json, value);
          case "schema" -> schema = value == JsonToken.VALUE_NULL ? null : columns(json);
          case "partition_columns" -> partitionColumns = value == JsonToken.VALUE_NULL ? null : strings(json);
          case "files" -> files = value == JsonToken.VALUE_NULL ? null : files(json);
          case "properties" -> properties = map(json, value);
          case "transaction" -> transaction = text(json, value);
          default -> throw new JsonParseException(json, "Unknown manifest field " + field);
        }
      }
      return new Manifest(format, dataset, version, committedAt, schema, partitionColumns, files, properties,
          transaction);
    }
  }

  private static List<Manifest.ColumnEntry> columns(JsonParser json) throws IOException {
    expect(json, json.currentToken(), JsonToken.START_ARRAY);
    List<Manifest.ColumnEntry> columns = new ArrayList<>();
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      DataType type = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "name" -> name = text(json, value);
          case "type" -> type = value == JsonToken.VALUE_NULL ? null : DataType.valueOf(json.getText());
          default -> throw new JsonParseException(json, "Unknown column field " + field);
        }
      }
      columns.add(new Manifest.ColumnEntry(name, type));
    }
    return columns;
  }

  private static List<Manifest.FileEntry> files(JsonParser json) throws IOException {
    expect(json, json.currentToken(), JsonToken.START_ARRAY);
    List<Manifest.FileEntry> files = new ArrayList<>();
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String path = null;
      long rows = 0;
      long bytes = 0;
      Map<String, String> partition = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "path" -> path = text(json, value);
          case "rows" -> rows = json.getLongValue();
          case "bytes" -> bytes = json.getLongValue();
          case "partition" -> partition = map(json, value);
          default -> throw new JsonParseException(json, "Unknown file field " + field);
        }
      }
      files.add(new Manifest.FileEntry(path, rows, bytes, partition));
    }
    return files;
  }

  private static List<String> strings(JsonParser json) throws IOException {
    expect(json, json.currentToken(), JsonToken.START_ARRAY);
    List<String> strings = new ArrayList<>();
    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
      strings.add(text(json, token));
    }
    return strings;
  }

  private static Map<String, String> map(JsonParser json, JsonToken start) throws IOException {
    if (start == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(json, start, JsonToken.START_OBJECT);
    Map<String, String> map = new LinkedHashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      map.put(key, text(json, json.nextToken()));
    }
    return map;
  }

  private static String text(JsonParser json, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!token.isScalarValue()) {
      throw new JsonParseException(json, "Expected a value, found " + token);
    }
    return json.getText();
  }

  private static void expect(JsonParser json, JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new JsonParseException(json, "Expected " + expected + ", found " + actual);
    }
  }

  private static void stringField(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  private static void nullableField(JsonGenerator json, String name, String value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, value);
    }
  }

  private static void mapField(JsonGenerator json, String name, Map<String, String> map) throws IOException {
    if (map == null) {
      return;
    }
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (entry.getValue() == null) {
        json.writeNullField(entry.getKey());
      } else {
        json.writeStringField(entry.getKey(), entry.getValue());
      }
    }
    json.writeEndObject();
  }
}
