package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu score}: scores every customer with a saved model. */
@Command(name = "score", sortOptions = false,
    description = {
        "Score every customer with a saved model.",
        "",
        "Scores each row of cleaned/customer_features and replaces the model's",
        "scores dataset (cleaned/churn_scores or cleaned/loan_activity_scores):",
        "customer_id, probability, label (probability at or above the model's",
        "threshold) and model_version. After the churn model, also ranks the active",
        "customers by churn score into cleaned/churn_risk."},
    footerHeading = "%nExample:%n",
    footer = "  takwimu score --lake lake --model lake/models/churn.model")
final class ScoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by 'takwimu train'.")
  Path model;

  @Override
  public Integer call() {
    try (Backend backend = lake.openExisting()) {
      TrainedModel loaded = backend.models().load(model);
      ScoreReport report = Progress.during("score " + loaded.definition().name(), spec.commandLine().getErr(),
          () -> loaded.score(backend.lake()));
      spec.commandLine().getOut().println(ModelSteps.format(loaded, report));
      ModelSteps.rankChurnRisk(backend, List.of(loaded), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return TakwimuCli.OK;
  }
}
