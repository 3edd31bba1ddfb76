package dev.takwimu.samples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu datasets}: what the lake holds. */
@Command(name = "datasets", sortOptions = false,
    description = {
        "List the datasets in the lake.",
        "",
        "Shows the current version of every dataset, by zone then name."},
    footerHeading = "%nFormats:%n",
    footer = {
        "  table  dataset, version, rows, files, partitions, size, commit time, location.",
        "  json   an array of objects: zone, name, version, rows, files, partitions",
        "         (count), bytes, committed_at (ISO-8601, UTC) and location (the",
        "         directory holding exactly this version's Parquet files).",
        "",
        "Example:",
        "  takwimu datasets --lake lake --format json"})
final class DatasetsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format;

  enum Format { table, json }

  @Override
  public Integer call() throws IOException {
    List<DatasetInfo> datasets;
    try (Backend backend = lake.openExisting()) {
      datasets = backend.lake().list();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      printJson(out, datasets);
    } else if (datasets.isEmpty()) {
      out.println("No datasets in " + lake.location() + " yet; start with 'takwimu ingest' or 'takwimu pipeline'.");
    } else {
      TextTable table = new TextTable(
          List.of("dataset", "version", "rows", "files", "partitions", "size", "committed_at", "location"))
          .alignRight("size");
      for (DatasetInfo info : datasets) {
        table.row(Arrays.asList(info.id().toString(), info.version(), info.rows(), info.files(),
            info.partitions().size(), size(info.bytes()), info.committedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
            info.location()));
      }
      table.print(out);
    }
    out.flush();
    return TakwimuCli.OK;
  }

  private static void printJson(PrintWriter out, List<DatasetInfo> datasets) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out).setPrettyPrinter(Values.prettyPrinter())) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartArray();
      for (DatasetInfo info : datasets) {
        json.writeStartObject();
        json.writeStringField("zone", info.id().zone().id());
        json.writeStringField("name", info.id().name());
        json.writeNumberField("version", info.version());
        json.writeNumberField("rows", info.rows());
        json.writeNumberField("files", info.files());
        json.writeNumberField("partitions", info.partitions().size());
        json.writeNumberField("bytes", info.bytes());
        json.writeStringField("committed_at", info.committedAt().toString());
        json.writeStringField("location", info.location());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    out.println();
  }

  /** {@code 912 B}, {@code 14.2 KB}, {@code 3.5 MB}: binary multiples. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
