package dev.takwimu.samples.cli;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.CollectReport;
import dev.takwimu.core.Backend;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.StageReport;
import dev.takwimu.safaricom.MpesaStream;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu pipeline}: ingest, curate, features, then train and score both models, in one go. */
@Command(name = "pipeline", sortOptions = false,
    description = {
        "Ingest, curate, build features, then train and score the models.",
        "",
        "Ingests the exports in the input directory, then runs curate-customers,",
        "curate-transactions, curate-loans and customer-features in that order; stops",
        "at the first failure. Then trains the churn and loan-activity models (saved",
        "to <lake>/models, replacing the previous run's) and writes every customer's scores to cleaned/churn_scores",
        "and cleaned/loan_activity_scores. Prints one line per ingested file, each",
        "stage's report, each model's hold-out metrics and scores. Keeps a summary",
        "in <lake>/reports/pipeline.json for the dashboard. Re-running on the same",
        "exports gives the same datasets. Creates the lake when it does not exist."},
    footerHeading = "%nExample:%n",
    footer = "  takwimu pipeline --lake lake --input exports/2025-01 --as-of 2025-01-01")
final class PipelineCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory holding the three exports.")
  Path input;

  @Option(names = "--as-of", paramLabel = "DATE", converter = Converters.Date.class,
      description = "The date features are computed as of, YYYY-MM-DD (default: today).")
  LocalDate asOf;

  @Option(names = "--no-models", description = "Stop after the features; train and score nothing.")
  boolean noModels;

  @Mixin
  TrainCommand.ModelOptions models;

  @Override
  public Integer call() {
    Steps.checkInput(input);
    try (Backend backend = lake.open()) {
      run(backend, lake.directory(), input, asOf != null ? asOf : LocalDate.now(), noModels ? null : models,
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return TakwimuCli.OK;
  }

  /** The whole run, shared with {@code demo}: ingest, stages, models (unless null); records the run report. */
  static RunReport run(Backend backend, Path lakeDirectory, Path input, LocalDate asOf,
      TrainCommand.ModelOptions models, PrintWriter out, PrintWriter err) {
    long start = System.nanoTime();
    List<IngestReport> ingested = Steps.ingest(backend, input, out, err);
    if (backend instanceof AwsBackend aws) { // what Firehose delivered joins the batch exports before curate
      CollectReport collected = aws.collect(MpesaStream.TRANSACTIONS);
      if (collected.objects() + collected.alreadyCollected() > 0) {
        AwsCommand.Collect.print(out, collected);
      }
    }
    List<StageReport> stages = new ArrayList<>(Steps.run(backend, SafaricomPipeline.pipeline(asOf).stages(), out,
        err));
    List<RunReport.ModelRun> modelRuns = List.of();
    Map<String, String> notTrained = new LinkedHashMap<>();
    if (models != null) {
      List<ModelSteps.Trained> trained = ModelSteps.train(backend, lakeDirectory, ModelSteps.select(models.model),
          models.options(), true, notTrained, out, err);
      for (ModelSteps.Trained t : trained) {
        out.println(ModelSteps.summary(t));
      }
      modelRuns = ModelSteps.score(backend, trained, out, err);
      stages.addAll(ModelSteps.rankChurnRisk(backend, trained.stream().map(ModelSteps.Trained::model).toList(), out,
          err));
    }
    RunReport report = new RunReport(asOf.toString(), Instant.now().toString(), (System.nanoTime() - start) / 1e9,
        ingested.stream().map(RunReport.Ingested::of).toList(), stages.stream().map(RunReport.Stage::of).toList(),
        modelRuns, notTrained);
    report.write(lakeDirectory);
    return report;
  }
}
