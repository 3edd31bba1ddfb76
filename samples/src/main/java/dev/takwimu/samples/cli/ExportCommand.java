package dev.takwimu.samples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Row;
import dev.takwimu.core.SupportsParquetExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code takwimu export}: one dataset's current version to a CSV, JSON or Parquet file. */
@Command(name = "export", sortOptions = false,
    description = {
        "Write a dataset to a CSV, JSON or Parquet file.",
        "",
        "Writes the dataset's current version. The file appears whole or not at all:",
        "it is written next to FILE under a temporary name, then renamed. FILE must be",
        "a regular file or not exist yet: a directory, device or FIFO is refused."},
    footerHeading = "%nFormats:%n",
    footer = {
        "  csv      a header row, then one line per row; RFC 4180 quoting, empty field",
        "           for null, dates and timestamps ISO-8601, decimals in full precision.",
        "  json     an array of row objects, one per line; numbers as numbers, dates",
        "           as ISO strings, null as null.",
        "  parquet  one Parquet file holding the whole version, partition columns",
        "           included (written by the backend's engine).",
        "csv and json stream the rows, so memory stays flat whatever the size.",
        "",
        "Example:",
        "  takwimu export --lake lake --dataset cleaned/customer_features \\",
        "      --format csv --out features.csv"})
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--dataset", required = true, paramLabel = "ZONE/NAME", converter = Converters.Dataset.class,
      description = "The dataset, e.g. cleaned/customer_features (see 'takwimu datasets').")
  DatasetId dataset;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, json or parquet.")
  Format format;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The file to write; replaced if it exists, its directory created if missing.")
  Path out;

  enum Format { csv, json, parquet }

  /** Rows written to the file by csv and json, counted as they stream by. */
  private long written;

  @Override
  public Integer call() {
    AtomicFiles.requireRegularTarget(out);
    DatasetInfo info;
    try (Backend backend = lake.openExisting()) {
      info = backend.lake().describe(dataset).orElseThrow(() -> new NoSuchDatasetException(dataset,
          "see 'takwimu datasets --lake " + lake.location() + "' for the datasets there are"));
      switch (format) {
        case csv -> AtomicFiles.write(out, file -> writeCsv(backend, info, file));
        case json -> AtomicFiles.write(out, file -> writeJson(backend, file));
        case parquet -> written = writeParquet(backend);
      }
    }
    long rows = written;
    spec.commandLine().getOut().printf("%s -> %s: %d rows as %s%n", dataset, out, rows, format);
    return TakwimuCli.OK;
  }

  /** Streams the rows, so memory stays flat however big the dataset. */
  private void writeCsv(Backend backend, DatasetInfo info, OutputStream file) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8));
    writer.write(Values.csvLine(info.schema().names()));
    try (Stream<Row> rows = backend.lake().stream(dataset)) {
      for (Iterator<Row> it = rows.iterator(); it.hasNext(); ) {
        writer.write(Values.csvLine(it.next().values()));
        written++;
      }
    }
    writer.flush();
  }

  private void writeJson(Backend backend, OutputStream file) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(file).setPrettyPrinter(new RowPerLine());
        Stream<Row> rows = backend.lake().stream(dataset)) {
      json.writeStartArray();
      for (Iterator<Row> it = rows.iterator(); it.hasNext(); ) {
        Values.writeJson(json, it.next());
        written++;
      }
      json.writeEndArray();
      json.writeRaw('\n');
    }
  }

  /** Lets the backend write the version, partitions and all, as one Parquet file. */
  private long writeParquet(Backend backend) {
    if (!(backend.lake() instanceof SupportsParquetExport exporter)) {
      throw new InvalidInputException("The " + backend.name() + " backend cannot export Parquet files;"
          + " use --format csv or json");
    }
    return exporter.exportParquet(dataset, out);
  }

  /** JSON array with one row object per line: readable, and still one streaming pass. */
  private static final class RowPerLine extends MinimalPrettyPrinter {
    @Override
    public void beforeArrayValues(JsonGenerator json) throws IOException {
      json.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator json) throws IOException {
      json.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator json, int values) throws IOException {
      json.writeRaw(values > 0 ? "\n]" : "]");
    }
  }
}
