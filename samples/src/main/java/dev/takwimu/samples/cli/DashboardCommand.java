package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomModels;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.samples.dashboard.AtRiskCustomers;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu dashboard}: a self-contained HTML dashboard of the lake's insights, stages and models. */
@Command(name = "dashboard", sortOptions = false,
    description = {
        "Write a self-contained HTML dashboard of the lake.",
        "",
        "Shows the county insights, the last pipeline run's stage reports",
        "(<lake>/reports/pipeline.json) and the saved models' hold-out metrics",
        "(<lake>/models). Charts are inline SVG (no network, no JavaScript needed)",
        "and also written as PNG under <out>/charts. Prints the page's path.",
        "",
        "With --database, the insights are read from the PostgreSQL tables",
        "'takwimu migrate' filled; stages and models still come from --lake when it",
        "is given. The page's heading says where each part came from."},
    footerHeading = "%nExamples:%n",
    footer = {"  takwimu dashboard --lake lake --out lake/dashboard",
        "  takwimu dashboard --database embedded --lake lake",
        "  takwimu dashboard --database jdbc:postgresql://db:5432/analytics --user takwimu \\",
        "      --password-env PGPASSWORD --out board"})
final class DashboardCommand implements Callable<Integer> {
  private static final String TITLE = "Takwimu: M-Pesa and Fuliza analytics";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory to write into (default: <lake>/dashboard).")
  Path out;

  @Option(names = "--database", paramLabel = "JDBC_URL|embedded",
      description = "Read the insights from the tables 'takwimu migrate' filled in this PostgreSQL; embedded: the"
          + " lake's own server (with --lake), started for the command (docs/serving.md).")
  String database;

  @Mixin
  DatabaseOptions login;

  @Override
  public Integer call() {
    Path page;
    if (database == null) {
      if (login.given()) {
        throw new ParameterException(spec.commandLine(), "--user and --password-env go with --database");
      }
      try (Backend backend = lake.openExisting()) {
        page = write(backend, lake.directory(), out != null ? out : lake.directory().resolve("dashboard"));
      }
    } else {
      boolean withLake = lake.lake != null || lake.config != null || ServedDatabase.isEmbedded(database);
      if (!withLake && out == null) {
        throw new ParameterException(spec.commandLine(), "Give --out DIR (or --lake, to write into <lake>/dashboard)");
      }
      try (Backend backend = withLake ? lake.openExisting() : null;
          ServedDatabase served = ServedDatabase.open(spec, database, lake, login, true)) {
        Path lakeDirectory = withLake ? lake.directory() : null;
        DashboardData data;
        try {
          data = data(served.store().insights(), source(served), backend, lakeDirectory);
        } catch (NoSuchDatasetException e) {
          throw new InvalidInputException("Cannot draw a dashboard from " + served.description() + ": "
              + e.dataset() + " is not there (run '" + served.migrateCommand() + "' first)", e);
        }
        page = DashboardWriter.write(data, out != null ? out : lakeDirectory.resolve("dashboard"));
      }
    }
    spec.commandLine().getOut().println(page.toAbsolutePath());
    return TakwimuCli.OK;
  }

  /** Gathers what the lake holds and writes the dashboard; returns the page. */
  static Path write(Backend backend, Path lakeDirectory, Path outDirectory) {
    return DashboardWriter.write(data(backend.insights(), null, backend, lakeDirectory), outDirectory);
  }

  /**
   * The dashboard's data: the insights from {@code insights}, stages and models from the lake when there is one.
   *
   * @param insightSource where {@code insights} reads, for the page; null when it is the lake's
   * @param backend the lake's backend, or null without a lake
   * @param lakeDirectory the lake's local directory (run report, models), or null without a lake
   */
  static DashboardData data(InsightRunner insights, String insightSource, Backend backend, Path lakeDirectory) {
    List<InsightTable> tables = new ArrayList<>();
    try {
      for (InsightQuery<?> query : SafaricomInsights.ALL) {
        try {
          tables.add(table(query.name(), insights.runUntyped(query)));
        } catch (NoSuchDatasetException e) {
          // coverage and trends also read the curated transactions and loans, which a database may not hold: the
          // page goes without them; the features themselves are required
          if (e.dataset().equals(SafaricomPipeline.CUSTOMER_FEATURES)) {
            throw e;
          }
        }
      }
    } catch (NoSuchDatasetException e) {
      if (insightSource != null) {
        throw e;
      }
      throw new InvalidInputException(
          "Cannot draw a dashboard of " + lakeDirectory + ": no features yet (run 'takwimu pipeline' first)");
    }
    List<StageSummary> stages = List.of();
    List<ModelSummary> models = new ArrayList<>();
    Map<String, String> notTrained = Map.of();
    if (lakeDirectory != null) {
      Optional<RunReport> report = RunReport.read(lakeDirectory);
      stages = report.map(DashboardCommand::stages).orElse(List.of());
      notTrained = report.map(RunReport::notTrained).orElse(Map.of());
      for (ModelDefinition definition : SafaricomModels.ALL) {
        Path file = ModelSteps.modelFile(lakeDirectory, definition.name());
        // a model the last run could not train is shown with its reason, not as an older run's file
        if (Files.isRegularFile(file) && !notTrained.containsKey(definition.name())) {
          models.add(summary(backend.models().load(file)));
        }
      }
    }
    AtRiskCustomers atRisk = notTrained.containsKey(ChurnModel.NAME) ? null : atRisk(insights);
    return new DashboardData(TITLE, lakeDirectory == null ? null : lakeDirectory.toAbsolutePath().toString(),
        insightSource, Instant.now(), tables, stages, models, notTrained, atRisk);
  }

  /** The first rows of cleaned/churn_risk and its summary, or null when the churn model has not ranked anyone. */
  private static AtRiskCustomers atRisk(InsightRunner insights) {
    try {
      ChurnModel.RiskSummary summary = insights.run(ChurnModel.RISK_SUMMARY).get(0);
      if (summary.threshold() == null) {
        return null;
      }
      return new AtRiskCustomers(ChurnModel.RISK.toString(),
          table("churn-risk", insights.runUntyped(ChurnModel.TOP_AT_RISK)), summary.activeCustomers(),
          summary.flagged(), summary.threshold(), summary.expectedCapture());
    } catch (NoSuchDatasetException e) {
      return null;
    }
  }

  private static InsightTable table(String name, QueryResult result) {
    List<String> columns = result.schema().columns().stream().map(dev.takwimu.core.Column::name).toList();
    List<List<Object>> rows = result.rows().stream()
        .map(row -> IntStream.range(0, columns.size()).mapToObj(row::get).toList()).toList();
    return new InsightTable(name, columns, rows);
  }

  /** {@code PostgreSQL jdbc:... (cleaned/customer_features v3, migrated 2026-12-03 11:02 UTC)}. */
  private static String source(ServedDatabase served) {
    return served.store().migrated().stream()
        .filter(migrated -> migrated.dataset().equals(SafaricomPipeline.CUSTOMER_FEATURES)).findFirst()
        .map(migrated -> String.format("%s (%s v%d, migrated %s)", served.description(), migrated.dataset(),
            migrated.lakeVersion(), WHEN.format(migrated.migratedAt().atOffset(ZoneOffset.UTC))))
        .orElse(served.description());
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
        e.trainRows(), e.testRows(), model.provenance().modelVersion(), e.threshold());
  }
}
