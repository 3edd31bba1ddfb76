package dev.takwimu.samples.bench;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.Row;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.Zone;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.safaricom.SafaricomServing;
import dev.takwimu.samples.cli.PipelineSteps;
import dev.takwimu.serving.postgres.EmbeddedPostgresServer;
import dev.takwimu.serving.postgres.PostgresServingStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code takwimu bench --serving}: a lake built by {@code takwimu pipeline} migrated into the embedded PostgreSQL (a
 * fresh data directory per repeat), with every Safaricom insight stored at migration; then each insight's warm
 * latency served stored and run live, interleaved, and look-ups of churn scores by customer. All in this process,
 * on the store's one connection, as an application would call it.
 */
final class ServingBench {
  /** The latency target for every insight at 100,000 customers. */
  static final double TARGET_P99_MILLIS = 20;

  private final Settings settings;
  private final PrintWriter err;

  /** The options of one bench. */
  record Settings(long customers, long seed, int repeat, int runs, int warmUp, Path work, Path inputs,
      Double inputsGeneratedSeconds) {
  }

  /** One repeat: a fresh server, the migration, the latencies. */
  record Run(int repeat, double serverStartSeconds, Migration migration, List<Insight> insights, Latency lookup) {
  }

  /** The migration of every dataset; {@code storedInsightsSeconds} is the part spent storing insight results. */
  record Migration(List<Dataset> datasets, long rows, double seconds, double rowsPerSecond,
      double storedInsightsSeconds) {
  }

  /** One dataset's migration. */
  record Dataset(String dataset, long rows, double seconds, double rowsPerSecond) {
  }

  /** One insight's latencies, served stored and run live, and whether both gave the same rows. */
  record Insight(String insight, int rows, Latency stored, Latency live, boolean sameResult) {
  }

  /** Milliseconds per call over the measured calls (after the warm-up ones). */
  record Latency(int calls, double p50Millis, double p99Millis, double maxMillis) {
  }

  ServingBench(Settings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  /** Builds (or reuses) the lake, then measures each repeat. */
  List<Run> run() throws IOException {
    Path lake = lake();
    List<Run> runs = new ArrayList<>();
    try (Backend backend = Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, lake.toString()))) {
      List<TableSpec> specs = TableSpec.resolve(backend.lake().list().stream().map(DatasetInfo::id)
          .filter(id -> id.zone() == Zone.CURATED || id.zone() == Zone.CLEANED).sorted(
              Comparator.comparing(DatasetId::toString)).toList(), SafaricomServing.TABLES);
      List<Object> keys = lookupKeys(backend);
      for (int r = 1; r <= settings.repeat(); r++) {
        runs.add(once(r, backend, specs, keys));
      }
    }
    return runs;
  }

  /** {@code takwimu pipeline} on the inputs into {@code <work>/serving-lake}, unless done before on the same inputs. */
  private Path lake() throws IOException {
    Path lake = settings.work().resolve("serving-lake");
    Path marker = lake.resolve(".complete");
    String made = "inputs=" + settings.inputs().toAbsolutePath() + " seed=" + settings.seed() + "\n";
    if (settings.inputsGeneratedSeconds() == null && Files.isRegularFile(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).equals(made)) {
      err.println("bench: reusing the lake " + lake);
      return lake;
    }
    BenchCommand.fresh(lake);
    err.println("bench: running the pipeline into " + lake + "...");
    err.flush();
    Path log = Files.createDirectories(settings.work().resolve("logs")).resolve("serving-pipeline.log");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8));
        Backend backend = Backends.open(Map.of(Backends.BACKEND, "local", Backends.LAKE, lake.toString()))) {
      PipelineSteps.run(backend, lake, settings.inputs(), BenchCommand.AS_OF, settings.seed(), out, err);
    }
    Files.writeString(marker, made, StandardCharsets.UTF_8);
    return lake;
  }

  /** Customers to look up, in a seeded random order: the measured calls do not walk the index in key order. */
  private List<Object> lookupKeys(Backend backend) {
    List<Object> ids;
    try (Stream<Row> rows = backend.lake().stream(ChurnModel.SCORES)) {
      ids = new ArrayList<>(rows.map(row -> (Object) row.getString("customer_id")).toList());
    }
    Collections.shuffle(ids, new Random(settings.seed()));
    return ids;
  }

  private Run once(int repeat, Backend backend, List<TableSpec> specs, List<Object> keys) throws IOException {
    Path data = BenchCommand.fresh(settings.work().resolve("serving-postgres"));
    err.printf(Locale.ROOT, "bench: run %d: starting PostgreSQL in %s...%n", repeat, data);
    err.flush();
    long start = System.nanoTime();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
      double serverStart = (System.nanoTime() - start) / 1e9;
      try (PostgresServingStore store = PostgresServingStore.builder(server.jdbcUrl())
          .user(EmbeddedPostgresServer.USER).storeInsights(SafaricomInsights.ALL).open()) {
        Migration migration = migrate(repeat, backend, specs, store);
        err.printf(Locale.ROOT, "bench: run %d: migrated %,d rows in %.2f s; measuring %d insights...%n", repeat,
            migration.rows(), migration.seconds(), SafaricomInsights.ALL.size());
        err.flush();
        List<Insight> insights = new ArrayList<>();
        for (int i = 0; i < SafaricomInsights.ALL.size(); i++) {
          insights.add(insight(store, SafaricomInsights.ALL.get(i), (repeat + i) % 2 == 1));
        }
        TableSpec scores = SafaricomServing.spec(ChurnModel.SCORES);
        Latency lookup = measure(i -> store.lookup(scores, keys.get(i % keys.size())).orElseThrow(),
            settings.warmUp());
        return new Run(repeat, serverStart, migration, insights, lookup);
      }
    }
  }

  private Migration migrate(int repeat, Backend backend, List<TableSpec> specs, PostgresServingStore store) {
    err.printf(Locale.ROOT, "bench: run %d: migrating %d datasets...%n", repeat, specs.size());
    err.flush();
    long start = System.nanoTime();
    List<MigrationReport> reports = store.migrate(backend.lake(), specs, report -> { });
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Dataset> datasets = new ArrayList<>();
    long rows = 0;
    for (MigrationReport report : reports) {
      if (report.outcome() != MigrationReport.Outcome.MIGRATED) {
        throw new TakwimuException("bench: " + report.dataset() + " was not migrated: " + report.outcome() + " "
            + report.error());
      }
      datasets.add(new Dataset(report.dataset().toString(), report.rows(), report.seconds(),
          report.rows() / report.seconds()));
      rows += report.rows();
    }
    return new Migration(datasets, rows, seconds, rows / seconds, storedSeconds(store));
  }

  /** Seconds the migration spent computing and storing insight results, as the store recorded them. */
  private static double storedSeconds(PostgresServingStore store) {
    try (Connection connection = DriverManager.getConnection(store.url(), EmbeddedPostgresServer.USER, "");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT coalesce(sum(seconds), 0) FROM takwimu.insights")) {
      rs.next();
      return rs.getDouble(1);
    } catch (SQLException e) {
      throw new TakwimuException(e, "bench: cannot read takwimu.insights: %s", e.getMessage());
    }
  }

  /**
   * Stored and live calls of one insight: the warm-up calls of both alternating, then a block of measured calls of
   * each, the stored block first or second as told (alternated between insights and repeats), so that the live
   * queries' parallel workers and the machine's drift fall on both alike without one disturbing each call of the other.
   */
  private Insight insight(PostgresServingStore store, InsightQuery<?> query, boolean storedFirst) {
    List<?> stored = store.insights().run(query);
    boolean same = stored.equals(store.liveInsights().run(query));
    InsightRunner[] runners = {store.insights(), store.liveInsights()};
    for (int i = 0; i < settings.warmUp(); i++) {
      runners[0].run(query);
      runners[1].run(query);
    }
    Latency[] latencies = new Latency[2];
    for (int block = 0; block < 2; block++) {
      int which = storedFirst ? block : 1 - block;
      latencies[which] = measure(i -> runners[which].run(query), 0);
    }
    return new Insight(query.name(), stored.size(), latencies[0], latencies[1], same);
  }

  private Latency measure(IntConsumer call, int warmUp) {
    long[] nanos = new long[settings.runs()];
    for (int i = -warmUp; i < settings.runs(); i++) {
      long start = System.nanoTime();
      call.accept(i + warmUp);
      if (i >= 0) {
        nanos[i] = System.nanoTime() - start;
      }
    }
    return latency(nanos);
  }

  private static Latency latency(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latency(sorted.length, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  /** Nearest rank: the smallest value at least this share of the calls did not exceed. */
  private static long percentile(long[] sorted, double p) {
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
  }

  /** Medians over the runs of every figure (repeat 0); datasets and insights matched by name. */
  static Run median(List<Run> runs) {
    Run first = runs.get(0);
    List<Dataset> datasets = new ArrayList<>();
    for (Dataset d : first.migration().datasets()) {
      List<Dataset> all = runs.stream().flatMap(r -> r.migration().datasets().stream())
          .filter(x -> x.dataset().equals(d.dataset())).toList();
      datasets.add(new Dataset(d.dataset(), d.rows(), median(all, Dataset::seconds),
          median(all, Dataset::rowsPerSecond)));
    }
    List<Migration> migrations = runs.stream().map(Run::migration).toList();
    Migration migration = new Migration(datasets, first.migration().rows(), median(migrations, Migration::seconds),
        median(migrations, Migration::rowsPerSecond), median(migrations, Migration::storedInsightsSeconds));
    List<Insight> insights = new ArrayList<>();
    for (Insight i : first.insights()) {
      List<Insight> all = runs.stream().flatMap(r -> r.insights().stream())
          .filter(x -> x.insight().equals(i.insight())).toList();
      insights.add(new Insight(i.insight(), i.rows(), medianLatency(all, Insight::stored),
          medianLatency(all, Insight::live), all.stream().allMatch(Insight::sameResult)));
    }
    return new Run(0, median(runs, Run::serverStartSeconds), migration, insights,
        medianLatency(runs, Run::lookup));
  }

  private static <T> Latency medianLatency(List<T> items, Function<T, Latency> latency) {
    List<Latency> all = items.stream().map(latency).toList();
    return new Latency(all.get(0).calls(), median(all, Latency::p50Millis), median(all, Latency::p99Millis),
        median(all, Latency::maxMillis));
  }

  private static <T> double median(List<T> items, ToDoubleFunction<T> figure) {
    double[] values = items.stream().mapToDouble(figure).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  /** The settings, machine, runs, medians and target, for the JSON report. */
  static Map<String, Object> report(Settings settings, List<Run> runs) {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("customers", settings.customers());
    described.put("seed", settings.seed());
    described.put("repeat", settings.repeat());
    described.put("runs", settings.runs());
    described.put("warmUp", settings.warmUp());
    described.put("work", settings.work().toAbsolutePath().toString());
    described.put("inputs", settings.inputs().toAbsolutePath().toString());
    described.put("inputsGeneratedSeconds", settings.inputsGeneratedSeconds());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("settings", described);
    report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
        "Java " + Runtime.version(), "loadAverage", ProcessStats.loadAverage()));
    report.put("runs", runs);
    Run median = median(runs);
    report.put("median", median);
    report.put("target", Map.of("target", "every insight < 20 ms p99 warm at 100,000 customers (served stored)",
        "met", targetMet(median)));
    return report;
  }

  /** True when every insight served stored met the target (p99 under 20 ms). */
  static boolean targetMet(Run median) {
    return median.insights().stream().allMatch(i -> i.stored().p99Millis() < TARGET_P99_MILLIS);
  }

  /** The medians as tables, with the target. */
  static void print(Settings settings, List<Run> runs, PrintWriter out) {
    Run median = runs.size() > 1 ? median(runs) : runs.get(0);
    out.printf(Locale.ROOT, "Serving bench: %,d customers (seed %d), median of %d %s; per insight %d warm-up calls "
            + "of each way, then blocks of %d measured calls; %d core(s)%n%n", settings.customers(), settings.seed(),
        runs.size(), runs.size() == 1 ? "run" : "runs", settings.warmUp(), settings.runs(),
        Runtime.getRuntime().availableProcessors());
    out.println("| dataset | rows | seconds | rows/s |");
    out.println("|---|---:|---:|---:|");
    for (Dataset d : median.migration().datasets()) {
      out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f |%n", d.dataset(), d.rows(), d.seconds(), d.rowsPerSecond());
    }
    out.printf(Locale.ROOT, "| all, one after the other | %,d | %.2f | %,.0f |%n", median.migration().rows(),
        median.migration().seconds(), median.migration().rowsPerSecond());
    out.printf(Locale.ROOT, "%nServer start %.2f s (not in the migration). Storing the %d insights' results took "
        + "%.2f s of the migration.%n%n", median.serverStartSeconds(), median.insights().size(),
        median.migration().storedInsightsSeconds());
    out.println("| insight | rows | stored p50 ms | p99 ms | max ms | live p50 ms | p99 ms | max ms | same |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (Insight i : median.insights()) {
      out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n", i.insight(), i.rows(),
          i.stored().p50Millis(), i.stored().p99Millis(), i.stored().maxMillis(), i.live().p50Millis(),
          i.live().p99Millis(), i.live().maxMillis(), i.sameResult() ? "yes" : "NO");
    }
    Latency lookup = median.lookup();
    out.printf(Locale.ROOT, "%nLook-up of a churn score by customer: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        lookup.p50Millis(), lookup.p99Millis(), lookup.maxMillis());
    double worst = median.insights().stream().mapToDouble(i -> i.stored().p99Millis()).max().orElse(0);
    out.printf(Locale.ROOT, "%nTarget at 100,000 customers: every insight < %.0f ms p99 warm (served stored): worst "
        + "%.2f ms (%s)%s%n", TARGET_P99_MILLIS, worst, targetMet(median) ? "met" : "missed",
        settings.customers() == 100_000 ? "" : String.format(Locale.ROOT, "; measured at %,d customers",
            settings.customers()));
  }
}
