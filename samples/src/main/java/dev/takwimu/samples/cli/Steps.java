package dev.takwimu.samples.cli;

import dev.takwimu.core.Backend;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.StageReport;
import dev.takwimu.safaricom.RawExport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The steps the write commands share: ingesting the three exports and running stages, each reported as it finishes. */
final class Steps {
  private Steps() {}

  /**
   * Ingests the three exports found in the directory as one delivery ({@link dev.takwimu.core.Ingestor#ingestAll}), in
   * {@link RawExport} order.
   *
   * @throws InvalidInputException when the directory or one of the exports is missing; nothing is ingested then
   */
  static List<IngestReport> ingest(Backend backend, Path input, PrintWriter out, PrintWriter err) {
    checkInput(input);
    List<dev.takwimu.core.CsvSource> delivery = Arrays.stream(RawExport.values()).map(e -> e.in(input)).toList();
    List<IngestReport> reports = Progress.during("ingest " + input.getFileName(), err,
        () -> backend.ingestor().ingestAll(delivery));
    for (IngestReport report : reports) {
      out.println(format(report));
    }
    out.flush();
    return reports;
  }

  /** Checks the delivery directory before touching the lake, so a typo does not ingest one file of three. */
  static void checkInput(Path input) {
    if (!Files.isDirectory(input)) {
      throw new InvalidInputException("Cannot ingest from " + input + ": no such directory");
    }
    List<String> missing = Arrays.stream(RawExport.values()).map(RawExport::fileName)
        .filter(name -> !Files.isRegularFile(input.resolve(name))).toList();
    if (!missing.isEmpty()) {
      throw new InvalidInputException(String.format("Cannot ingest from %s: %s not found (a delivery holds %s)",
          input, String.join(", ", missing),
          Arrays.stream(RawExport.values()).map(RawExport::fileName).collect(Collectors.joining(", "))));
    }
  }

  /** Runs the stages in order, printing each one's report; stops at the first failure. */
  static List<StageReport> run(Backend backend, List<EtlStage> stages, PrintWriter out, PrintWriter err) {
    List<StageReport> reports = new ArrayList<>();
    for (EtlStage stage : stages) {
      StageReport report = Progress.during(stage.name(), err, () -> backend.stages().run(stage));
      out.print(format(report));
      out.flush();
      reports.add(report);
    }
    return reports;
  }

  /** {@code customerdata.csv -> raw/customers: 19 rows appended (batch b..., version 1, 0.21s)}. */
  static String format(IngestReport report) {
    String head = report.file() + " -> " + report.target() + ": ";
    if (report.skipped()) {
      return head + "skipped: already ingested in batch " + report.batchId();
    }
    return head + String.format(Locale.ROOT, "%d rows appended (batch %s, version %d, %s)",
        report.rows(), report.batchId(), report.version(), seconds(report.duration()));
  }

  /**
   * A header line, {@code curate-loans -> curated/loans (version 2): 70 rows in, 67 out, 3 quarantined, 0.40s}, then
   * one indented line per rule that quarantined or warned about rows.
   */
  static String format(StageReport report) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%s -> %s (version %d): %d rows in, %d out, %d quarantined, %s%n", report.stage(), report.output(),
        report.version(), report.rowsIn(), report.rowsOut(), report.rowsQuarantined(), seconds(report.duration())));
    appendRules(text, "quarantined", report.quarantinedByRule());
    appendRules(text, "warning", report.warnings());
    return text.toString();
  }

  private static void appendRules(StringBuilder text, String kind, Map<String, Long> counts) {
    counts.forEach((rule, rows) -> {
      if (rows > 0) {
        text.append(String.format(Locale.ROOT, "  %-11s %d rows broke %s%n", kind, rows, rule));
      }
    });
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2fs", duration.toNanos() / 1e9);
  }
}
