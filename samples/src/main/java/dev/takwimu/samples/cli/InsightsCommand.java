package dev.takwimu.samples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.takwimu.core.Backend;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.QueryResult;
import dev.takwimu.core.Row;
import dev.takwimu.safaricom.SafaricomInsights;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code takwimu insights}: the county insights of the Safaricom report, from cleaned/customer_features. */
@Command(name = "insights", sortOptions = false,
    description = {
        "Print the county insights of the Safaricom report.",
        "",
        "Computes them from cleaned/customer_features (run 'takwimu pipeline' or",
        "'takwimu features' first), in the lake or, with --database, in the PostgreSQL",
        "tables 'takwimu migrate' filled."},
    footerHeading = "%nFormats:%n",
    footer = {
        "  table  per insight, a title line (name and row count) then an aligned table;",
        "         decimals rounded to 2 places. Insights are separated by a blank line.",
        "  csv    a header row then the rows; RFC 4180 quoting, empty field for null,",
        "         full precision. With several insights, each block starts with a",
        "         '# NAME' line and blocks are separated by a blank line.",
        "  json   one object keyed by insight name, each value an array of row objects",
        "         in order; numbers as JSON numbers, dates as ISO strings, null as null.",
        "",
        "Example:",
        "  takwimu insights --lake lake --name total-loans-by-county --format csv",
        "  takwimu insights --database embedded --lake lake --all",
        "  takwimu insights --database jdbc:postgresql://db:5432/analytics --user takwimu \\",
        "      --password-env PGPASSWORD --all"})
final class InsightsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--database", paramLabel = "JDBC_URL|embedded",
      description = "Read the insights from the tables 'takwimu migrate' filled in this PostgreSQL instead of the"
          + " lake; embedded: the lake's own server (with --lake), started for the command (docs/serving.md).")
  String database;

  @Mixin
  DatabaseOptions login;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Selection selection;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  /** Which insights to print: all of them, or the named ones in the order given. */
  static final class Selection {
    @Option(names = "--all", required = true, description = "Print every insight, in report order.")
    boolean all;

    @Option(names = "--name", required = true, arity = "1..*", split = ",", paramLabel = "NAME",
        completionCandidates = Names.class,
        description = "Print these insights, in the order given (repeat --name or separate with commas):"
            + " ${COMPLETION-CANDIDATES}.")
    List<String> names;
  }

  /** The insight names, for help and completion. */
  static final class Names extends ArrayList<String> {
    Names() {
      super(SafaricomInsights.names());
    }
  }

  enum Format { table, csv, json }

  @Override
  public Integer call() throws IOException {
    List<InsightQuery<?>> queries = selected();
    Map<String, QueryResult> results = new LinkedHashMap<>();
    if (database != null) {
      try (ServedDatabase served = ServedDatabase.open(spec, database, lake, login, false)) {
        for (InsightQuery<?> query : queries) {
          try {
            results.put(query.name(), served.store().insights().runUntyped(query));
          } catch (NoSuchDatasetException e) {
            throw new InvalidInputException("Cannot run insight " + query.name() + " on " + served.description()
                + ": " + e.dataset() + " is not there; run '" + served.migrateCommand() + " --datasets "
                + e.dataset() + "' first", e);
          }
        }
      }
    } else {
      if (login.given()) {
        throw new ParameterException(spec.commandLine(), "--user and --password-env go with --database");
      }
      try (Backend backend = lake.openExisting()) {
        for (InsightQuery<?> query : queries) {
          results.put(query.name(), backend.insights().runUntyped(query));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> printJson(out, results);
      case csv -> printCsv(out, results);
      case table -> printTables(out, results);
    }
    out.flush();
    return TakwimuCli.OK;
  }

  /** @throws ParameterException naming the valid insights when a name is unknown */
  private List<InsightQuery<?>> selected() {
    if (selection == null) {
      throw new ParameterException(spec.commandLine(), "Say which insights: --all, or --name NAME...");
    }
    if (selection.all) {
      return SafaricomInsights.ALL;
    }
    List<InsightQuery<?>> queries = new ArrayList<>();
    for (String name : new LinkedHashSet<>(selection.names)) {
      queries.add(SafaricomInsights.byName(name.trim()).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "Unknown insight '" + name + "' (valid names: " + String.join(", ", SafaricomInsights.names()) + ")")));
    }
    return queries;
  }

  private static void printJson(PrintWriter out, Map<String, QueryResult> results) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out).setPrettyPrinter(Values.prettyPrinter())) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      for (Map.Entry<String, QueryResult> result : results.entrySet()) {
        json.writeArrayFieldStart(result.getKey());
        for (Row row : result.getValue().rows()) {
          Values.writeJson(json, row);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    out.println();
  }

  private static void printCsv(PrintWriter out, Map<String, QueryResult> results) {
    boolean several = results.size() > 1;
    boolean first = true;
    for (Map.Entry<String, QueryResult> result : results.entrySet()) {
      if (several) {
        out.print((first ? "" : "\n") + "# " + result.getKey() + "\n");
      }
      first = false;
      out.print(Values.csvLine(result.getValue().schema().names()));
      result.getValue().rows().forEach(row -> out.print(Values.csvLine(row.values())));
    }
  }

  private static void printTables(PrintWriter out, Map<String, QueryResult> results) {
    boolean first = true;
    for (Map.Entry<String, QueryResult> result : results.entrySet()) {
      if (!first) {
        out.println();
      }
      first = false;
      List<Row> rows = result.getValue().rows();
      out.println(result.getKey() + " (" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
      TextTable table = new TextTable(result.getValue().schema().names());
      rows.forEach(row -> table.row(row.values()));
      table.print(out);
    }
  }
}
