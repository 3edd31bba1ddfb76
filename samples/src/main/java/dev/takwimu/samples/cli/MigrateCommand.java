package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.Zone;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomServing;
import dev.takwimu.serving.postgres.EmbeddedPostgresServer;
import dev.takwimu.serving.postgres.PostgresServingStore;
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

/** {@code takwimu migrate}: the lake's curated and cleaned datasets into PostgreSQL tables (docs/serving.md). */
@Command(name = "migrate", sortOptions = false,
    description = {
        "Copy curated and cleaned datasets into PostgreSQL tables.",
        "",
        "By default every curated and cleaned dataset of the lake (model scores included).",
        "Dataset ZONE/NAME becomes table ZONE.NAME with the lake's types, its key and",
        "indexes. Only datasets whose lake version is not yet in the database are loaded;",
        "each is checked (rows, checksum) and replaces its table in one transaction, so",
        "readers see the old or the new version. Without --to, or with --to embedded,",
        "a PostgreSQL Takwimu runs keeps its data in the lake (DIR/_serving/postgres).",
        "The insights' results are stored beside the tables (schema takwimu_insights),",
        "so 'insights --database' and 'dashboard --database' read them in a millisecond."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  takwimu migrate --lake lake",
        "  takwimu migrate --lake lake --to jdbc:postgresql://db:5432/analytics --user takwimu \\",
        "      --password-env PGPASSWORD --datasets cleaned/customer_features cleaned/churn_scores"})
final class MigrateCommand implements Callable<Integer> {
  static final String EMBEDDED = "embedded";

  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--to", paramLabel = "JDBC_URL|embedded", defaultValue = EMBEDDED,
      description = "The database: jdbc:postgresql://HOST:PORT/DATABASE, or embedded (default).")
  String to;

  @Mixin
  DatabaseOptions database;

  @Option(names = "--datasets", paramLabel = "ZONE/NAME", arity = "1..*", converter = Converters.Dataset.class,
      description = "The datasets to migrate (default: every curated and cleaned dataset of the lake).")
  List<DatasetId> datasets;

  @Override
  public Integer call() {
    boolean embedded = EMBEDDED.equalsIgnoreCase(to.trim());
    if (embedded && database.given()) {
      throw new ParameterException(spec.commandLine(), "--user and --password-env go with --to JDBC_URL; the "
          + "embedded server's user is postgres, without password");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    try (Backend backend = lake.openExisting()) {
      List<DatasetId> targets = datasets != null ? datasets : backend.lake().list().stream().map(DatasetInfo::id)
          .filter(id -> id.zone() == Zone.CURATED || id.zone() == Zone.CLEANED).toList();
      if (targets.isEmpty()) {
        throw new InvalidInputException("no curated or cleaned dataset in " + lake.location()
            + "; run 'takwimu pipeline' first");
      }
      List<TableSpec> specs = TableSpec.resolve(targets, SafaricomServing.TABLES);
      EmbeddedPostgresServer server = null;
      try {
        String url = to.trim();
        if (embedded) {
          Path data = EmbeddedPostgresServer.dataDirectoryOf(lake.directory());
          server = Progress.during("PostgreSQL start", err, () -> EmbeddedPostgresServer.start(data, 0));
          url = server.jdbcUrl();
        }
        List<MigrationReport> reports;
        try (PostgresServingStore store = database.builder(url, embedded ? EmbeddedPostgresServer.USER : null)
            .storeInsights(SafaricomInsights.ALL).open()) {
          reports = store.migrate(backend.lake(), specs, report -> {
            if (report.succeeded()) {
              out.println(line(report));
              out.flush();
            } else {
              err.println("takwimu: " + report.error());
              err.flush();
            }
          });
        }
        long failed = reports.stream().filter(r -> !r.succeeded()).count();
        long migrated = reports.stream().filter(r -> r.outcome() == Outcome.MIGRATED).count();
        out.printf(Locale.ROOT, "migrated %d, up to date %d, failed %d of %d %s in %.2f s%n", migrated,
            reports.size() - migrated - failed, failed, reports.size(),
            reports.size() == 1 ? "dataset" : "datasets", (System.nanoTime() - started) / 1e9);
        if (embedded) {
          out.printf(Locale.ROOT, "embedded PostgreSQL: data in %s; stopped now, 'takwimu serve-db --lake %s' serves"
              + " it (and prints how to connect)%n", server.dataDirectory(), lake.location());
        } else {
          out.println("connect: " + url + (database.user != null ? " as " + database.user : ""));
        }
        return failed == 0 ? TakwimuCli.OK : TakwimuCli.FAILURE;
      } finally {
        if (server != null) {
          server.close();
        }
      }
    }
  }

  static String line(MigrationReport report) {
    if (report.outcome() == Outcome.UP_TO_DATE) {
      return String.format(Locale.ROOT, "%s -> %s: up to date (v%d, %d rows)", report.dataset(), report.table(),
          report.lakeVersion(), report.rows());
    }
    return String.format(Locale.ROOT, "%s -> %s: %d rows, checksum %s ok, v%d, %.2f s", report.dataset(),
        report.table(), report.rows(), report.checksum(), report.lakeVersion(), report.seconds());
  }
}
