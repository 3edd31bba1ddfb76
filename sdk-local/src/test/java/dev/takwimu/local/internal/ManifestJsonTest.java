package dev.takwimu.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.takwimu.core.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests written and read through Jackson's streaming API are the documents the data-binding mapper wrote. */
class ManifestJsonTest {
  /** How manifests were written before ManifestJson. */
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @TempDir
  Path dir;

  private static Manifest sample() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("ingested.sha256.ab12", "b20250101T000000.000Z-0001");
    properties.put("source_file", "/data/exports/mpesa \"quoted\" \u00e9.csv");
    properties.put("mode", "append");
    return new Manifest(Manifest.FORMAT, "curated/transactions", 7, "2025-01-01T00:00:00.123Z",
        List.of(new Manifest.ColumnEntry("txn_id", DataType.STRING), new Manifest.ColumnEntry("amount", DataType.DOUBLE),
            new Manifest.ColumnEntry("txn_month", DataType.DATE)),
        List.of("txn_month"),
        List.of(new Manifest.FileEntry("txn_month=2024-01-01/part-a-0.parquet", 145665, 4079306,
                Map.of("txn_month", "2024-01-01")),
            new Manifest.FileEntry("txn_month=2024-02-01/part-a-1.parquet", 0, 93, Map.of("txn_month", "2024-02-01"))),
        properties);
  }

  @Test
  void writesTheSameBytesAsTheDataBindingMapper() throws IOException {
    for (Manifest manifest : List.of(sample(), new Manifest(1, "raw/empty", 1, "2025-01-01T00:00:00Z",
        List.of(), List.of(), List.of(), Map.of()))) {
      Path file = dir.resolve("m.json");
      ManifestJson.write(manifest, file);
      assertThat(Files.readString(file)).isEqualTo(MAPPER.writeValueAsString(manifest));
    }
  }

  @Test
  void readsWhatEitherWrote() throws IOException {
    Path streamed = dir.resolve("streamed.json");
    ManifestJson.write(sample(), streamed);
    Path bound = dir.resolve("bound.json");
    MAPPER.writeValue(bound.toFile(), sample());
    assertThat(ManifestJson.read(streamed)).isEqualTo(sample());
    assertThat(ManifestJson.read(bound)).isEqualTo(sample());
  }

  @Test
  void refusesADocumentThatIsNotAManifest() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"format\": 1, \"surprise\": true}");
    assertThatThrownBy(() -> ManifestJson.read(file)).isInstanceOf(IOException.class).hasMessageContaining("surprise");
    Files.writeString(file, "[1, 2]");
    assertThatThrownBy(() -> ManifestJson.read(file)).isInstanceOf(IOException.class);
  }
}
