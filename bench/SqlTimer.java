import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Times the statements of an experiment file on DuckDB with the SDK's settings (memory_limit 1GB, one thread per core,
 * TimeZone Africa/Nairobi). Investigation tool for docs/performance.md, not part of the benchmark's figures.
 *
 * <pre>
 * java -cp duckdb_jdbc-1.4.4.0.jar bench/SqlTimer.java FILE.sql... NAME=VALUE... [--repeat K]
 * </pre>
 *
 * The files run in order, as one script. Statements end with ";" at the end of a line; "${NAME}" is replaced by the
 * value given on the command line. A "-- time: label" comment starts a timed group: its statements, up to the next
 * "-- time:" or "-- setup" comment, run K times and the best and median times are printed (so they must be
 * repeatable: CREATE OR REPLACE, COPY, SELECT). Other statements are setup, run once. When a group's last statement
 * returns rows, its first row is printed. The machine may be shared: a timed run during which other processes used
 * more than 0.2 s and 5% of the run's time in CPU is run again (3 tries at most; what remains is reported). A timed
 * group that fails (e.g. DuckDB runs out of memory) is reported as FAILED and the script goes on.
 */
public final class SqlTimer {
  public static void main(String[] args) throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    int repeat = 1;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--repeat")) {
        repeat = Integer.parseInt(args[++i]);
      } else if (args[i].contains("=")) {
        vars.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
      } else {
        files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty()) {
      System.err.println("usage: SqlTimer FILE.sql... [NAME=VALUE...] [--repeat K]");
      System.exit(2);
    }
    StringBuilder all = new StringBuilder();
    for (Path file : files) {
      all.append(Files.readString(file)).append("\n");
    }
    String text = all.toString();
    for (Map.Entry<String, String> var : vars.entrySet()) {
      text = text.replace("${" + var.getKey() + "}", var.getValue());
    }
    Properties properties = new Properties();
    properties.setProperty("memory_limit", "1GB");
    properties.setProperty("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    if (vars.containsKey("SPILL")) {
      properties.setProperty("temp_directory", vars.get("SPILL"));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties)) {
      Statement statement = connection.createStatement();
      statement.execute("SET TimeZone = 'Africa/Nairobi'");
      List<String> labels = new ArrayList<>();
      List<List<String>> groups = new ArrayList<>();
      labels.add(null);
      groups.add(new ArrayList<>());
      for (String chunk : text.split(";[ \\t]*\\R")) {
        StringBuilder sql = new StringBuilder();
        for (String line : chunk.split("\\R")) {
          String trimmed = line.trim();
          if (trimmed.startsWith("-- time:") || trimmed.startsWith("-- setup")) {
            labels.add(trimmed.startsWith("-- time:") ? trimmed.substring("-- time:".length()).trim() : null);
            groups.add(new ArrayList<>());
          } else if (!trimmed.startsWith("--")) {
            sql.append(line).append('\n');
          }
        }
        if (!sql.toString().isBlank()) {
          groups.get(groups.size() - 1).add(sql.toString());
        }
      }
      for (int g = 0; g < groups.size(); g++) {
        String label = labels.get(g);
        if (groups.get(g).isEmpty()) {
          continue;
        }
        int runs = label == null ? 1 : repeat;
        double[] seconds = new double[runs];
        String first;
        String[] firstRow = {""};
        double worstOthers = 0;
        boolean failed = false;
        for (int r = 0; r < runs && !failed; r++) {
          double others = 0;
          for (int attempt = 1; attempt <= 3; attempt++) {
            long busyBefore = busyTicks();
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            try {
              runGroup(statement, groups.get(g), firstRow);
            } catch (java.sql.SQLException e) {
              if (label == null) {
                throw e;
              }
              System.out.printf(Locale.ROOT, "%-66s FAILED after %.2fs: %s%n", label,
                  (System.nanoTime() - started) / 1e9, e.getMessage().lines().findFirst().orElse(""));
              failed = true;
              statement = connection.createStatement(); // DuckDB closes a statement whose query failed
              break;
            }
            seconds[r] = (System.nanoTime() - started) / 1e9;
            others = Math.max(0, (busyTicks() - busyBefore) / 100.0 - (processCpuNanos() - cpuBefore) / 1e9);
            if (label == null || others <= Math.max(0.2, 0.05 * seconds[r])) {
              break;
            }
          }
          worstOthers = Math.max(worstOthers, others);
        }
        first = firstRow[0];
        if (label != null && !failed) {
          Arrays.sort(seconds);
          System.out.printf(Locale.ROOT, "%-66s best %6.2fs  median %6.2fs%s%s%n", label, seconds[0],
              seconds[runs / 2], first.isEmpty() ? "" : "  -> " + first,
              worstOthers > 0.2 ? String.format(Locale.ROOT, "  (others used %.1fs CPU)", worstOthers) : "");
        }
      }
    }
  }

  private static void runGroup(Statement statement, List<String> sqls, String[] firstRow) throws Exception {
    for (String sql : sqls) {
      if (statement.execute(sql)) {
        try (ResultSet rows = statement.getResultSet()) {
          if (rows.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
              values.add(String.valueOf(rows.getObject(i)));
            }
            firstRow[0] = String.join(" | ", values);
          }
        }
      }
    }
  }

  /** CPU time (1/100 s) spent so far by the whole machine, idle and I/O wait excluded. */
  private static long busyTicks() throws java.io.IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(cpu[i]);
    }
    return busy;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
