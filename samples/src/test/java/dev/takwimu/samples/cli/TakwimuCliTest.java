package dev.takwimu.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.safaricom.SeedReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in-process on the seed report fixture, as a user or a script would. */
class TakwimuCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;
  static Path input;
  static Path lake;

  @TempDir
  Path temp;

  /** One outcome of a command line: exit code, stdout and stderr. */
  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run takwimu(Object... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    int code = TakwimuCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run succeeds(Object... args) {
    Run run = takwimu(args);
    assertThat(run.code()).as("exit code of %s; stderr: %s", Arrays.toString(args), run.err()).isZero();
    return run;
  }

  /** Asserts the failure a script sees: the exit code and exactly one {@code takwimu: ...} line, no stack trace. */
  static Run fails(int code, Object... args) {
    Run run = takwimu(args);
    assertThat(run.code()).as("exit code of %s; stderr: %s", Arrays.toString(args), run.err()).isEqualTo(code);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("takwimu: ").doesNotContain("\tat ", "Exception");
    return run;
  }

  static Path seedReport(Path directory) {
    return SeedReport.copyTo(directory.resolve("seed-report"));
  }

  @BeforeAll
  static void runPipelineOnSeedReport() throws IOException {
    input = seedReport(shared);
    lake = shared.resolve("lake");
    Run run = succeeds("pipeline", "--lake", lake, "--input", input, "--as-of", "2025-01-01");
    assertThat(run.out()).contains(
        "customerdata.csv -> raw/customers: 19 rows appended",
        "mpesatransactionsdata.csv -> raw/transactions: 1015 rows appended",
        "fulizadata.csv -> raw/loans: 67 rows appended",
        "curate-customers -> curated/customers", "curate-transactions -> curated/transactions",
        "curate-loans -> curated/loans", "customer-features -> cleaned/customer_features");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void insightsJsonReproducesTheSeedReport() throws IOException {
    JsonNode actual = JSON.readTree(succeeds("insights", "--lake", lake, "--all", "--format", "json").out());
    JsonNode expected = JSON.readTree(input.resolve("expected-insights.json").toFile());

    assertThat(fieldNames(actual)).containsExactlyElementsOf(dev.takwimu.safaricom.SafaricomInsights.names());
    List<String> compared = new ArrayList<>();
    for (String name : fieldNames(expected)) {
      if (name.equals("about")) {
        continue;
      }
      JsonNode expectedRows = expected.get(name);
      JsonNode actualRows = actual.get(name);
      assertThat(actualRows.size()).as("rows of %s", name).isEqualTo(expectedRows.size());
      for (int i = 0; i < expectedRows.size(); i++) {
        for (Map.Entry<String, JsonNode> field : fields(expectedRows.get(i)).entrySet()) {
          JsonNode value = actualRows.get(i).get(field.getKey());
          String where = name + "[" + i + "]." + field.getKey();
          if (field.getValue().isNumber()) {
            assertThat(value.isNumber()).as("%s is a JSON number: %s", where, value).isTrue();
            assertThat(value.asDouble()).as(where).isCloseTo(field.getValue().asDouble(), within(0.006));
          } else {
            assertThat(value).as(where).isEqualTo(field.getValue());
          }
        }
      }
      compared.add(name);
    }
    assertThat(compared).containsExactly("avg-transaction-amount-by-county", "total-transactions-by-county",
        "loan-metrics-by-county", "inactive-subscriber-percentage");
  }

  @Test
  void insightsCsvSeparatesSeveralInsightsAndTableHasTitles() {
    Run csv = succeeds("insights", "--lake", lake, "--name", "total-loan-amount,inactive-subscriber-percentage",
        "--format", "csv");
    assertThat(csv.out().lines()).containsExactly("# total-loan-amount", "total_loan_amount", "277510.65", "",
        "# inactive-subscriber-percentage", "inactive_percentage,inactive,subscribers", "47.36842105263158,9,19");

    Run single = succeeds("insights", "--lake", lake, "--name", "total-loans-by-county", "--format", "csv");
    assertThat(single.out().lines().toList()).hasSize(8).first().isEqualTo("county,total_loans");

    Run table = succeeds("insights", "--lake", lake, "--name", "inactive-subscriber-percentage");
    assertThat(table.out().lines()).containsExactly("inactive-subscriber-percentage (1 row)",
        "inactive_percentage  inactive  subscribers", "-------------------  --------  -----------",
        "              47.37         9           19");
  }

  @Test
  void rerunningThePipelineKeepsEveryDatasetsRowCount() throws IOException {
    Map<String, Long> before = rowCounts(lake);
    Run again = succeeds("pipeline", "--lake", lake, "--input", input, "--as-of", "2025-01-01");
    assertThat(again.out()).contains("customerdata.csv -> raw/customers: skipped: already ingested in batch b");
    assertThat(rowCounts(lake)).isEqualTo(before).containsEntry("cleaned/customer_features", 19L)
        .containsEntry("curated/transactions", 1015L).containsEntry("raw/loans", 67L);
  }

  @Test
  void datasetsJsonDescribesEveryDatasetWithItsParquetLocation() throws IOException {
    JsonNode datasets = JSON.readTree(succeeds("datasets", "--lake", lake, "--format", "json").out());
    assertThat(datasets.size()).isEqualTo(10);
    for (JsonNode dataset : datasets) {
      assertThat(fieldNames(dataset)).contains("zone", "name", "version", "rows", "bytes", "location");
      assertThat(dataset.get("rows").isIntegralNumber()).isTrue();
      Path location = Path.of(dataset.get("location").asText());
      assertThat(location).isDirectory();
      try (Stream<Path> files = Files.walk(location)) {
        assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).as("%s", location)
            .isEqualTo(dataset.get("files").asLong()).isPositive();
      }
    }
    assertThat(succeeds("datasets", "--lake", lake).out()).contains("cleaned/customer_features", "curated/loans");
  }

  @Test
  void exportCsvHasAHeaderEmptyFieldsForNullAndEveryRow() throws IOException {
    Path out = temp.resolve("exports/features.csv");
    succeeds("export", "--lake", lake, "--dataset", "cleaned/customer_features", "--format", "csv", "--out", out);

    List<String> lines = Files.readAllLines(out);
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).startsWith("customer_id", "county", "status", "registration_date", "deactivation_date");
    assertThat(lines).hasSize(1 + (int) (long) rowCounts(lake).get("cleaned/customer_features"));
    int deactivation = header.indexOf("deactivation_date");
    int status = header.indexOf("status");
    long activeWithoutDate = lines.stream().skip(1).map(line -> line.split(",", -1))
        .filter(fields -> fields[status].equals("Active")).peek(fields -> assertThat(fields).hasSize(header.size()))
        .filter(fields -> fields[deactivation].isEmpty()).count();
    assertThat(activeWithoutDate).isEqualTo(10);
    assertThat(lines.get(1)).doesNotContain("null");
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void exportJsonIsAnArrayOfRowsAndParquetOneFileEvenWhenPartitioned() throws Exception {
    Path json = temp.resolve("loans.json");
    succeeds("export", "--lake", lake, "--dataset", "curated/loans", "--format", "json", "--out", json);
    JsonNode loans = JSON.readTree(json.toFile());
    assertThat(loans.size()).isEqualTo(67);
    assertThat(loans.get(0).get("loan_amount").isNumber()).isTrue();
    assertThat(loans.get(0).get("loan_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");

    Path parquet = temp.resolve("features.parquet");
    succeeds("export", "--lake", lake, "--dataset", "cleaned/customer_features", "--format", "parquet",
        "--out", parquet);
    byte[] bytes = Files.readAllBytes(parquet);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");

    // curated/transactions is partitioned by month; the export is one file with the partition column in it
    Path transactions = temp.resolve("exports/transactions.parquet");
    Run exported = succeeds("export", "--lake", lake, "--dataset", "curated/transactions", "--format", "parquet",
        "--out", transactions);
    assertThat(exported.out()).contains("1015 rows as parquet");
    try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
         java.sql.PreparedStatement query = duck.prepareStatement(
             "SELECT count(*), count(DISTINCT txn_date), round(sum(amount), 2), count(DISTINCT txn_month) FROM read_parquet(?)")) {
      query.setString(1, transactions.toString());
      try (java.sql.ResultSet result = query.executeQuery()) {
        assertThat(result.next()).isTrue();
        assertThat(result.getLong(1)).isEqualTo(1015);
        assertThat(result.getLong(2)).isEqualTo(151);
        assertThat(result.getDouble(3)).isEqualTo(104447.5);
        assertThat(result.getLong(4)).isEqualTo(5);
      }
    }
    try (Stream<Path> left = Files.list(transactions.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("transactions.parquet");
    }
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(fails(2, "--no-such-option").err()).contains("Unknown option", "--no-such-option");
    assertThat(fails(2, "insights", "--lake", lake, "--name", "no-such-insight").err())
        .contains("no-such-insight", "avg-transaction-amount-by-county", "most-used-channel-distribution");
    assertThat(fails(2, "features", "--lake", lake, "--as-of", "2025-13-01").err()).contains("YYYY-MM-DD");
    assertThat(fails(2, "pipeline", "--lake", lake, "--input", input, "--as-of", "yesterday").err())
        .contains("--as-of");
    assertThat(fails(2, "export", "--lake", lake, "--dataset", "features", "--format", "csv", "--out",
        temp.resolve("x.csv")).err()).contains("ZONE/NAME");
    assertThat(fails(2, "insights", "--lake", lake).err()).contains("--all");
    fails(2);
  }

  @Test
  void aMissingInputDirectoryFailsWithOneLineAndCreatesNoLake() throws IOException {
    Path newLake = temp.resolve("new-lake");
    Run run = fails(1, "pipeline", "--lake", newLake, "--input", temp.resolve("no-such-dir"), "--as-of", "2025-01-01");
    assertThat(run.err()).contains("no-such-dir");
    assertThat(newLake).doesNotExist();
    Path partial = Files.createDirectories(temp.resolve("partial"));
    Files.copy(input.resolve("customerdata.csv"), partial.resolve("customerdata.csv"));
    assertThat(fails(1, "ingest", "--lake", newLake, "--input", partial).err())
        .contains("mpesatransactionsdata.csv, fulizadata.csv not found");
    assertThat(newLake).doesNotExist();
  }

  @Test
  void readCommandsOnALakeThatDoesNotExistFailAndDoNotCreateIt() {
    Path missing = temp.resolve("no-lake");
    for (Run run : List.of(
        fails(1, "insights", "--lake", missing, "--all"),
        fails(1, "datasets", "--lake", missing),
        fails(1, "export", "--lake", missing, "--dataset", "curated/loans", "--format", "csv", "--out",
            temp.resolve("l.csv")))) {
      assertThat(run.err().strip()).isEqualTo("takwimu: no lake at " + missing);
    }
    assertThat(missing).doesNotExist();
    assertThat(fails(1, "export", "--lake", lake, "--dataset", "curated/nothing", "--format", "csv", "--out",
        temp.resolve("n.csv")).err()).contains("curated/nothing does not exist");
  }

  @Test
  void verbosePrintsTheStackTrace() {
    Run run = takwimu("insights", "--verbose", "--lake", temp.resolve("no-lake"), "--all");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("\tat dev.takwimu.").endsWith("takwimu: no lake at " + temp.resolve("no-lake")
        + System.lineSeparator());
  }

  @Test
  void csvFieldsAreQuotedAsRfc4180Says() {
    assertThat(Values.csvLine(Arrays.asList("a,b", "say \"hi\"", null, "", 1.0E7, java.time.LocalDate.of(2025, 1, 1),
        java.time.LocalDateTime.of(2025, 1, 1, 9, 30), "two\nlines", 42L)))
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",,\"\",10000000.0,2025-01-01,2025-01-01T09:30:00,\"two\nlines\",42\n");
  }

  @Test
  void helpAndVersion() {
    assertThat(succeeds("--help").out()).contains("Usage: takwimu", "ingest", "curate", "features", "pipeline",
        "insights", "export", "datasets", "generate", "Exit codes");
    assertThat(succeeds("--version").out().strip()).isEqualTo("takwimu " + TakwimuCli.FALLBACK_VERSION);
    assertThat(succeeds("insights", "--help").out()).contains("'# NAME' line", "blank line", "total-loan-amount");
  }

  @Test
  void theCliUsesOnlyThePublicApi() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(source)).as("%s", source)
            .doesNotContain("dev.takwimu.local", "dev.takwimu.core.internal", "dev.takwimu.core.spi",
                "dev.takwimu.aws.internal", "software.amazon.awssdk");
      }
    }
  }

  private static Map<String, Long> rowCounts(Path lake) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (JsonNode dataset : JSON.readTree(succeeds("datasets", "--lake", lake, "--format", "json").out())) {
      rows.put(dataset.get("zone").asText() + "/" + dataset.get("name").asText(), dataset.get("rows").asLong());
    }
    return rows;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, JsonNode> fields(JsonNode node) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      fields.put(field.getKey(), field.getValue());
    }
    return fields;
  }
}
