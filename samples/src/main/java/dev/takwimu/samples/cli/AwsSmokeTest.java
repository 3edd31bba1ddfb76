package dev.takwimu.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsProperties;
import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.Row;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SeedReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code takwimu aws smoke-test}: the first command to run against a real account. It runs the bundled seed report
 * through the whole pipeline on an empty lake with exactly the configuration given, checks the published tables, sums
 * what Athena scanned from the query log, and deletes the datasets it wrote.
 */
@Command(name = "smoke-test", sortOptions = false,
    description = {
        "Check a real AWS setup: the seed report through the pipeline.",
        "",
        "The first command to run with a real account, after attaching the policy that",
        "'takwimu aws policy' prints for the same flags. It needs an empty lake (a new",
        "prefix, and a database prefix of its own so the tables cannot meet a real lake's):",
        "it refuses a lake that holds any dataset. It then ingests the seed report's three",
        "exports, runs every stage, trains and scores both models, compares the four",
        "published tables with the report's, and drops every dataset it wrote (--keep",
        "leaves them). Each Athena statement goes to the query log (takwimu.aws.query-log,",
        "else a temporary file), which gives the data scanned. Exit status 0 when every",
        "check passed, 1 otherwise: a refused call names the IAM action it needed.",
        "Backend is always aws here."},
    footerHeading = "%nExample:%n",
    footer = {
        "  takwimu aws policy --lake s3://mpesa-lake/takwimu-smoke --region eu-west-1 \\",
        "      --config smoke.properties > smoke-policy.json     # attach it to the role",
        "  takwimu aws smoke-test --lake s3://mpesa-lake/takwimu-smoke --region eu-west-1 \\",
        "      --config smoke.properties   # smoke.properties: takwimu.aws.database-prefix=takwimu_smoke_"})
final class AwsSmokeTest implements Callable<Integer> {
  /** The published tables agree with a run to this many units, as in the seed-report check. */
  static final double TOLERANCE = 0.006;
  /** Athena's price per TB scanned in most regions, and its minimum per query (Athena pricing page). */
  private static final double DOLLARS_PER_TB = 5.0;
  private static final long MINIMUM_BYTES = 10L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin
  LakeOption lake;

  @Option(names = "--keep", description = "Keep the datasets the run wrote (default: drop them at the end).")
  boolean keep;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Model training seed (default: 42).")
  long seed;

  @Override
  public Integer call() throws IOException {
    if (lake.backend == null) {
      lake.backend = "aws";
    }
    if (!lake.isAws()) {
      throw new ParameterException(spec.commandLine(), "aws smoke-test is for --backend aws");
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> config = new LinkedHashMap<>(lake.resolved());
    Path queryLog;
    if (config.containsKey(AwsProperties.QUERY_LOG)) {
      queryLog = Path.of(config.get(AwsProperties.QUERY_LOG));
    } else if (System.getenv("TAKWIMU_AWS_QUERY_LOG") != null) {
      queryLog = Path.of(System.getenv("TAKWIMU_AWS_QUERY_LOG"));
    } else {
      queryLog = Files.createTempFile("takwimu-smoke-", ".jsonl");
      config.put(AwsProperties.QUERY_LOG, queryLog.toString());
    }
    long logStart = Files.exists(queryLog) ? Files.size(queryLog) : 0;
    Checks checks = new Checks(out);
    out.printf(Locale.ROOT, "smoke test of %s%n", config.get(Backends.LAKE));

    String account = checks.run("identity", () -> "account "
        + AwsPermissions.callerAccount(AwsProperties.settings(config)));
    if (account == null) {
      return checks.summary();
    }
    try (Backend backend = Backends.open(config)) {
      List<DatasetInfo> existing = backend.lake().list();
      if (!existing.isEmpty()) {
        checks.fail("empty lake", existing.size() + " datasets already here (" + existing.get(0).id()
            + " ...); give a new --lake prefix and takwimu.aws.database-prefix, never a real lake's");
        return checks.summary();
      }
      checks.pass("empty lake", "no datasets");
      Path input = Files.createTempDirectory("takwimu-smoke-input-");
      SeedReport.copyTo(input);
      StringWriter pipelineOut = new StringWriter();
      String pipeline = checks.run("pipeline", () -> {
        RunReport report = PipelineCommand.run(backend, lake.directory(), input, SeedReport.AS_OF,
            TrainCommand.ModelOptions.withSeed(seed), new PrintWriter(pipelineOut, true),
            new PrintWriter(pipelineOut, true));
        return String.format(Locale.ROOT, "%d exports ingested, %d stages, %d models trained and scored in %.0f s",
            report.ingested().size(), report.stages().size(), report.models().size(), report.seconds());
      });
      if (pipeline == null) {
        pipelineOut.toString().lines().forEach(line -> out.println("    " + line));
      } else {
        List<String> differences = differences(backend);
        if (differences.isEmpty()) {
          checks.pass("insights", "the seed report's four published tables reproduced");
        } else {
          checks.fail("insights", differences.size() + " values differ from the seed report: "
              + String.join("; ", differences.subList(0, Math.min(5, differences.size()))));
        }
      }
      checks.pass("query log", scanned(queryLog, logStart));
      if (!keep) {
        checks.run("clean up", () -> {
          List<DatasetInfo> written = backend.lake().list();
          written.forEach(info -> backend.lake().delete(info.id()));
          return written.size() + " datasets dropped (Glue databases and Athena results under the lake kept)";
        });
      }
    }
    return checks.summary();
  }

  /** Every value of the published tables that the run did not reproduce, as {@code insight row column: a != e}. */
  static List<String> differences(Backend backend) {
    JsonNode expected;
    try {
      expected = JSON.readTree(SeedReport.text(SeedReport.EXPECTED_INSIGHTS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> differences = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> table = it.next();
      if (!table.getValue().isArray()) {
        continue; // notes beside the tables
      }
      InsightQuery<?> query = SafaricomInsights.byName(table.getKey()).orElseThrow(
          () -> new IllegalStateException("The seed report names an unknown insight " + table.getKey()));
      List<Row> rows = backend.insights().runUntyped(query).rows();
      if (rows.size() != table.getValue().size()) {
        differences.add(String.format(Locale.ROOT, "%s: %d rows, expected %d", table.getKey(), rows.size(),
            table.getValue().size()));
        continue;
      }
      for (int i = 0; i < rows.size(); i++) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = table.getValue().get(i).fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          Row row = rows.get(i);
          Object actual = row.names().contains(field.getKey()) ? row.get(field.getKey()) : null;
          boolean same = field.getValue().isNumber()
              ? actual instanceof Number n && Math.abs(n.doubleValue() - field.getValue().doubleValue()) <= TOLERANCE
              : field.getValue().asText().equals(String.valueOf(actual));
          if (!same) {
            differences.add(String.format(Locale.ROOT, "%s row %d %s: %s, expected %s", table.getKey(), i + 1,
                field.getKey(), actual, field.getValue()));
          }
        }
      }
    }
    return differences;
  }

  /** Statements, data scanned and the most they cost, from the log lines this run appended. */
  private static String scanned(Path queryLog, long from) throws IOException {
    String appended = "";
    if (Files.exists(queryLog)) {
      try (java.io.InputStream in = Files.newInputStream(queryLog)) {
        in.skipNBytes(Math.min(from, Files.size(queryLog))); // only this run's lines of a shared log
        appended = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    long statements = 0;
    long failed = 0;
    long bytes = 0;
    long billed = 0;
    for (String line : appended.lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode entry = JSON.readTree(line);
      statements++;
      if (!"SUCCEEDED".equals(entry.path("state").asText())) {
        failed++;
        continue;
      }
      long scanned = entry.path("bytesScanned").asLong();
      bytes += scanned;
      billed += Math.max(MINIMUM_BYTES, scanned);
    }
    return String.format(Locale.ROOT, "%d Athena statements (%d not succeeded), %,d bytes scanned, at most $%.4f "
        + "at $%.0f/TB with the 10 MB minimum; log %s", statements, failed, bytes,
        billed / 1e12 * DOLLARS_PER_TB, DOLLARS_PER_TB, queryLog);
  }

  /** The checks' lines, {@code  ok  name  detail} or {@code FAIL  name  reason}, and the exit status. */
  private static final class Checks {
    private final PrintWriter out;
    private int failures;

    Checks(PrintWriter out) {
      this.out = out;
    }

    interface Step {
      String run() throws Exception;
    }

    /** Runs a step: its detail on success, null (after a FAIL line with the one-line reason) on failure. */
    String run(String name, Step step) {
      try {
        String detail = step.run();
        pass(name, detail);
        return detail;
      } catch (Exception e) {
        fail(name, TakwimuCli.describe(e));
        return null;
      }
    }

    void pass(String name, String detail) {
      out.printf(Locale.ROOT, "  ok    %-11s %s%n", name, detail);
      out.flush();
    }

    void fail(String name, String reason) {
      failures++;
      out.printf(Locale.ROOT, "  FAIL  %-11s %s%n", name, reason);
      out.flush();
    }

    int summary() {
      out.println(failures == 0 ? "smoke test passed" : "smoke test FAILED: " + failures + " check"
          + (failures == 1 ? "" : "s"));
      out.flush();
      return failures == 0 ? TakwimuCli.OK : TakwimuCli.FAILURE;
    }
  }
}
