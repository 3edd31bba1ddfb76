package dev.takwimu.samples.cli;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.DmsMigration;
import dev.takwimu.aws.DmsReport;
import dev.takwimu.aws.DmsSettings;
import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Zone;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.safaricom.SafaricomServing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu aws dms}: the lake into RDS/Aurora PostgreSQL through AWS DMS (docs/serving.md, DMS on AWS). */
@Command(name = "dms", sortOptions = false,
    description = {
        "Load curated and cleaned datasets into PostgreSQL with AWS DMS.",
        "",
        "Each dataset's current version is exported (Athena UNLOAD, Parquet) under the",
        "export location, a DMS S3 source endpoint is created with a table definition",
        "generated from the lake schema (keys from the domain), and a full-load task on",
        "the configured replication instance (created when missing) loads every table",
        "into the target, dropped and created again. A manifest per version records the",
        "handover: a version already loaded is skipped. Settings: --dms-config FILE of",
        "dms.* properties; the target's password comes from the environment variable",
        "dms.target.password-env names, or DMS reads a Secrets Manager secret.",
        "Backend is always aws here."},
    footerHeading = "%nExample:%n",
    footer = {"  takwimu aws dms --lake s3://mpesa-lake/takwimu --region eu-west-1 --dms-config dms.properties"})
final class AwsDmsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--dms-config", paramLabel = "FILE", required = true,
      description = "A properties file of dms.* settings (docs/serving.md lists them).")
  Path dmsConfig;

  @Option(names = "--datasets", paramLabel = "ZONE/NAME", arity = "1..*", converter = Converters.Dataset.class,
      description = "The datasets to load (default: every curated and cleaned dataset of the lake).")
  List<DatasetId> datasets;

  @Override
  public Integer call() {
    if (lake.backend == null) {
      lake.backend = "aws";
    }
    if (!lake.isAws()) {
      throw new ParameterException(spec.commandLine(), "aws dms is for --backend aws");
    }
    DmsSettings settings = DmsSettings.fromProperties(LakeOption.load(dmsConfig), System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    try (Backend backend = lake.openExisting();
        DmsMigration migration = ((AwsBackend) backend).dms(settings)) {
      List<DatasetId> targets = datasets != null ? datasets : backend.lake().list().stream().map(DatasetInfo::id)
          .filter(id -> id.zone() == Zone.CURATED || id.zone() == Zone.CLEANED).toList();
      if (targets.isEmpty()) {
        throw new InvalidInputException("no curated or cleaned dataset in " + lake.location()
            + "; run 'takwimu pipeline' first");
      }
      List<DmsReport> reports = migration.migrate(TableSpec.resolve(targets, SafaricomServing.TABLES), line -> {
        err.println(line);
        err.flush();
      });
      for (DmsReport report : reports) {
        if (report.succeeded()) {
          out.println(report);
        } else {
          err.println("takwimu: " + report.error());
        }
      }
      long failed = reports.stream().filter(r -> !r.succeeded()).count();
      long loaded = reports.stream().filter(r -> r.outcome() == DmsReport.Outcome.LOADED).count();
      out.printf(Locale.ROOT, "loaded %d, up to date %d, failed %d of %d %s in %.1f s; target %s%n", loaded,
          reports.size() - loaded - failed, failed, reports.size(), reports.size() == 1 ? "dataset" : "datasets",
          (System.nanoTime() - started) / 1e9, settings.target());
      return failed == 0 ? TakwimuCli.OK : TakwimuCli.FAILURE;
    }
  }
}
