package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.SyntheticExports;
import dev.takwimu.safaricom.SyntheticStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu demo}: synthetic exports, the whole pipeline with both models, and a dashboard, in one command. */
@Command(name = "demo", sortOptions = false,
    description = {
        "Try everything on synthetic data: pipeline, models and dashboard.",
        "",
        "Generates a realistic M-Pesa/Fuliza book into <lake>/exports (kept when a",
        "previous demo made the same ones), runs 'pipeline' on it (ingest, curate,",
        "features, churn and loan-activity models with scores) and 'dashboard' into",
        "<lake>/dashboard, then prints the dashboard's path: open it in any browser,",
        "no network needed. Each run replaces the lake's models in <lake>/models and",
        "its dashboard. The lake is demo-lake unless --lake says otherwise.",
        "",
        "With --stream, the whole streaming path first: an embedded Kafka broker (no",
        "install needed), a producer of transactions for the book's customers, and the",
        "stream ingestor into raw/transactions_stream until idle (exactly once: a second",
        "demo sends the same records again and the lake's offsets skip them); then the",
        "pipeline and dashboard."},
    footerHeading = "%nExample:%n",
    footer = {"  takwimu demo --lake demo-lake --customers 20000",
        "  takwimu demo --stream --stream-count 100000"})
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** The lake when {@code --lake} is not given. */
  static final String DEFAULT_LAKE = "demo-lake";

  @Mixin
  LakeOption lake;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "100000",
      description = "Customers to generate, about 20 transactions each (default: ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--dirty-rate", paramLabel = "R", defaultValue = "0.005",
      description = "Share of damaged rows, for the quarantine to catch (default: ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Option(names = "--as-of", paramLabel = "DATE", converter = Converters.Date.class, defaultValue = "2025-01-01",
      description = "The book's last day and the features' as-of date (default: ${DEFAULT-VALUE}).")
  LocalDate asOf;

  @Mixin
  TrainCommand.ModelOptions models;

  @Option(names = "--stream", description = "Also stream: start a Kafka broker, produce transactions for the book's "
      + "customers, consume them into raw/transactions_stream, then run the pipeline.")
  boolean stream;

  @Option(names = "--stream-count", paramLabel = "N", defaultValue = "50000",
      description = "--stream: transactions to produce (default: ${DEFAULT-VALUE}).")
  long streamCount;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    SyntheticExports.Builder builder = SyntheticExports.builder().seed(models.seed);
    Converters.apply(spec, "--customers", () -> builder.customers(customers));
    Converters.apply(spec, "--as-of", () -> builder.asOf(asOf));
    Converters.apply(spec, "--dirty-rate", () -> builder.dirtyRate(dirtyRate));
    SyntheticExports generator = builder.build();
    if (stream && streamCount < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--stream-count must be a positive number, not " + streamCount);
    }
    Path directory = lake.withFallback(DEFAULT_LAKE).directory();
    Path exports = directory.resolve("exports");
    generate(generator, exports, out, err);
    try (Backend backend = lake.open()) {
      if (stream) {
        // the stream's customers and seed are the book's: every streamed transaction is a new one of a known customer
        StreamSteps.demo(backend, SyntheticStream.of(generator), streamCount, out, err);
      }
      PipelineCommand.run(backend, directory, exports, asOf, models, out, err);
      Path page = Progress.during("dashboard", err, () -> DashboardCommand.write(backend, directory,
          directory.resolve("dashboard")));
      String location = lake.location();
      out.printf(Locale.ROOT, "%nDemo finished in %s. Next, serve it from PostgreSQL (docs/serving.md):%n"
          + "  takwimu migrate --lake %s%n  takwimu insights --database embedded --lake %s --all%n"
          + "Open the dashboard:%n%s%n", Steps.seconds(Duration.ofNanos(System.nanoTime() - start)), location,
          location, page.toAbsolutePath().toUri());
    }
    return TakwimuCli.OK;
  }

  /** Generates the exports unless the directory already holds exactly these (same size, seed, date, dirt). */
  private static void generate(SyntheticExports generator, Path exports, PrintWriter out, PrintWriter err)
      throws IOException {
    Path stamp = exports.resolve(".generated");
    String parameters = String.format(Locale.ROOT, "customers=%d seed=%d as-of=%s dirty-rate=%s%n",
        generator.customers(), generator.seed(), generator.asOf(), generator.dirtyRate());
    if (Files.isRegularFile(stamp) && Files.readString(stamp, StandardCharsets.UTF_8).equals(parameters)) {
      out.println("exports: reusing " + exports + " (" + parameters.strip() + ")");
      return;
    }
    Files.deleteIfExists(stamp);
    long start = System.nanoTime();
    SyntheticExports.Summary summary = Progress.during("generate", err, () -> generator.write(exports));
    AtomicFiles.write(stamp, o -> o.write(parameters.getBytes(StandardCharsets.UTF_8)));
    out.printf(Locale.ROOT, "exports: %d customers generated (%d customer, %d transaction and %d loan rows) in %s (%s)%n",
        generator.customers(), summary.customers(), summary.transactions(), summary.loans(),
        Steps.seconds(Duration.ofNanos(System.nanoTime() - start)), exports);
  }
}
