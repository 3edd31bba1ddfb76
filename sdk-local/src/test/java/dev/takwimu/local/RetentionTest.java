package dev.takwimu.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Row;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader of a version reads it whole while newer commits (a stream's flushes) expire it under the reader. */
class RetentionTest {
  private static final DatasetId DATASET = DatasetId.of(Zone.RAW, "events");

  @TempDir
  Path lake;

  @Test
  void aSlowReaderOfAnOldVersionFinishesWhileAStreamCommitsOnTop() {
    try (LocalBackend reader = LocalBackend.builder().lake(lake).threads(1).build();
         LocalBackend writer = LocalBackend.builder().lake(lake).threads(1).build()) {
      for (int i = 0; i < 50; i++) {
        append(writer, i);
      }
      long rows = 0;
      try (Stream<Row> stream = reader.lake().stream(DATASET)) {
        Iterator<Row> it = stream.iterator();
        it.next();
        rows++;
        for (int i = 50; i < 60; i++) {
          append(writer, i);
        }
        System.out.println("v20 exists: " + java.nio.file.Files.exists(lake.resolve("raw/events/v00000050")));
        while (it.hasNext()) {
          it.next();
          rows++;
        }
      }
      assertThat(rows).isEqualTo(50 * 40000);
    }
  }

  private static void append(LocalBackend backend, int batch) {
    backend.lake().write(DATASET, WriteSource.query(
        "SELECT ? * 100000 + range AS id, repeat('x', 50) AS payload FROM range(40000)", Map.of(), batch),
        WriteOptions.append());
  }
}
