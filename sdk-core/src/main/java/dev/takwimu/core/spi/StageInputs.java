package dev.takwimu.core.spi;

import dev.takwimu.core.Column;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Schema;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What every stage runner does alike with a stage's inputs: optional inputs' columns and the provenance record. */
public final class StageInputs {
  /** The version recorded in provenance for an optional input that did not exist when the stage ran. */
  public static final String MISSING = "none";

  private StageInputs() {}

  /**
   * Refuses an existing optional input that lacks a column the stage declared for it (compared ignoring case).
   *
   * @throws InvalidInputException naming the stage, the dataset and the missing columns
   */
  public static void checkColumns(String stage, DatasetId dataset, Schema declared, Collection<String> actual) {
    List<String> present = actual.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    List<String> missing = declared.columns().stream().map(Column::name)
        .filter(c -> !present.contains(c.toLowerCase(Locale.ROOT))).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(String.format("Stage %s: input %s lacks column%s %s (found: %s)", stage, dataset,
          missing.size() == 1 ? "" : "s", String.join(", ", missing), String.join(", ", actual)));
    }
  }

  /**
   * The {@code inputs} provenance property: {@code zone/name@vN} per input in the stage's order, the version each was
   * read at, and {@code zone/name@none} for an optional input that did not exist.
   *
   * @param versions the version read of each existing input; a missing one is absent
   */
  public static String provenance(Collection<DatasetId> inputs, Map<DatasetId, Long> versions) {
    return inputs.stream().distinct()
        .map(id -> id + "@" + (versions.containsKey(id) ? "v" + versions.get(id) : MISSING))
        .collect(Collectors.joining(","));
  }
}
