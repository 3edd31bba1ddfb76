package dev.takwimu.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A learning algorithm for binary classification, chosen by name. */
public enum Algorithm {
  /** Logistic regression on standardised, log-scaled numbers and one-hot categories. */
  LOGISTIC_REGRESSION("logistic-regression", "lr", "logistic"),
  /** Gradient-boosted decision trees (XGBoost, histogram tree method). */
  GRADIENT_BOOSTED_TREES("xgboost", "gbt", "gradient-boosted-trees");

  private final String id;
  private final String[] aliases;

  Algorithm(String id, String... aliases) {
    this.id = id;
    this.aliases = aliases;
  }

  /** The name used in configuration, the CLI and provenance. */
  public String id() {
    return id;
  }

  /**
   * The algorithm with this name or alias, in any case.
   *
   * @throws InvalidInputException when no algorithm has the name
   */
  public static Algorithm parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Algorithm algorithm : values()) {
      if (algorithm.id.equals(wanted) || Arrays.asList(algorithm.aliases).contains(wanted)) {
        return algorithm;
      }
    }
    throw new InvalidInputException("Unknown algorithm '" + name + "' (known: "
        + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", ")) + ")");
  }

  @Override
  public String toString() {
    return id;
  }
}
