package dev.takwimu.samples.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code takwimu bench --format table}: the report as tables for people. */
final class BenchTable {
  private BenchTable() {}

  static void print(BenchReport report, PrintWriter out) {
    BenchReport.Settings s = report.settings();
    BenchReport.Machine m = report.machine();
    out.printf(Locale.ROOT, "takwimu bench: %,d customers (seed %d, dirty rate %s, as of %s), median of %d %s%n",
        s.customers(), s.seed(), s.dirtyRate(), s.asOf(), s.repeat(), s.repeat() == 1 ? "run" : "runs");
    out.printf(Locale.ROOT, "machine: %d cores, %s, max heap %,d MB, DuckDB memory_limit %s; load average %s before, "
        + "%s after%n", m.cores(), m.java(), m.maxHeapMb(), m.duckdbMemoryLimit(), load(m.loadAverageBefore()),
        load(m.loadAverageAfter()));
    out.printf(Locale.ROOT, "inputs: %s (%s)%n", s.inputs(), s.inputsGeneratedSeconds() == null ? "reused"
        : String.format(Locale.ROOT, "generated in %.2f s", s.inputsGeneratedSeconds()));
    part(out, "SDK", report.sdk(), true);
    if (report.direct() != null) {
      part(out, "direct DuckDB", report.direct(), false);
      out.printf("%nSDK / direct DuckDB (medians):%n");
      Table ratios = new Table("work", "SDK s", "direct s", "ratio");
      for (BenchReport.Ratio r : report.ratios()) {
        ratios.row(r.work(), seconds(r.sdkSeconds()), seconds(r.directSeconds()),
            String.format(Locale.ROOT, "%.2fx", r.ratio()));
      }
      ratios.print(out);
    }
    out.printf("%ntargets (2 cores):%n");
    Table targets = new Table("target", "met", "measured").leftAligned();
    for (BenchReport.Target t : report.targets()) {
      targets.row(t.target(), t.met() == null ? "n/a" : t.met() ? "yes" : "NO", t.measured());
    }
    targets.print(out);
    out.printf("%nPeak RSS is the process's VmHWM during the part, reset before it (/proc/self/clear_refs) after a "
        + "garbage collection;%nit includes the JVM and whatever the process already held. Ratios compare medians; "
        + "the whole run%nis from opening the backend (connection) to closing it, JVM start excluded.%n");
  }

  private static void part(PrintWriter out, String title, BenchReport.Part part, boolean sdk) {
    out.printf("%n%s: %s%n", title, part.name());
    Table table = new Table("step", "rows in", "rows out", "seconds", "rows/s");
    for (BenchReport.Step step : part.steps()) {
      table.row(step.name(), count(step.rowsIn()), step.rowsOut() == 0 ? "" : count(step.rowsOut()),
          seconds(step.seconds()), count(Math.round(step.rowsPerSecond())));
    }
    table.row(sdk ? "outside the steps (open, save models and report, close)" : "outside the steps (open, close)",
        "", "", seconds(part.outsideSeconds()), "");
    table.row("whole run", "", "", seconds(part.seconds()), "");
    if (sdk) {
      table.row("  without train and score", "", "", seconds(part.dataSeconds()), "");
    }
    table.print(out);
    out.printf(Locale.ROOT, "peak RSS: %s; CPU used by other processes during a run: %s%n",
        part.peakRssMb() == null ? "n/a (VmHWM cannot be reset here)"
            : String.format(Locale.ROOT, "%,d MB median, %,d MB highest", part.peakRssMb(), part.peakRssMbMax()),
        part.othersCpuSecondsMax() == null ? "n/a"
            : String.format(Locale.ROOT, "at most %.1f s", part.othersCpuSecondsMax()));
  }

  private static String load(List<Double> load) {
    return load.isEmpty() ? "n/a"
        : load.stream().map(l -> String.format(Locale.ROOT, "%.2f", l)).collect(Collectors.joining(" "));
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }

  private static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** A header, a rule of dashes, and rows; columns after the first are aligned right unless told otherwise. */
  private static final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private boolean right = true;

    Table(String... header) {
      rows.add(header);
    }

    Table leftAligned() {
      right = false;
      return this;
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void print(PrintWriter out) {
      int[] widths = new int[rows.get(0).length];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (int r = 0; r < rows.size(); r++) {
        StringBuilder line = new StringBuilder();
        String[] row = rows.get(r);
        for (int i = 0; i < row.length; i++) {
          String pad = " ".repeat(widths[i] - row[i].length());
          line.append(i == 0 ? "" : "  ").append(i == 0 || !right ? row[i] + pad : pad + row[i]);
        }
        out.println(line.toString().stripTrailing());
        if (r == 0) {
          out.println(Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("  ")));
        }
      }
    }
  }
}
