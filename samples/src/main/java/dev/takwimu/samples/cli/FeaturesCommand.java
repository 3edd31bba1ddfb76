package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu features}: one row of features per customer, as of a date. */
@Command(name = "features",
    description = {
        "Build the customer features, one row per customer, as of a date.",
        "",
        "Runs customer-features into cleaned/customer_features: one row per customer",
        "registered by the as-of date, from transactions and loans up to and including",
        "it. Prints the stage's report."},
    footerHeading = "%nExample:%n",
    footer = "  takwimu features --lake lake --as-of 2025-01-01")
final class FeaturesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--as-of", paramLabel = "DATE", converter = Converters.Date.class,
      description = "The date features are computed as of, YYYY-MM-DD (default: today).")
  LocalDate asOf;

  @Override
  public Integer call() {
    try (Backend backend = lake.openExisting()) {
      Steps.run(backend, List.of(SafaricomPipeline.customerFeatures(asOf != null ? asOf : LocalDate.now())),
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return TakwimuCli.OK;
  }
}
