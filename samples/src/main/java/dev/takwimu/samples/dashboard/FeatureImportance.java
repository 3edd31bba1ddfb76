package dev.takwimu.samples.dashboard;

import java.util.Objects;

/** How much one feature weighs in a model, in the model's own units. */
public record FeatureImportance(String feature, double importance) {
  public FeatureImportance {
    Objects.requireNonNull(feature, "feature");
  }
}
