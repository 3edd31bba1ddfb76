package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code takwimu curate}: raw exports to typed, validated curated tables. */
@Command(name = "curate",
    description = {
        "Curate the raw exports into typed, validated tables.",
        "",
        "Runs curate-customers, curate-transactions and curate-loans in that order,",
        "raw/* to curated/*; rows that break a rule go to quarantine/*. Prints each",
        "stage's report: rows in, rows out, rows quarantined, rows per broken rule,",
        "time."},
    footerHeading = "%nExample:%n",
    footer = "  takwimu curate --lake lake")
final class CurateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Override
  public Integer call() {
    try (Backend backend = lake.openExisting()) {
      Steps.run(backend, List.of(SafaricomPipeline.curateCustomers(), SafaricomPipeline.curateTransactions(),
          SafaricomPipeline.curateLoans()), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return TakwimuCli.OK;
  }
}
