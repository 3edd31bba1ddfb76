package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the local backend by configuration, through {@link java.util.ServiceLoader}. */
class BackendsTest {
  @TempDir
  Path lake;

  @Test
  void findsTheLocalBackendByName() {
    try (Backend backend = Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, lake.toString()))) {
      assertThat(backend).isInstanceOf(LocalBackend.class);
      assertThat(backend.name()).isEqualTo("local");
      assertThat(((LocalBackend) backend).lakeDirectory()).isEqualTo(lake.toAbsolutePath().normalize());
      DatasetId id = DatasetId.parse("curated/numbers");
      backend.lake().write(id, WriteSource.rows(Schema.of(Column.of("n", DataType.LONG)), List.of(List.of(1L))),
          WriteOptions.overwrite());
    }
    try (Backend again = Backends.open(Map.of(Backends.LAKE, lake.toString()))) {
      assertThat(again.name()).isEqualTo(Backends.DEFAULT_BACKEND);
      assertThat(again.lake().describe(DatasetId.parse("curated/numbers")).orElseThrow().rows()).isEqualTo(1);
    }
  }

  @Test
  void passesLocalSettingsThrough() {
    try (Backend backend = Backends.open(Map.of(Backends.LAKE, lake.toString(), LocalBackendProvider.MEMORY_LIMIT,
        "256MB", LocalBackendProvider.THREADS, "1", LocalBackendProvider.RETAINED_VERSIONS, "2"))) {
      assertThat(backend).isInstanceOf(LocalBackend.class);
    }
  }

  @Test
  void anUnknownBackendIsRefusedListingTheAvailableOnes() {
    assertThatThrownBy(() -> Backends.open(Map.of(Backends.BACKEND, "hadoop", Backends.LAKE, lake.toString())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'hadoop'")
        .hasMessageContaining("available: local");
  }

  @Test
  void theLocalBackendNeedsALake() {
    assertThatThrownBy(() -> Backends.open(Map.of(Backends.BACKEND, "local")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(Backends.LAKE);
    assertThatThrownBy(() -> Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, "  ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(Backends.LAKE);
  }

  @Test
  void invalidLocalSettingsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> Backends.open(Map.of(Backends.LAKE, lake.toString(), LocalBackendProvider.THREADS, "many")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("many")
        .hasMessageContaining(LocalBackendProvider.THREADS);
    assertThatThrownBy(() -> Backends.open(Map.of(Backends.LAKE, lake.toString(),
        LocalBackendProvider.RETAINED_VERSIONS, "1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(LocalBackendProvider.RETAINED_VERSIONS);
  }
}
