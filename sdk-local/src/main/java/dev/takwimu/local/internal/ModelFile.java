package dev.takwimu.local.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.TakwimuException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A saved model: one zip file holding {@code takwimu-model.json} (definition, provenance, hold-out evaluation,
 * feature encoding, threshold) and {@code tribuo-model.pb} (the Tribuo model, protobuf).
 */
final class ModelFile {
  private ModelFile() {}

  static final int FORMAT = 1;
  private static final String METADATA = "takwimu-model.json";
  private static final String MODEL = "tribuo-model.pb";

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

  record Metadata(
      @JsonProperty("format") int format,
      @JsonProperty("definition") ModelDefinition definition,
      @JsonProperty("provenance") ModelProvenance provenance,
      @JsonProperty("evaluation") ModelEvaluation evaluation,
      @JsonProperty("encoder") FeatureEncoder encoder,
      @JsonProperty("threshold") double threshold) {}

  static void write(Path file, LocalTrainedModel model) {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry(METADATA));
        zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Metadata(FORMAT, model.definition(),
            model.provenance(), model.evaluation(), model.encoder(), model.threshold())));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(MODEL));
        model.tribuoModel().serializeToStream(zip);
        zip.closeEntry();
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

  static LocalTrainedModel read(Path file, LocalLakeStore lake) {
    Map<String, byte[]> entries = new HashMap<>();
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
    if (!entries.containsKey(METADATA) || !entries.containsKey(MODEL)) {
      throw notAModel(file, "missing " + (entries.containsKey(METADATA) ? MODEL : METADATA));
    }
    Metadata metadata;
    Model<?> model;
    try {
      metadata = JSON.readValue(entries.get(METADATA), Metadata.class);
      model = Model.deserializeFromStream(new ByteArrayInputStream(entries.get(MODEL)));
    } catch (IOException | RuntimeException e) {
      throw notAModel(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
    }
    if (metadata.format() != FORMAT) {
      throw notAModel(file, "format " + metadata.format() + " (this version reads format " + FORMAT + ")");
    }
    if (!model.validate(Label.class)) {
      throw notAModel(file, "not a classification model");
    }
    @SuppressWarnings("unchecked")
    Model<Label> classifier = (Model<Label>) model;
    return new LocalTrainedModel(metadata.definition(), metadata.provenance(), metadata.evaluation(), metadata.encoder(),
        metadata.threshold(), classifier, lake);
  }

  private static InvalidInputException notAModel(Path file, String why) {
    return new InvalidInputException("Cannot load model " + file + ": not a Takwimu model file (" + why + ")");
  }
}
