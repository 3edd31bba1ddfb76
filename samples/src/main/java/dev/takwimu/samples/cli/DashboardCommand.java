package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomModels;
import dev.takwimu.samples.dashboard.DashboardData;
import dev.takwimu.samples.dashboard.DashboardWriter;
import dev.takwimu.samples.dashboard.FeatureImportance;
import dev.takwimu.samples.dashboard.InsightTable;
import dev.takwimu.samples.dashboard.ModelSummary;
import dev.takwimu.samples.dashboard.RocPoint;
import dev.takwimu.samples.dashboard.StageSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu dashboard}: a self-contained HTML dashboard of the lake's insights, stages and models. */
@Command(name = "dashboard", sortOptions = false,
    description = {
        "Write a self-contained HTML dashboard of the lake.",
        "",
        "Shows the county insights, the last pipeline run's stage reports",
        "(<lake>/reports/pipeline.json) and the saved models' hold-out metrics",
        "(<lake>/models). Charts are inline SVG (no network, no JavaScript needed)",
        "and also written as PNG under <out>/charts. Prints the page's path."},
    footerHeading = "%nExample:%n",
    footer = "  takwimu dashboard --lake lake --out lake/dashboard")
final class DashboardCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory to write into (default: <lake>/dashboard).")
  Path out;

  @Override
  public Integer call() {
    try (Backend backend = lake.openExisting()) {
      Path page = write(backend, lake.directory(), out != null ? out : lake.directory().resolve("dashboard"));
      spec.commandLine().getOut().println(page.toAbsolutePath());
    }
    return TakwimuCli.OK;
  }

  /** Gathers what the lake holds and writes the dashboard; returns the page. */
  static Path write(Backend backend, Path lakeDirectory, Path outDirectory) {
    return DashboardWriter.write(data(backend, lakeDirectory), outDirectory);
  }

  static DashboardData data(Backend backend, Path lakeDirectory) {
    List<InsightTable> insights = new ArrayList<>();
    try {
      for (InsightQuery<?> query : SafaricomInsights.ALL) {
        QueryResult result = backend.insights().runUntyped(query);
        List<String> columns = result.schema().columns().stream().map(dev.takwimu.core.Column::name).toList();
        List<List<Object>> rows = result.rows().stream()
            .map(row -> IntStream.range(0, columns.size()).mapToObj(row::get).toList()).toList();
        insights.add(new InsightTable(query.name(), columns, rows));
      }
    } catch (NoSuchDatasetException e) {
      throw new dev.takwimu.core.InvalidInputException(
          "Cannot draw a dashboard of " + lakeDirectory + ": no features yet (run 'takwimu pipeline' first)");
    }
    List<StageSummary> stages = RunReport.read(lakeDirectory).map(DashboardCommand::stages).orElse(List.of());
    List<ModelSummary> models = new ArrayList<>();
    for (ModelDefinition definition : SafaricomModels.ALL) {
      Path file = ModelSteps.modelFile(lakeDirectory, definition.name());
      if (Files.isRegularFile(file)) {
        models.add(summary(backend.models().load(file)));
      }
    }
    return new DashboardData("Takwimu: M-Pesa and Fuliza analytics", lakeDirectory.toAbsolutePath().toString(),
        Instant.now(), insights, stages, models);
  }

  private static List<StageSummary> stages(RunReport report) {
    return report.stages().stream().map(stage -> {
      Map<String, Long> violations = new LinkedHashMap<>();
      stage.quarantinedByRule().forEach((rule, rows) -> {
        if (rows > 0) {
          violations.put(rule, rows);
        }
      });
      stage.warnings().forEach((rule, rows) -> {
        if (rows > 0) {
          violations.put(rule + " (warning)", rows);
        }
      });
      long warnings = stage.warnings().values().stream().mapToLong(Long::longValue).sum();
      return new StageSummary(stage.stage(), stage.output(), stage.rowsIn(), stage.rowsOut(), stage.quarantined(),
          warnings, violations, Duration.ofNanos((long) (stage.seconds() * 1e9)));
    }).toList();
  }

  private static ModelSummary summary(TrainedModel model) {
    ModelEvaluation e = model.evaluation();
    ModelEvaluation.ConfusionMatrix m = e.confusion();
    return new ModelSummary(model.definition().name(), model.provenance().algorithm(), e.auc(), e.accuracy(),
        e.precision(), e.recall(), e.f1(), e.topDecileCapture(),
        new long[][] {{m.trueNegatives(), m.falsePositives()}, {m.falseNegatives(), m.truePositives()}},
        e.roc().stream().map(p -> new RocPoint(p.falsePositiveRate(), p.truePositiveRate())).toList(),
        e.featureImportance().stream().map(f -> new FeatureImportance(f.feature(), f.importance())).toList(),
        e.trainRows(), e.testRows(), model.provenance().modelVersion());
  }
}
