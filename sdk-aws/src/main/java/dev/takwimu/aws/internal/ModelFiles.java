package dev.takwimu.aws.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TakwimuException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * Saved model files as bytes: atomic writes, the local format's provenance corrected to the AWS lake's source version,
 * and telling a SageMaker model file (zip entry {@value #SAGEMAKER_ENTRY}) from a local one.
 */
final class ModelFiles {
  private ModelFiles() {}

  /** The local backend's metadata entry (sdk-local ModelFile). */
  static final String LOCAL_METADATA = "takwimu-model.json";
  static final String SAGEMAKER_ENTRY = "sagemaker-model.json";

  static final ObjectMapper JSON = new ObjectMapper()
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

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot load model " + file + ": no such file");
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read model %s: %s", file, e.getMessage());
    }
  }

  static void writeAtomically(Path file, byte[] bytes) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent());
      Files.write(temporary, bytes);
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

  /** The zip entries of a file, or empty when it is not a zip file. */
  static Map<String, byte[]> entries(byte[] file) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = new ByteArrayInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        zip.transferTo(bytes);
        entries.put(entry.getName(), bytes.toByteArray());
      }
    } catch (ZipException e) {
      return Map.of();
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read a model file: %s", e.getMessage());
    }
    return entries;
  }

  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot write a model file: %s", e.getMessage());
    }
    return bytes.toByteArray();
  }

  /** A local-format model file whose provenance says it was trained on {@code version} of its source. */
  static byte[] withSourceVersion(Path localModelFile, long version) {
    Map<String, byte[]> entries = entries(read(localModelFile));
    byte[] metadata = entries.get(LOCAL_METADATA);
    if (metadata == null) {
      throw new IllegalStateException("The local trainer saved no " + LOCAL_METADATA);
    }
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(metadata);
      ((ObjectNode) root.required("provenance")).put("sourceVersion", version);
      entries.put(LOCAL_METADATA, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot rewrite the model's provenance: %s", e.getMessage());
    }
    return zip(entries);
  }
}
