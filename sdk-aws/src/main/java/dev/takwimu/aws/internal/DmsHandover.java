package dev.takwimu.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.DmsReport;
import dev.takwimu.aws.DmsReport.Outcome;
import dev.takwimu.aws.DmsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.serving.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.TableStatistics;

/**
 * One handover of lake datasets to DMS: each dataset's current version is looked up; a version whose manifest says
 * it was loaded into this target is skipped; the others are exported ({@link DmsExport}) under
 * {@code <exports>/runs/<run>/}, recorded in a manifest
 * ({@code <exports>/manifests/<target>/<zone>/<name>/v<version>-<snapshot>.json}, state {@code exported}), and
 * loaded by one full-load task; each table DMS reports complete with the version's row count gets its manifest's
 * state set to {@code loaded}. The run's task and endpoints are deleted afterwards; the replication instance stays.
 */
public final class DmsHandover {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final DmsSettings settings;
  private final S3Location exports;
  private final S3Objects s3;
  private final DmsExport export;
  private final DmsTasks tasks;

  public DmsHandover(AwsSettings aws, DmsSettings settings, AwsLakeStore lake, S3Objects s3,
      DatabaseMigrationClient dms) {
    this.settings = settings;
    this.exports = settings.exports(aws);
    this.s3 = s3;
    this.export = new DmsExport(lake, lake.athena(), s3);
    this.tasks = new DmsTasks(dms, settings);
  }

  private record Pending(TableSpec spec, DmsExport.Version version, List<S3Location> files, S3Location manifest) {}

  /** Hands the datasets over; one report per spec, in order. Never throws for one dataset's failure. */
  public List<DmsReport> migrate(List<TableSpec> specs, Consumer<String> progress) {
    long start = System.nanoTime();
    Map<DatasetId, DmsReport> reports = new LinkedHashMap<>();
    List<Pending> pending = new ArrayList<>();
    for (TableSpec spec : specs) {
      DatasetId id = spec.dataset();
      try {
        DmsExport.Version version = export.current(id);
        S3Location manifest = manifestOf(id, version);
        Optional<JsonNode> recorded = s3.get(manifest).map(DmsHandover::parse);
        if (recorded.isPresent() && "loaded".equals(recorded.get().path("state").asText())) {
          reports.put(id, report(spec, Outcome.UP_TO_DATE, version, recorded.get().path("loadedRows").asLong(),
              recorded.get().path("files").size(), manifest.uri(), 0, ""));
        } else {
          pending.add(new Pending(spec, version, List.of(), manifest));
        }
      } catch (TakwimuException e) {
        reports.put(id, failed(spec, null, e.getMessage(), start));
      }
    }
    if (!pending.isEmpty()) {
      load(pending, reports, progress, start);
    }
    return specs.stream().map(spec -> reports.get(spec.dataset())).toList();
  }

  private void load(List<Pending> candidates, Map<DatasetId, DmsReport> reports, Consumer<String> progress,
      long start) {
    String run = RUN.format(Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000,
        0x10000));
    S3Location folder = exports.resolve("runs/" + run + "/");
    List<Pending> exported = new ArrayList<>();
    List<DmsTableDefinition.Table> tables = new ArrayList<>();
    for (Pending p : candidates) {
      DatasetId id = p.spec().dataset();
      try {
        DmsTableDefinition.Table table = DmsExport.table(p.spec(), p.version());
        List<S3Location> files = export.export(id, p.version(), folder);
        progress.accept("exported " + id + " v" + p.version().info().version() + " (" + p.version().info().rows()
            + " rows, " + files.size() + " files) to " + folder.resolve(table.path()).uri());
        Pending done = new Pending(p.spec(), p.version(), files, p.manifest());
        writeManifest(done, table, run, "exported", 0, null);
        exported.add(done);
        tables.add(table);
      } catch (TakwimuException e) {
        reports.put(id, failed(p.spec(), p.version(), e.getMessage(), start));
      }
    }
    if (exported.isEmpty()) {
      return;
    }
    String source = null;
    String target = null;
    String task = null;
    try {
      String definition = DmsTableDefinition.of(tables);
      String instance = tasks.replicationInstance(progress);
      source = tasks.createSource(run, folder, definition);
      target = tasks.createTarget(run);
      task = tasks.createTask(run, instance, source, target, exported.stream().map(p -> p.spec().dataset()).toList());
      progress.accept("DMS full-load task " + settings.namePrefix() + run + " started for " + exported.size()
          + " tables");
      tasks.run(task);
      Map<String, TableStatistics> statistics = new LinkedHashMap<>();
      tasks.statistics(task).forEach(s -> statistics.put(s.schemaName() + "." + s.tableName(), s));
      for (int i = 0; i < exported.size(); i++) {
        Pending p = exported.get(i);
        reports.put(p.spec().dataset(), outcome(p, tables.get(i), statistics, run, task, start));
      }
    } catch (TakwimuException e) {
      for (Pending p : exported) {
        reports.putIfAbsent(p.spec().dataset(), failed(p.spec(), p.version(), e.getMessage(), start));
      }
    } finally {
      tasks.cleanUp(task, java.util.Arrays.asList(source, target), progress);
    }
  }

  private DmsReport outcome(Pending p, DmsTableDefinition.Table table, Map<String, TableStatistics> statistics,
      String run, String task, long start) {
    DatasetId id = p.spec().dataset();
    TableStatistics s = statistics.get(id.zone().id() + "." + id.name());
    long rows = p.version().info().rows();
    String error = null;
    if (s == null) {
      error = "DMS reports nothing for table " + id.zone().id() + "." + id.name() + " (not selected, or not found "
          + "at " + table.path() + ")";
    } else if (!"Table completed".equalsIgnoreCase(String.valueOf(s.tableState()))) {
      error = "DMS left table " + id.zone().id() + "." + id.name() + " in state '" + s.tableState()
          + "'; see the task's CloudWatch log";
    } else if (s.fullLoadRows() == null || s.fullLoadRows() != rows) {
      error = "DMS loaded " + s.fullLoadRows() + " rows into " + id.zone().id() + "." + id.name() + ", the lake "
          + "version has " + rows;
    }
    if (error != null) {
      return failed(p.spec(), p.version(), error, start);
    }
    writeManifest(p, table, run, "loaded", s.fullLoadRows(), task);
    return report(p.spec(), Outcome.LOADED, p.version(), s.fullLoadRows(), p.files().size(), p.manifest().uri(),
        seconds(start), "");
  }

  private void writeManifest(Pending p, DmsTableDefinition.Table table, String run, String state, long loadedRows,
      String task) {
    ObjectNode m = JSON.createObjectNode();
    m.put("dataset", p.spec().dataset().toString());
    m.put("table", p.spec().dataset().zone().id() + "." + p.spec().dataset().name());
    m.put("version", p.version().info().version());
    m.put("snapshotId", p.version().snapshotId());
    m.put("committedAt", String.valueOf(p.version().info().committedAt()));
    m.put("rows", p.version().info().rows());
    m.put("run", run);
    m.put("state", state);
    m.put("format", "parquet");
    p.files().forEach(f -> m.withArray("files").add(f.uri()));
    m.set("tableDefinition", DmsTableDefinition.table(table));
    m.put("target", settings.target().toString());
    if (task != null) {
      m.put("task", task);
      m.put("loadedRows", loadedRows);
      m.put("loadedAt", Instant.now().toString());
    }
    s3.put(p.manifest(), m.toPrettyString().getBytes(StandardCharsets.UTF_8));
  }

  private S3Location manifestOf(DatasetId id, DmsExport.Version version) {
    return exports.resolve("manifests/" + settings.target().key() + "/" + id.zone().id() + "/" + id.name() + "/v"
        + version.info().version() + "-" + version.snapshotId() + ".json");
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DmsReport report(TableSpec spec, Outcome outcome, DmsExport.Version version, long loadedRows,
      int files, String manifest, double seconds, String error) {
    DatasetId id = spec.dataset();
    return new DmsReport(id, id.zone().id() + "." + id.name(), outcome, version.info().version(),
        version.snapshotId(), version.info().rows(), loadedRows, files, manifest, seconds, error);
  }

  private static DmsReport failed(TableSpec spec, DmsExport.Version version, String error, long start) {
    DatasetId id = spec.dataset();
    String message = "Cannot hand " + id + " to DMS: " + DmsTasks.firstLine(error);
    return new DmsReport(id, id.zone().id() + "." + id.name(), Outcome.FAILED,
        version == null ? -1 : version.info().version(), version == null ? -1 : version.snapshotId(),
        version == null ? 0 : version.info().rows(), 0, 0, "", seconds(start), message);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
