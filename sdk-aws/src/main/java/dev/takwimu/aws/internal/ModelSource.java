package dev.takwimu.aws.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.NoSuchDatasetException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The current version of a model's source dataset, checked to have every column the model reads. */
final class ModelSource {
  private ModelSource() {}

  /** Fewest rows of each class a training dataset must have (as on the local backend). */
  static final int MIN_ROWS_PER_CLASS = 20;

  /**
   * The source's current version.
   *
   * @throws NoSuchDatasetException when the source does not exist
   * @throws InvalidInputException when it lacks the id, a label column or a feature
   */
  static DatasetInfo require(LakeStore lake, ModelDefinition definition) {
    DatasetInfo info = lake.describe(definition.source()).orElseThrow(() -> new NoSuchDatasetException(
        definition.source(), "write it (run the pipeline) before training or scoring model " + definition.name()));
    Set<String> present = info.schema().columns().stream().map(Column::name).collect(Collectors.toSet());
    for (String column : columns(definition)) {
      if (!present.contains(column)) {
        throw new InvalidInputException("Cannot use model " + definition.name() + " on " + definition.source()
            + ": column " + column + " missing (found: " + String.join(", ", present.stream().sorted().toList()) + ")");
      }
    }
    return info;
  }

  /** The columns a model reads: id, label columns (sorted), features in order. */
  static List<String> columns(ModelDefinition definition) {
    Set<String> columns = new LinkedHashSet<>();
    columns.add(definition.idColumn());
    columns.addAll(definition.labelColumns().stream().sorted().toList());
    columns.addAll(definition.featureColumns());
    return new ArrayList<>(columns);
  }
}
