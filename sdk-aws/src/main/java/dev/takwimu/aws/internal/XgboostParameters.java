package dev.takwimu.aws.internal;

import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TrainingOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SageMaker XGBoost hyperparameters from {@link TrainingOptions}: the parameter names and defaults of the local
 * backend's XGBoost (docs/models.md), translated to the algorithm's names; {@code threads} does not apply.
 */
final class XgboostParameters {
  private XgboostParameters() {}

  /** Takwimu name to SageMaker hyperparameter name; threshold is Takwimu's own. */
  private static final Map<String, String> NAMES = ordered(
      "trees", "num_round", "eta", "eta", "max-depth", "max_depth", "min-child-weight", "min_child_weight",
      "subsample", "subsample", "colsample", "colsample_bytree", "lambda", "lambda", "alpha", "alpha");
  private static final Map<String, String> DEFAULTS = ordered(
      "trees", "100", "eta", "0.15", "max-depth", "4", "min-child-weight", "10", "subsample", "0.8",
      "colsample", "0.8", "lambda", "1.0", "alpha", "0.0", "threshold", "0.5");

  /** Effective Takwimu parameters (defaults plus the given ones), for provenance. */
  static Map<String, String> effective(TrainingOptions options) {
    Map<String, String> parameters = new LinkedHashMap<>(DEFAULTS);
    for (Map.Entry<String, String> given : options.parameters().entrySet()) {
      if (!DEFAULTS.containsKey(given.getKey())) {
        throw new InvalidInputException("Unknown parameter '" + given.getKey() + "' for xgboost on SageMaker (known: "
            + String.join(", ", DEFAULTS.keySet()) + ")");
      }
      parameters.put(given.getKey(), given.getValue().trim());
    }
    check(parameters, "trees", true, 1, Double.MAX_VALUE, false);
    check(parameters, "eta", false, Double.MIN_VALUE, Double.MAX_VALUE, false);
    check(parameters, "max-depth", true, 1, Double.MAX_VALUE, false);
    check(parameters, "min-child-weight", false, 0, Double.MAX_VALUE, false);
    check(parameters, "subsample", false, Double.MIN_VALUE, 1, true);
    check(parameters, "colsample", false, Double.MIN_VALUE, 1, true);
    check(parameters, "lambda", false, 0, Double.MAX_VALUE, false);
    check(parameters, "alpha", false, 0, Double.MAX_VALUE, false);
    check(parameters, "threshold", false, Double.MIN_VALUE, 1, true);
    return parameters;
  }

  /** The hyperparameters of the training job. */
  static Map<String, String> hyperparameters(Map<String, String> effective, long seed) {
    Map<String, String> hyper = new LinkedHashMap<>();
    hyper.put("objective", "binary:logistic");
    hyper.put("eval_metric", "auc");
    hyper.put("tree_method", "hist");
    hyper.put("seed", Long.toString(seed));
    NAMES.forEach((takwimu, sageMaker) -> hyper.put(sageMaker, effective.get(takwimu)));
    return hyper;
  }

  static double threshold(Map<String, String> effective) {
    return Double.parseDouble(effective.get("threshold"));
  }

  private static void check(Map<String, String> parameters, String name, boolean whole, double min, double max,
      boolean fraction) {
    String text = parameters.get(name);
    double value;
    try {
      value = whole ? Integer.parseInt(text) : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw invalid(name, text, whole ? "a whole number" : "a number");
    }
    if (!Double.isFinite(value) || value < min || value > max) {
      String expected = fraction ? "in (0, 1]" : min == 0 ? "0 or more" : whole ? "at least 1" : "greater than 0";
      throw invalid(name, text, expected);
    }
  }

  private static InvalidInputException invalid(String name, String text, String expected) {
    return new InvalidInputException("Parameter " + name + " of xgboost must be " + expected + ", got '" + text + "'");
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
