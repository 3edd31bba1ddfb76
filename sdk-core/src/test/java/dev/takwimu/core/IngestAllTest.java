package dev.takwimu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Ingestor#ingestAll}'s default, for backends that commit one file at a time. */
class IngestAllTest {
  private static final DatasetId RAW = DatasetId.of(Zone.RAW, "x");

  /** Appends every file except those named {@code bad*}; files named {@code old*} are already in the raw zone. */
  private static final class OneFileAtATime implements Ingestor {
    final List<String> appended = new ArrayList<>();

    @Override
    public IngestReport ingest(CsvSource source) {
      String name = source.file().getFileName().toString();
      if (name.startsWith("bad")) {
        throw new InvalidInputException("Cannot ingest " + name + ": line 3 has 4 fields, expected 3");
      }
      boolean skipped = name.startsWith("old");
      if (!skipped) {
        appended.add(name);
      }
      return new IngestReport(name, source.target(), "b-" + name, skipped ? 0 : 1, skipped, 1, Duration.ZERO);
    }
  }

  private static List<CsvSource> delivery(String... names) {
    List<CsvSource> sources = new ArrayList<>();
    for (String name : names) {
      sources.add(CsvSource.of(Path.of(name), RAW, List.of()));
    }
    return sources;
  }

  @Test
  void aFailureAfterAnAppendSaysWhatWasAndWasNotIngested() {
    OneFileAtATime ingestor = new OneFileAtATime();

    assertThatThrownBy(() -> ingestor.ingestAll(delivery("old.csv", "a.csv", "bad.csv", "c.csv")))
        .isInstanceOfSatisfying(PartialDeliveryException.class, e -> {
          assertThat(e.ingested()).extracting(IngestReport::file).containsExactly("old.csv", "a.csv");
          assertThat(e.notIngested()).containsExactly("bad.csv", "c.csv");
        })
        .hasMessage("Cannot ingest bad.csv: line 3 has 4 fields, expected 3; of this delivery, ingested: old.csv"
            + " (already in batch b-old.csv), a.csv (batch b-a.csv); not ingested: bad.csv, c.csv");
    assertThat(ingestor.appended).containsExactly("a.csv");
  }

  @Test
  void aFailureBeforeAnyAppendIsTheErrorAlone() {
    assertThatThrownBy(() -> new OneFileAtATime().ingestAll(delivery("old.csv", "bad.csv")))
        .isExactlyInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot ingest bad.csv: line 3 has 4 fields, expected 3");
  }

  @Test
  void reportsComeInTheDeliverysOrder() {
    assertThat(new OneFileAtATime().ingestAll(delivery("a.csv", "old.csv", "b.csv")))
        .extracting(IngestReport::file).containsExactly("a.csv", "old.csv", "b.csv");
  }
}
