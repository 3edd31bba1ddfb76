package dev.takwimu.engine.tribuo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A saved model is one zip file of named entries: {@code takwimu-model.json} and {@code tribuo-model.pb} for a Tribuo
 * model ({@link TribuoModel}), another backend's own entries for its models. Writes are atomic (a temporary file
 * moved into place); read errors are one line.
 */
public final class ModelFile {
  private ModelFile() {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .registerModule(new SimpleModule()
          .addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
              out.writeString(value.toString());
            }
          })
          .addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
              return Instant.parse(parser.getValueAsString());
            }
          }));

  /**
   * The entries of a saved model file, in file order.
   *
   * @throws InvalidInputException when the file does not exist or is not a zip file
   */
  public static Map<String, byte[]> read(Path file) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        zip.transferTo(bytes);
        entries.put(entry.getName(), bytes.toByteArray());
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot load model " + file + ": no such file");
    } catch (ZipException e) {
      throw notAModel(file, "not a zip file");
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read model %s: %s", file, e.getMessage());
    }
    if (entries.isEmpty()) {
      throw notAModel(file, "not a zip file");
    }
    return entries;
  }

  /** Writes the entries, in order, as the zip file {@code file}, atomically (creating its directory). */
  public static void write(Path file, Map<String, byte[]> entries) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          zip.putNextEntry(new ZipEntry(entry.getKey()));
          zip.write(entry.getValue());
          zip.closeEntry();
        }
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the write already failed; report that
      }
      throw new TakwimuException(e, "Cannot save model to %s: %s", target, e.getMessage());
    }
  }

  /** A value as the indented JSON of a model file's metadata entry. */
  public static byte[] toJson(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write model metadata: %s", e.getMessage());
    }
  }

  /**
   * Reads a metadata entry of {@code file}.
   *
   * @throws InvalidInputException when the entry is not that JSON
   */
  public static <T> T fromJson(Path file, byte[] json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw notAModel(file, firstLine(e));
    }
  }

  /** Compact JSON of a value, for fingerprints. */
  static byte[] compactJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write model metadata: %s", e.getMessage());
    }
  }

  /** {@code Cannot load model <file>: not a Takwimu model file (<why>)}. */
  public static InvalidInputException notAModel(Path file, String why) {
    return new InvalidInputException("Cannot load model " + file + ": not a Takwimu model file (" + why + ")");
  }

  static String firstLine(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
  }
}
