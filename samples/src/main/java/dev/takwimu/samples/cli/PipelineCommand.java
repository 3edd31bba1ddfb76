package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.safaricom.SafaricomPipeline;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu pipeline}: ingest, curate and features in one go. */
@Command(name = "pipeline", sortOptions = false,
    description = {
        "Ingest, curate and build features in one run.",
        "",
        "Ingests the exports in the input directory, then runs curate-customers,",
        "curate-transactions, curate-loans and customer-features in that order; stops",
        "at the first failure. Prints one line per ingested file, then each stage's",
        "report. Re-running on the same exports gives the same datasets. Creates the",
        "lake when it does not exist."},
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

  @Override
  public Integer call() {
    Steps.checkInput(input);
    try (Backend backend = lake.open()) {
      Steps.ingest(backend, input, spec.commandLine().getOut(), spec.commandLine().getErr());
      Steps.run(backend, SafaricomPipeline.pipeline(asOf != null ? asOf : LocalDate.now()).stages(),
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return TakwimuCli.OK;
  }
}
