package dev.takwimu.samples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.takwimu.core.Backend;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Training, saving and scoring the report's models, shared by {@code train}, {@code pipeline} and {@code demo}. */
final class ModelSteps {
  private ModelSteps() {}

  /** Where the CLI keeps a lake's trained models: {@code <lake>/models/<model>.model}. */
  static Path modelFile(Path lake, String model) {
    return lake.resolve("models").resolve(model + ".model");
  }

  /** The definitions a {@code --model} value names: one model, or {@code all}. */
  static List<ModelDefinition> select(String name) {
    if (name.equals("all")) {
      return SafaricomModels.ALL;
    }
    return List.of(SafaricomModels.byName(name).orElseThrow(() -> new InvalidInputException(
        "Unknown model '" + name + "' (known: " + String.join(", ", SafaricomModels.names()) + ", all)")));
  }

  /**
   * Refuses to go on when a model file {@code train} would write exists already.
   *
   * @throws TakwimuException naming the first such file and {@code --force}
   */
  static void requireNoModelFiles(Path lake, List<ModelDefinition> definitions) {
    for (ModelDefinition definition : definitions) {
      Path file = modelFile(lake, definition.name());
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new TakwimuException("Model file " + file + " exists; give --force to replace it");
      }
    }
  }

  /** A model trained and saved, with how long each took. */
  record Trained(TrainedModel model, Path file, double trainSeconds) {}

  /**
   * Trains each model on the lake's current features and saves it under {@code <lake>/models}. With
   * {@code skipWhenTooSmall}, a model whose data has too few rows of a class is reported on {@code out} and skipped
   * (the pipeline's data stages still count as done); otherwise that fails the command.
   */
  static List<Trained> train(Backend backend, Path lake, List<ModelDefinition> definitions, TrainingOptions options,
      boolean skipWhenTooSmall, PrintWriter out, PrintWriter err) {
    return train(backend, lake, definitions, options, skipWhenTooSmall, new LinkedHashMap<>(), out, err);
  }

  /** As above, putting each model skipped for too few rows into {@code skipped}, with the reason printed. */
  static List<Trained> train(Backend backend, Path lake, List<ModelDefinition> definitions, TrainingOptions options,
      boolean skipWhenTooSmall, Map<String, String> skipped, PrintWriter out, PrintWriter err) {
    List<Trained> trained = new ArrayList<>();
    for (ModelDefinition definition : definitions) {
      long start = System.nanoTime();
      TrainedModel model;
      try {
        model = Progress.during("train " + definition.name(), err, () -> backend.models().train(definition, options));
      } catch (NotEnoughDataException e) {
        if (!skipWhenTooSmall) {
          throw e;
        }
        out.println(definition.name() + ": not trained: " + e.getMessage());
        skipped.put(definition.name(), e.getMessage());
        continue;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Path file = modelFile(lake, definition.name());
      model.save(file);
      trained.add(new Trained(model, file, seconds));
    }
    return trained;
  }

  /**
   * After the churn model scored the lake, ranks the active customers by its score into {@code cleaned/churn_risk}
   * (the stage's report printed as every stage's); nothing when the churn model is not among {@code trained}.
   */
  static List<StageReport> rankChurnRisk(Backend backend, List<TrainedModel> trained, PrintWriter out,
      PrintWriter err) {
    return trained.stream().filter(model -> model.definition().name().equals(ChurnModel.NAME)).findFirst()
        .map(churn -> Steps.run(backend, List.of(ChurnModel.riskStage(churn.evaluation().threshold(),
            churn.evaluation().recall())), out, err))
        .orElse(List.of());
  }

  /** Scores the lake's source with each model, printing one line per model. */
  static List<RunReport.ModelRun> score(Backend backend, List<Trained> trained, PrintWriter out, PrintWriter err) {
    List<RunReport.ModelRun> runs = new ArrayList<>();
    for (Trained t : trained) {
      ScoreReport report = Progress.during("score " + t.model().definition().name(), err,
          () -> t.model().score(backend.lake()));
      out.println(format(t.model(), report));
      out.flush();
      ModelEvaluation e = t.model().evaluation();
      runs.add(new RunReport.ModelRun(t.model().definition().name(), t.file().toString(),
          t.model().provenance().modelVersion(), report.output().toString(), report.rows(), e.trainRows(),
          e.testRows(), t.trainSeconds(), report.duration().toNanos() / 1e9));
    }
    return runs;
  }

  /** {@code churn -> cleaned/churn_scores (version 3): 100000 customers scored, 14210 flagged, 0.52s}. */
  static String format(TrainedModel model, ScoreReport report) {
    return String.format(Locale.ROOT, "%s -> %s (version %d): %d customers scored, %d flagged, %s",
        model.definition().name(), report.output(), report.version(), report.rows(), report.positives(),
        Steps.seconds(report.duration()));
  }

  /** {@code churn (xgboost): AUC 0.8712, top-decile capture 0.4431, F1 0.5520 on 20000 hold-out rows, 1.21s}. */
  static String summary(Trained t) {
    ModelEvaluation e = t.model().evaluation();
    return String.format(Locale.ROOT, "%s (%s): AUC %s, top-decile capture %s, F1 %s on %d hold-out rows, %.2fs",
        t.model().definition().name(), t.model().provenance().algorithm(), round(e.auc()),
        round(e.topDecileCapture()), round(e.f1()), e.testRows(), t.trainSeconds());
  }

  /** One row of hold-out metrics per model, then each model's file and top features. */
  static void printTable(PrintWriter out, List<Trained> trained) {
    TextTable table = new TextTable(List.of("model", "algorithm", "auc", "accuracy", "precision", "recall", "f1",
        "top_decile_capture", "train_rows", "test_rows"));
    for (Trained t : trained) {
      ModelEvaluation e = t.model().evaluation();
      table.row(List.of(t.model().definition().name(), t.model().provenance().algorithm(), round(e.auc()),
          round(e.accuracy()), round(e.precision()), round(e.recall()), round(e.f1()), round(e.topDecileCapture()),
          e.trainRows(), e.testRows()));
    }
    table.print(out);
    for (Trained t : trained) {
      ModelEvaluation e = t.model().evaluation();
      ModelEvaluation.ConfusionMatrix m = e.confusion();
      out.printf(Locale.ROOT, "%n%s: saved to %s (%s, trained in %.2fs)%n", t.model().definition().name(), t.file(),
          t.model().provenance().modelVersion(), t.trainSeconds());
      out.printf(Locale.ROOT, "  hold-out at threshold %s: %d true positives, %d false positives, %d false negatives, "
          + "%d true negatives%n", Values.decimal(e.threshold()), m.truePositives(), m.falsePositives(),
          m.falseNegatives(), m.trueNegatives());
      out.println("  top features: " + e.featureImportance().stream().limit(5)
          .map(f -> f.feature() + " " + round(f.importance())).collect(Collectors.joining(", ")));
    }
  }

  /** One object keyed by model name (see the train command's help for the fields). */
  static void printJson(PrintWriter out, List<Trained> trained) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out).setPrettyPrinter(Values.prettyPrinter())) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      for (Trained t : trained) {
        ModelEvaluation e = t.model().evaluation();
        ModelEvaluation.ConfusionMatrix m = e.confusion();
        json.writeObjectFieldStart(t.model().definition().name());
        json.writeStringField("algorithm", t.model().provenance().algorithm());
        json.writeNumberField("auc", e.auc());
        json.writeNumberField("accuracy", e.accuracy());
        json.writeNumberField("precision", e.precision());
        json.writeNumberField("recall", e.recall());
        json.writeNumberField("f1", e.f1());
        json.writeNumberField("top_decile_capture", e.topDecileCapture());
        json.writeNumberField("threshold", e.threshold());
        json.writeFieldName("confusion_matrix");
        json.writeStartArray();
        json.writeArray(new long[] {m.trueNegatives(), m.falsePositives()}, 0, 2);
        json.writeArray(new long[] {m.falseNegatives(), m.truePositives()}, 0, 2);
        json.writeEndArray();
        json.writeNumberField("train_rows", e.trainRows());
        json.writeNumberField("test_rows", e.testRows());
        json.writeArrayFieldStart("features");
        for (String feature : t.model().provenance().features()) {
          json.writeString(feature);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("feature_importance");
        for (ModelEvaluation.FeatureImportance f : e.featureImportance()) {
          json.writeStartObject();
          json.writeStringField("feature", f.feature());
          json.writeNumberField("importance", f.importance());
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("model_version", t.model().provenance().modelVersion());
        json.writeStringField("model_file", t.file().toString());
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    out.println();
  }

  static String round(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
