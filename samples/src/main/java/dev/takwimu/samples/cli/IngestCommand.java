package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu ingest}: appends the three exports of a delivery directory to the raw zone. */
@Command(name = "ingest", sortOptions = false,
    description = {
        "Append the three exports of a delivery directory to the raw zone.",
        "",
        "Appends customerdata.csv, mpesatransactionsdata.csv and fulizadata.csv to",
        "raw/customers, raw/transactions and raw/loans. Prints one line per file. A",
        "file whose content was already ingested is skipped, so re-running is safe.",
        "Creates the lake when it does not exist."},
    footerHeading = "%nExample:%n",
    footer = "  takwimu ingest --lake lake --input exports/2025-01")
final class IngestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory holding the three exports.")
  Path input;

  @Override
  public Integer call() {
    Steps.checkInput(input);
    try (Backend backend = lake.open()) {
      Steps.ingest(backend, input, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return TakwimuCli.OK;
  }
}
