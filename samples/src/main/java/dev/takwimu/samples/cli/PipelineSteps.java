package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.ChurnModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The work of {@code takwimu pipeline} as one call that returns each step's rows and time, for the samples that
 * measure it ({@code takwimu bench}); it runs {@link PipelineCommand}'s own code, so both measure the same work.
 */
public final class PipelineSteps {
  private PipelineSteps() {}

  /** What a step did. */
  public enum Kind { INGEST, STAGE, TRAIN, SCORE }

  /**
   * One step of the run, as its report gives it: {@code ingest customerdata.csv} (rows appended), a stage such as
   * {@code curate-loans} (rows in and out), {@code train churn} (training plus hold-out rows in, none out) or
   * {@code score churn} (customers scored).
   *
   * @param target the dataset written ({@code raw/customers}, {@code curated/loans}, {@code cleaned/churn_scores})
   *     or, for training, the model file
   */
  public record Step(String name, Kind kind, String target, long rowsIn, long rowsOut, double seconds) {}

  /**
   * Runs {@code takwimu pipeline --lake lake --input input --as-of asOf --seed seed} on an open backend: ingest,
   * stages, both models trained, saved and scored, the run report kept in the lake. What the command prints goes to
   * {@code out} and {@code err}.
   */
  public static List<Step> run(Backend backend, Path lake, Path input, LocalDate asOf, long seed, PrintWriter out,
      PrintWriter err) {
    RunReport report = PipelineCommand.run(backend, lake, input, asOf, TrainCommand.ModelOptions.withSeed(seed), out,
        err);
    List<Step> steps = new ArrayList<>();
    for (RunReport.Ingested i : report.ingested()) {
      steps.add(new Step("ingest " + i.file(), Kind.INGEST, i.dataset(), i.rows(), i.rows(), i.seconds()));
    }
    List<Step> afterScoring = new ArrayList<>(); // the churn risk list is ranked from the churn scores
    for (RunReport.Stage s : report.stages()) {
      Step step = new Step(s.stage(), Kind.STAGE, s.output(), s.rowsIn(), s.rowsOut(), s.seconds());
      (s.output().equals(ChurnModel.RISK.toString()) ? afterScoring : steps).add(step);
    }
    for (RunReport.ModelRun m : report.models()) {
      steps.add(new Step("train " + m.model(), Kind.TRAIN, m.file(), m.trainRows() + m.testRows(), 0,
          m.trainSeconds()));
    }
    for (RunReport.ModelRun m : report.models()) {
      steps.add(new Step("score " + m.model(), Kind.SCORE, m.scores(), m.rowsScored(), m.rowsScored(),
          m.scoreSeconds()));
    }
    steps.addAll(afterScoring);
    return steps;
  }
}
