import dev.takwimu.core.Check;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Schema;
import dev.takwimu.core.StageContext;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.safaricom.RawExport;
import dev.takwimu.safaricom.SafaricomInsights;
import dev.takwimu.safaricom.SafaricomPipeline;
import dev.takwimu.local.LocalBackend;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Investigation harness, not a benchmark: runs what {@code takwimu pipeline} + {@code takwimu insights --all} run,
 * through the SDK's public API in one JVM, and reports where the time goes, down to each SQL statement the SDK sends
 * to DuckDB (from DuckDB's own query log).
 *
 * <pre>
 * java -cp samples/target/takwimu.jar bench/SdkProbe.java INPUT_DIR LAKE_DIR --as-of 2024-12-31
 *     [--variant shipped|no-partition|no-unique|no-reference] [--statements N] [--dump-sql FILE]
 * </pre>
 *
 * Variants change one thing so its cost can be measured: no-partition writes curated/transactions unpartitioned,
 * no-unique drops the first-occurrence rules, no-reference drops the reference rules (outputs then differ from the
 * shipped pipeline; only the timings are of interest). --statements prints the N slowest statements (default 12);
 * --dump-sql writes every statement, in order, with its time.
 */
public final class SdkProbe {
  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    LocalDate asOf = null;
    String variant = "shipped";
    int statements = 12;
    Path dump = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--as-of" -> asOf = LocalDate.parse(args[++i]);
        case "--variant" -> variant = args[++i];
        case "--statements" -> statements = Integer.parseInt(args[++i]);
        case "--dump-sql" -> dump = Path.of(args[++i]);
        default -> positional.add(args[i]);
      }
    }
    if (positional.size() != 2 || asOf == null) {
      System.err.println("usage: SdkProbe INPUT_DIR LAKE_DIR --as-of YYYY-MM-DD [--variant V] [--statements N]");
      System.exit(2);
    }
    Path input = Path.of(positional.get(0));
    Path lake = Path.of(positional.get(1));
    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf(Locale.ROOT, "probe: JVM start to main %.2fs, variant %s%n",
        (System.currentTimeMillis() - jvmStart) / 1e3, variant);

    for (RawExport export : RawExport.values()) {
      long t = System.nanoTime();
      sha256(input.resolve(export.fileName()));
      System.out.printf(Locale.ROOT, "probe: sha256 %-28s %.2fs%n", export.fileName(), (System.nanoTime() - t) / 1e9);
    }

    long open = System.nanoTime();
    try (LocalBackend backend = LocalBackend.builder().lake(lake).build()) {
      Connection duck = connection(backend);
      try (Statement s = duck.createStatement()) {
        s.execute("CALL enable_logging('QueryLog')");
      }
      System.out.printf(Locale.ROOT, "probe: open backend %.2fs%n", (System.nanoTime() - open) / 1e9);
      for (RawExport export : RawExport.values()) {
        long t = System.nanoTime();
        marker(duck, "ingest " + export.fileName());
        backend.ingestor().ingest(export.in(input));
        System.out.printf(Locale.ROOT, "probe: ingest %-27s %.2fs%n", export.fileName(), (System.nanoTime() - t) / 1e9);
      }
      for (EtlStage shipped : SafaricomPipeline.pipeline(asOf).stages()) {
        EtlStage stage = variant(shipped, variant);
        long t = System.nanoTime();
        marker(duck, "stage " + stage.name());
        StageReport report = backend.stages().run(stage);
        System.out.printf(Locale.ROOT, "probe: stage %-28s %.2fs (%d in, %d out)%n", stage.name(),
            (System.nanoTime() - t) / 1e9, report.rowsIn(), report.rowsOut());
      }
      long t = System.nanoTime();
      marker(duck, "insights");
      for (var query : SafaricomInsights.ALL) {
        backend.insights().runUntyped(query);
      }
      System.out.printf(Locale.ROOT, "probe: insights (all 10) %18.2fs%n", (System.nanoTime() - t) / 1e9);
      marker(duck, "end");
      printStatements(duck, statements, dump);
    }
  }

  /** The backend's DuckDB connection, reached by reflection: investigation only. */
  private static Connection connection(LocalBackend backend) throws Exception {
    Field field = LocalBackend.class.getDeclaredField("duck");
    field.setAccessible(true);
    Object duck = field.get(backend);
    return (Connection) duck.getClass().getMethod("connection").invoke(duck);
  }

  private static void marker(Connection duck, String label) throws Exception {
    try (Statement s = duck.createStatement()) {
      s.execute("SELECT 'probe-marker: " + label.replace("'", "''") + "'");
    }
  }

  /** Each logged statement's duration is the time to the next logged statement (the log stamps statement starts). */
  private static void printStatements(Connection duck, int top, Path dump) throws Exception {
    List<Object[]> rows = new ArrayList<>();
    try (Statement s = duck.createStatement();
         ResultSet r = s.executeQuery(
             "SELECT timestamp, message FROM duckdb_logs WHERE type = 'QueryLog' ORDER BY timestamp")) {
      while (r.next()) {
        rows.add(new Object[] {r.getObject(1).toString(), r.getString(2)});
      }
    }
    List<String[]> timed = new ArrayList<>();
    String section = "";
    for (int i = 0; i + 1 < rows.size(); i++) {
      String message = (String) rows.get(i)[1];
      if (message.startsWith("SELECT 'probe-marker: ")) {
        section = message.substring("SELECT 'probe-marker: ".length(), message.length() - 1);
        continue;
      }
      double seconds = micros((String) rows.get(i + 1)[0]) / 1e6 - micros((String) rows.get(i)[0]) / 1e6;
      timed.add(new String[] {String.format(Locale.ROOT, "%8.3f", seconds), section,
          message.replaceAll("\\s+", " ")});
    }
    if (dump != null) {
      StringBuilder all = new StringBuilder();
      for (String[] row : timed) {
        all.append("-- ").append(row[0].trim()).append("s [").append(row[1]).append("]\n")
            .append(row[2]).append(";\n\n");
      }
      Files.writeString(dump, all);
    }
    timed.sort((a, b) -> Double.compare(Double.parseDouble(b[0].trim()), Double.parseDouble(a[0].trim())));
    System.out.println("probe: slowest statements (seconds, section, SQL as sent; $n are bound parameters)");
    for (String[] row : timed.subList(0, Math.min(top, timed.size()))) {
      String sql = row[2].length() > 400 ? row[2].substring(0, 400) + " ..." : row[2];
      System.out.println(row[0] + "  [" + row[1] + "]  " + sql);
    }
  }

  private static long micros(String timestamp) {
    Instant instant = timestamp.endsWith("Z") ? Instant.parse(timestamp)
        : java.time.LocalDateTime.parse(timestamp.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  private static EtlStage variant(EtlStage stage, String variant) {
    return switch (variant) {
      case "shipped" -> stage;
      case "no-partition" -> new Wrapped(stage, stage.rules(), WriteOptions.overwrite()
          .withProperties(stage.writeOptions().properties()));
      case "no-unique" -> new Wrapped(stage, stage.rules().stream()
          .filter(r -> !(r.check() instanceof Check.UniqueKey)).toList(), stage.writeOptions());
      case "no-reference" -> new Wrapped(stage, stage.rules().stream()
          .filter(r -> !(r.check() instanceof Check.ReferenceExists)).toList(), stage.writeOptions());
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
  }

  /** The same stage with other rules or write options. */
  private record Wrapped(EtlStage delegate, List<QualityRule> rules, WriteOptions writeOptions) implements EtlStage {
    @Override public String name() { return delegate.name(); }
    @Override public DatasetId output() { return delegate.output(); }
    @Override public Map<String, DatasetId> inputs() { return delegate.inputs(); }
    @Override public Map<String, Schema> optionalInputs() { return delegate.optionalInputs(); }
    @Override public WriteSource candidates(StageContext context) { return delegate.candidates(context); }
    @Override public List<String> select() { return delegate.select(); }
    @Override public DatasetId quarantine() { return delegate.quarantine(); }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
