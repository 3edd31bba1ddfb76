package dev.takwimu.samples.cli;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.Backend;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.TrainingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu train}: trains the churn and loan-activity models and prints their hold-out metrics. */
@Command(name = "train", sortOptions = false,
    description = {
        "Train the churn and loan-activity models on the customer features.",
        "",
        "Reads cleaned/customer_features, holds out a stratified 20%% of customers",
        "(fixed seed), trains on the rest, prints the hold-out metrics and saves each",
        "model with its provenance to <lake>/models/<model>.model; an existing model",
        "file is replaced only with --force. Scores are written by 'takwimu score' (or",
        "by 'takwimu pipeline', which trains, scores and replaces the models)."},
    footerHeading = "%nJSON:%n",
    footer = {
        "  one object keyed by model name (churn, loan-activity), each with algorithm,",
        "  auc, accuracy, precision, recall, f1, top_decile_capture, threshold,",
        "  confusion_matrix ([[tn, fp], [fn, tp]]), train_rows, test_rows, features,",
        "  feature_importance, model_version and model_file.",
        "",
        "Example:",
        "  takwimu train --lake lake --model churn --algorithm logistic-regression"})
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Mixin
  ModelOptions models;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--force", description = "Replace model files that already exist.")
  boolean force;

  enum Format { table, json }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    List<ModelDefinition> definitions = ModelSteps.select(models.model);
    if (!force) {
      ModelSteps.requireNoModelFiles(lake.directory(), definitions);
    }
    try (Backend backend = lake.openExisting()) {
      List<ModelSteps.Trained> trained = ModelSteps.train(backend, lake.directory(), definitions,
          models.options(), false, out, spec.commandLine().getErr());
      if (format == Format.json) {
        ModelSteps.printJson(out, trained);
      } else {
        ModelSteps.printTable(out, trained);
      }
    }
    return TakwimuCli.OK;
  }

  /** The options choosing what to train and how, shared with {@code pipeline} and {@code demo}. */
  static final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME", defaultValue = "all", converter = Converters.ModelName.class,
        description = "churn, loan-activity or all (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "xgboost",
        converter = Converters.AlgorithmName.class,
        description = "xgboost (gradient-boosted trees) or logistic-regression (default: ${DEFAULT-VALUE}).")
    Algorithm algorithm;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of the hold-out split and the trainer (default: ${DEFAULT-VALUE}).")
    long seed;

    /** What a command line with only {@code --seed seed} gets: the options' defaults otherwise. */
    static ModelOptions withSeed(long seed) {
      return CommandLine.populateCommand(new ModelOptions(), "--seed", Long.toString(seed));
    }

    TrainingOptions options() {
      return TrainingOptions.of(algorithm).withSeed(seed);
    }
  }
}
