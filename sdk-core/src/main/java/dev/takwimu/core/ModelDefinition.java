package dev.takwimu.core;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a binary classifier over one dataset learns: which rows, which label, which features, where scores go.
 *
 * <p>The leakage rule is enforced here, before any trainer sees data: a feature may be neither a column the label is
 * computed from nor a column derived from the label ({@code leakyColumns}).
 *
 * @param name the model's name, e.g. {@code churn}
 * @param source the dataset it trains on and scores, one row per entity
 * @param idColumn the entity's id column, copied to the scores
 * @param label a boolean SQL expression over the source's columns (portable subset); true is the positive class
 * @param labelColumns the columns {@code label} reads
 * @param leakyColumns columns derived from the label, known only once the outcome is (never features)
 * @param features the model's inputs, in order
 * @param scores the dataset scores are written to
 * @throws IllegalArgumentException when a feature is a label or leaky column, repeats, or the id is a feature or not
 *     a plain column name
 */
public record ModelDefinition(
    String name,
    DatasetId source,
    String idColumn,
    String label,
    Set<String> labelColumns,
    Set<String> leakyColumns,
    List<Feature> features,
    DatasetId scores) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

  public ModelDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(idColumn, "idColumn");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(scores, "scores");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid model name '" + name + "': use lower-case letters, digits and -");
    }
    if (!COLUMN.matcher(idColumn).matches()) {
      throw new IllegalArgumentException("Invalid id column '" + idColumn + "': use lower-case letters, digits and _");
    }
    labelColumns = Set.copyOf(new LinkedHashSet<>(labelColumns));
    leakyColumns = Set.copyOf(new LinkedHashSet<>(leakyColumns));
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("Model " + name + " has no features");
    }
    Set<String> seen = new HashSet<>();
    for (Feature feature : features) {
      String column = feature.column();
      if (labelColumns.contains(column)) {
        throw new IllegalArgumentException("Feature '" + column + "' of model " + name
            + " is what the label is computed from; it would leak the answer");
      }
      if (leakyColumns.contains(column)) {
        throw new IllegalArgumentException("Feature '" + column + "' of model " + name
            + " is derived from the label (unknown for a live customer); it would leak the answer");
      }
      if (column.equals(idColumn)) {
        throw new IllegalArgumentException("Feature '" + column + "' of model " + name + " is the id column");
      }
      if (!seen.add(column)) {
        throw new IllegalArgumentException("Feature '" + column + "' of model " + name + " is listed twice");
      }
    }
  }

  /** The source columns the features read, in order. */
  public List<String> featureColumns() {
    return features.stream().map(Feature::column).toList();
  }
}
