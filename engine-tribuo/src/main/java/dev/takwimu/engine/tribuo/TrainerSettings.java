package dev.takwimu.engine.tribuo;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.TrainingOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.optimisers.AdaGrad;

/** Tribuo trainers for each {@link Algorithm}, with Takwimu's defaults and the parameters a caller may override. */
final class TrainerSettings {
  private TrainerSettings() {}

  /** A configured trainer and every parameter it runs with (defaults included), for provenance. */
  record Configured(Trainer<Label> trainer, Map<String, String> parameters, double threshold) {}

  private static final Map<String, String> LOGISTIC_DEFAULTS = ordered(
      "epochs", "5", "learning-rate", "0.5", "minibatch-size", "16", "threshold", "0.5");
  // HIST: the default (exact) tree method took 17 s where HIST takes about 1 s on 100k rows. Shallow trees, a small
  // learning rate and row/column sampling: the defaults must not overfit a few thousand rows.
  private static final Map<String, String> XGBOOST_DEFAULTS = ordered(
      "trees", "100", "eta", "0.15", "max-depth", "4", "min-child-weight", "10", "subsample", "0.8",
      "colsample", "0.8", "lambda", "1.0", "alpha", "0.0", "threads", "0", "threshold", "0.5");

  static Configured configure(TrainingOptions options) {
    Map<String, String> defaults = switch (options.algorithm()) {
      case LOGISTIC_REGRESSION -> LOGISTIC_DEFAULTS;
      case GRADIENT_BOOSTED_TREES -> XGBOOST_DEFAULTS;
    };
    Map<String, String> parameters = new LinkedHashMap<>(defaults);
    for (Map.Entry<String, String> given : options.parameters().entrySet()) {
      if (!defaults.containsKey(given.getKey())) {
        throw new InvalidInputException("Unknown parameter '" + given.getKey() + "' for " + options.algorithm().id()
            + " (known: " + String.join(", ", defaults.keySet()) + ")");
      }
      parameters.put(given.getKey(), given.getValue());
    }
    Reader p = new Reader(options.algorithm(), parameters);
    Trainer<Label> trainer = switch (options.algorithm()) {
      case LOGISTIC_REGRESSION -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(p.positive("learning-rate"), 0.1),
          p.count("epochs"), Integer.MAX_VALUE, p.count("minibatch-size"), options.seed());
      case GRADIENT_BOOSTED_TREES -> {
        int threads = p.integer("threads") > 0 ? p.integer("threads") : Runtime.getRuntime().availableProcessors();
        parameters.put("threads", Integer.toString(threads));
        yield new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
            p.count("trees"), p.positive("eta"), 0, p.count("max-depth"), p.nonNegative("min-child-weight"),
            p.fraction("subsample"), p.fraction("colsample"), p.nonNegative("lambda"), p.nonNegative("alpha"), threads,
            XGBoostTrainer.LoggingVerbosity.SILENT, options.seed());
      }
    };
    return new Configured(trainer, Map.copyOf(parameters), p.fraction("threshold"));
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** Reads parameter values with one-line errors naming the parameter. */
  private record Reader(Algorithm algorithm, Map<String, String> parameters) {
    double number(String name) {
      try {
        double value = Double.parseDouble(parameters.get(name).trim());
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(name, "a number");
    }

    int integer(String name) {
      try {
        return Integer.parseInt(parameters.get(name).trim());
      } catch (NumberFormatException e) {
        throw invalid(name, "a whole number");
      }
    }

    int count(String name) {
      int value = integer(name);
      if (value < 1) {
        throw invalid(name, "at least 1");
      }
      return value;
    }

    double positive(String name) {
      double value = number(name);
      if (value <= 0) {
        throw invalid(name, "greater than 0");
      }
      return value;
    }

    double nonNegative(String name) {
      double value = number(name);
      if (value < 0) {
        throw invalid(name, "0 or more");
      }
      return value;
    }

    double fraction(String name) {
      double value = number(name);
      if (value <= 0 || value > 1) {
        throw invalid(name, "in (0, 1]");
      }
      return value;
    }

    InvalidInputException invalid(String name, String expected) {
      return new InvalidInputException("Parameter " + name + " of " + algorithm.id() + " must be " + expected
          + ", got '" + parameters.get(name) + "'");
    }
  }
}
