package dev.takwimu.samples.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.takwimu.core.IngestReport;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the last {@code takwimu pipeline} run did, kept in the lake ({@code reports/pipeline.json}) for the dashboard:
 * each stage's report, each model trained and scored, and each model that could not be trained, with the reason.
 */
record RunReport(
    @JsonProperty("as_of") String asOf,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("ingested") List<Ingested> ingested,
    @JsonProperty("stages") List<Stage> stages,
    @JsonProperty("models") List<ModelRun> models,
    @JsonProperty("not_trained") Map<String, String> notTrained) {

  /** {@code notTrained}: each model the run could not train, with the one-line reason it printed; never null. */
  RunReport {
    notTrained = notTrained == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(notTrained));
  }

  static final String FILE = "reports/pipeline.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  record Ingested(@JsonProperty("file") String file, @JsonProperty("dataset") String dataset,
      @JsonProperty("rows") long rows, @JsonProperty("skipped") boolean skipped,
      @JsonProperty("seconds") double seconds) {
    static Ingested of(IngestReport report) {
      return new Ingested(report.file(), report.target().toString(), report.rows(), report.skipped(),
          report.duration().toNanos() / 1e9);
    }
  }

  record Stage(
      @JsonProperty("stage") String stage,
      @JsonProperty("output") String output,
      @JsonProperty("version") long version,
      @JsonProperty("rows_in") long rowsIn,
      @JsonProperty("rows_out") long rowsOut,
      @JsonProperty("quarantined") long quarantined,
      @JsonProperty("quarantined_by_rule") Map<String, Long> quarantinedByRule,
      @JsonProperty("warnings") Map<String, Long> warnings,
      @JsonProperty("seconds") double seconds) {
    static Stage of(StageReport report) {
      return new Stage(report.stage(), report.output().toString(), report.version(), report.rowsIn(), report.rowsOut(),
          report.rowsQuarantined(), report.quarantinedByRule(), report.warnings(), report.duration().toNanos() / 1e9);
    }
  }

  record ModelRun(
      @JsonProperty("model") String model,
      @JsonProperty("file") String file,
      @JsonProperty("model_version") String modelVersion,
      @JsonProperty("scores") String scores,
      @JsonProperty("rows_scored") long rowsScored,
      @JsonProperty("train_rows") long trainRows,
      @JsonProperty("test_rows") long testRows,
      @JsonProperty("train_seconds") double trainSeconds,
      @JsonProperty("score_seconds") double scoreSeconds) {}

  void write(Path lake) {
    AtomicFiles.write(lake.resolve(FILE), out -> JSON.writeValue(out, this));
  }

  /** The last run's report, or empty when the lake has none. */
  static Optional<RunReport> read(Path lake) {
    Path file = lake.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RunReport.class));
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read the run report %s: %s", file, e.getMessage());
    }
  }
}
