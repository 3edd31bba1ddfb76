package dev.takwimu.core;

import dev.takwimu.core.internal.DefinedStage;
import java.util.List;
import java.util.Map;

/**
 * A named step from input datasets to one output dataset. The stage proposes candidate rows (a portable SQL query or
 * rows computed in Java); its rules sort them into kept, warned-about and quarantined rows; the kept rows, projected by
 * {@link #select()}, are committed to {@link #output()} and the quarantined ones to {@code quarantine/<output name>}.
 * Running a stage again on the same inputs gives the same output.
 */
public interface EtlStage {

  String name();

  /** The dataset the stage writes. */
  DatasetId output();

  /** Alias used in the stage's SQL to the dataset it stands for. */
  Map<String, DatasetId> inputs();

  /**
   * The inputs that may not exist yet, by alias (each also one of {@link #inputs()}), with the columns the stage reads
   * from each: a missing optional input reads as no rows with exactly those columns, and an existing one is read as it
   * is (it must have those columns). Every other input must exist. A stage that wraps another delegates this too.
   */
  default Map<String, Schema> optionalInputs() {
    return Map.of();
  }

  /** The candidate rows, before rules: a {@link WriteSource.Query} over {@link #inputs()} or rows from Java code. */
  WriteSource candidates(StageContext context);

  /** Data-quality rules checked on each candidate row. */
  default List<QualityRule> rules() {
    return List.of();
  }

  /** Output columns as SQL expressions over the candidate columns ({@code trim(txn_id) AS txn_id}); empty keeps all. */
  default List<String> select() {
    return List.of();
  }

  default WriteOptions writeOptions() {
    return WriteOptions.overwrite();
  }

  /** Where rows broken by QUARANTINE rules go. */
  default DatasetId quarantine() {
    return DatasetId.of(Zone.QUARANTINE, output().name());
  }

  /** Starts a stage definition. */
  static DefinedStage.Builder builder(String name) {
    return DefinedStage.builder(name);
  }
}
