package dev.takwimu.samples.cli;

import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SyntheticExports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu generate}: synthetic exports of any size, to try the pipeline on. */
@Command(name = "generate", sortOptions = false,
    description = {
        "Write synthetic M-Pesa and Fuliza exports to try the pipeline on.",
        "",
        "Writes customerdata.csv, mpesatransactionsdata.csv and fulizadata.csv to DIR in",
        "the source system's layout: customers across Kenya's counties with about 20",
        "transactions and 2.4 Fuliza loans each in the 12 months before the as-of date.",
        "Churn and unpaid loans follow from each customer's behaviour, so models can",
        "learn them from the features. The same options always give the same bytes.",
        "With --dirty-rate, that share of rows breaks a curation rule the ways real",
        "exports do (bad dates and amounts, empty or repeated ids, unknown customers).",
        "Each file is written under a temporary name and renamed when all are done."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu generate --out exports --customers 100000 --dirty-rate 0.01",
        "  takwimu pipeline --lake lake --input exports --as-of 2025-01-01"})
final class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory to write the three exports to; created if missing, files replaced.")
  Path out;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "10000",
      description = "Number of customers (default: ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--as-of", paramLabel = "DATE", converter = Converters.Date.class, defaultValue = "2025-01-01",
      description = "Date the exports are taken, YYYY-MM-DD (default: ${DEFAULT-VALUE}).")
  LocalDate asOf;

  @Option(names = "--dirty-rate", paramLabel = "R", defaultValue = "0",
      description = "Share of rows made invalid, 0 to 0.5 (default: ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Override
  public Integer call() {
    SyntheticExports.Builder builder = SyntheticExports.builder();
    Converters.apply(spec, "--customers", () -> builder.customers(customers));
    Converters.apply(spec, "--as-of", () -> builder.asOf(asOf));
    Converters.apply(spec, "--dirty-rate", () -> builder.dirtyRate(dirtyRate));
    SyntheticExports generator = builder.seed(seed).build();

    long started = System.nanoTime();
    SyntheticExports.Summary summary = Progress.during("generate", spec.commandLine().getErr(),
        () -> generator.write(out));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    PrintWriter stdout = spec.commandLine().getOut();
    for (RawExport export : RawExport.values()) {
      stdout.printf(Locale.ROOT, "%s: %d rows (%d for quarantine)%n", out.resolve(export.fileName()),
          summary.rows(export), summary.dirtyRows(export));
    }
    stdout.printf(Locale.ROOT, "generated %d customers (seed %d, as of %s, dirty rate %s) in %s%n", customers, seed,
        asOf, dirtyRate, Steps.seconds(took));
    return TakwimuCli.OK;
  }
}
