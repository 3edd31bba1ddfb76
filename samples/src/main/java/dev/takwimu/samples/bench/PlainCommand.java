package dev.takwimu.samples.bench;

import dev.takwimu.samples.cli.Converters;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code takwimu bench plain}: the plain DuckDB baseline as a process of its own, as bench/run.sh times it. bench/run.sh
 * starts it through {@link #main} ({@code java -cp takwimu.jar dev.takwimu.samples.bench.PlainCommand ...}), which
 * spares the baseline the start-up of the whole CLI (about half a second of class loading), as a program a DuckDB user
 * writes would not pay it.
 */
@Command(name = "plain", sortOptions = false,
    description = {
        "Run the benchmark's plain DuckDB baseline on exports.",
        "",
        "Curates the three exports, computes the customer features and the",
        "insights with hand-written DuckDB SQL over plain JDBC (no lake, manifests,",
        "lineage or rule engine), writing curated/, quarantine/ and cleaned/ Parquet",
        "files and insights.json under OUT. Step times go to stderr. bench/run.sh",
        "times it against 'takwimu pipeline' and pandas."},
    footerHeading = "%nExamples:%n",
    footer = "  takwimu bench plain exports/ plain-out/ --as-of 2025-01-01 --profile")
public final class PlainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT", description = "Directory holding the three CSV exports.")
  Path input;

  @Parameters(index = "1", paramLabel = "OUT", description = "Directory to write into (created if missing).")
  Path out;

  @Option(names = "--as-of", paramLabel = "DATE", required = true, converter = Converters.Date.class,
      description = "Date the features are computed as of (YYYY-MM-DD).")
  LocalDate asOf;

  @Option(names = "--partition-transactions",
      description = "Write curated transactions partitioned by txn_date instead of one file.")
  boolean partitionTransactions;

  @Option(names = "--profile", description = "Write DuckDB's JSON profile of each statement to OUT/profile/.")
  boolean profile;

  /** Runs the command alone, without the rest of the CLI; exit code 2 on a usage error. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PlainCommand()).setCommandName("takwimu bench plain").execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    DirectDuckDb.Settings settings = new DirectDuckDb.Settings(partitionTransactions, profile, err);
    try (DirectDuckDb db = DirectDuckDb.open(out, settings)) {
      db.customers(input);
      db.transactions(input);
      db.loans(input);
      db.features(asOf);
      db.insights(out.resolve("insights.json"));
    }
    err.printf(Locale.ROOT, "plain-duckdb total %.2fs%n", (System.nanoTime() - started) / 1e9);
    err.flush();
    return 0;
  }
}
