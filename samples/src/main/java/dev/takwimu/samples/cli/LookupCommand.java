package dev.takwimu.samples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Row;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.safaricom.SafaricomServing;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu lookup}: one served row by its primary key, e.g. a customer's churn score (docs/serving.md). */
@Command(name = "lookup", sortOptions = false,
    description = {
        "Print a migrated row by its key, e.g. a customer's churn score.",
        "",
        "Reads the PostgreSQL tables 'takwimu migrate' filled, by primary key (one",
        "indexed query): a customer's scores or features, a transaction, a loan.",
        "KEY is the value of the dataset's key column. When no row has that key,",
        "prints so on stderr and exits with 3."},
    footerHeading = "%nFormats:%n",
    footer = {
        "  table  one line per column: its name and value, in full precision.",
        "  csv    a header row then the row; full precision, empty field for null.",
        "  json   the row as one object; numbers as JSON numbers, dates as ISO strings.",
        "",
        "Examples:",
        "  takwimu lookup --database embedded --lake lake --dataset cleaned/churn_scores C0000042",
        "  takwimu lookup --database jdbc:postgresql://db:5432/analytics --user takwimu \\",
        "      --password-env PGPASSWORD --dataset curated/customers C0000042 --format json"})
final class LookupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--database", required = true, paramLabel = "JDBC_URL|embedded",
      description = "The PostgreSQL 'takwimu migrate' filled: jdbc:postgresql://HOST:PORT/DATABASE, or embedded for"
          + " the lake's own server (with --lake), started for the command.")
  String database;

  @Option(names = "--dataset", required = true, paramLabel = "ZONE/NAME", converter = Converters.Dataset.class,
      completionCandidates = Keyed.class,
      description = "The dataset to look in: ${COMPLETION-CANDIDATES}.")
  DatasetId dataset;

  @Parameters(paramLabel = "KEY", arity = "1..*",
      description = "The value of the dataset's key column: customer_id, txn_id or loan_id.")
  List<String> key;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  InsightsCommand.Format format;

  @Mixin
  DatabaseOptions login;

  @Mixin
  LakeOption lake;

  /** The datasets with a primary key, for help and completion. */
  static final class Keyed extends ArrayList<String> {
    Keyed() {
      super(SafaricomServing.TABLES.stream().filter(table -> !table.primaryKey().isEmpty())
          .map(table -> table.dataset().toString()).toList());
    }
  }

  @Override
  public Integer call() throws IOException {
    TableSpec table = table();
    if (key.size() != table.primaryKey().size()) {
      throw new ParameterException(spec.commandLine(), String.format("%s is keyed by (%s): give %d value%s, not %d",
          dataset, String.join(", ", table.primaryKey()), table.primaryKey().size(),
          table.primaryKey().size() == 1 ? "" : "s", key.size()));
    }
    Optional<Row> row;
    try (ServedDatabase served = ServedDatabase.open(spec, database, lake, login, false)) {
      try {
        row = served.store().lookup(table, key.toArray());
      } catch (NoSuchDatasetException e) {
        throw new InvalidInputException(dataset + " is not in " + served.description() + "; run '"
            + served.migrateCommand() + " --datasets " + dataset + "' first", e);
      }
    }
    if (row.isEmpty()) {
      spec.commandLine().getErr().println("takwimu: no row of " + dataset + " has " + IntStream
          .range(0, key.size()).mapToObj(i -> table.primaryKey().get(i) + " " + key.get(i))
          .collect(Collectors.joining(", ")));
      return TakwimuCli.NOT_FOUND;
    }
    print(spec.commandLine().getOut(), row.get());
    return TakwimuCli.OK;
  }

  /** @throws ParameterException when the dataset has no known key */
  private TableSpec table() {
    TableSpec table = SafaricomServing.spec(dataset);
    if (table.primaryKey().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "No key to look up " + dataset + " by (datasets with a key: "
          + String.join(", ", new Keyed()) + ")");
    }
    return table;
  }

  private void print(PrintWriter out, Row row) throws IOException {
    switch (format) {
      case json -> {
        try (JsonGenerator json = new JsonFactory().createGenerator(out).setPrettyPrinter(Values.prettyPrinter())) {
          json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          Values.writeJson(json, row);
        }
        out.println();
      }
      case csv -> {
        out.print(Values.csvLine(row.names()));
        out.print(Values.csvLine(row.values()));
      }
      case table -> {
        TextTable text = new TextTable(List.of("column", "value"));
        for (int i = 0; i < row.size(); i++) {
          text.row(List.of(row.names().get(i), Values.text(row.get(i))));
        }
        text.print(out);
      }
    }
    out.flush();
  }
}
