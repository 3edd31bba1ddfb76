package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.DatasetBusyException;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit waits for the dataset's lock as long as configured, then fails in one line and commits nothing; a lake that
 * cannot be created says why.
 */
class LockWaitTest {
  private static final DatasetId DATASET = DatasetId.of(Zone.CLEANED, "scores");

  @TempDir
  Path lake;

  @Test
  void aWriterThatMayNotWaitFailsClearlyWhileAnotherHoldsTheLockAndCommitsOnceItIsFree() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().lake(lake).lockWait(Duration.ofMillis(300)).build()) {
      write(backend);
      Path lockFile = lake.resolve("cleaned").resolve("scores").resolve(".lock");
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        assertThatThrownBy(() -> write(backend))
            .isInstanceOfSatisfying(DatasetBusyException.class, e -> assertThat(e.dataset()).isEqualTo(DATASET))
            .hasMessage("Cannot commit cleaned/scores: another writer is committing to it (waited 0.3 s; wait longer"
                + " with takwimu.local.lock-wait, or retry)");
      }
      assertThat(backend.lake().describe(DATASET).orElseThrow().version()).isEqualTo(1);
      try (var staging = Files.list(lake.resolve("cleaned").resolve("scores").resolve("_staging"))) {
        assertThat(staging.toList()).as("the failed write's staging files").isEmpty();
      }

      assertThat(write(backend)).isEqualTo(2);
    }
  }

  @Test
  void theLockWaitIsASettingOfTheLocalBackend() {
    try (var backend = dev.takwimu.core.Backends.open(Map.of("takwimu.lake", lake.toString(),
        LocalBackendProvider.LOCK_WAIT, "0"))) {
      assertThat(backend.name()).isEqualTo("local");
    }
    assertThatThrownBy(() -> dev.takwimu.core.Backends.open(Map.of("takwimu.lake", lake.toString(),
        LocalBackendProvider.LOCK_WAIT, "soon")))
        .hasMessage("takwimu.local.lock-wait='soon' is invalid: expected a whole number of at least 0");
  }

  private static long write(LocalBackend backend) {
    return backend.lake().write(DATASET, WriteSource.query("SELECT 1 AS id", Map.of()), WriteOptions.overwrite())
        .version();
  }

  @Test
  void aLakeThatCannotBeCreatedSaysWhy() throws Exception {
    Path file = Files.writeString(lake.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> LocalBackend.open(file.resolve("lake")))
        .hasMessage("Cannot create the lake at " + file.resolve("lake") + ": " + file + " exists and is not a"
            + " directory");
  }
}
