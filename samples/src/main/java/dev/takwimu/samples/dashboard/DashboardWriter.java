package dev.takwimu.samples.dashboard;

import dev.takwimu.core.TakwimuException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a dashboard as one self-contained HTML page, {@code index.html}, with every chart inline as SVG and also saved
 * as {@code charts/<chart>.png}. The page loads nothing and runs no script: it opens offline, from a file, in any
 * browser, with JavaScript off.
 */
public final class DashboardWriter {
  static final String INDEX = "index.html";
  static final String CHARTS = "charts";

  static {
    // charts are drawn off screen: no display needed, unless the program chose otherwise before
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private DashboardWriter() {}

  /**
   * Writes the dashboard of {@code data} into {@code outDir}, replacing a previous dashboard there as a whole.
   *
   * @return the path of {@code index.html}
   * @throws TakwimuException when the dashboard cannot be written, or {@code outDir} holds files of its own (a
   *     previous dashboard is the only content it may hold); {@code outDir} is then left as it was
   */
  public static Path write(DashboardData data, Path outDir) {
    Objects.requireNonNull(data, "data");
    AtomicDirectory.replace(outDir, Set.of(INDEX, CHARTS), directory -> {
      Path charts = Files.createDirectory(directory.resolve(CHARTS));
      Files.writeString(directory.resolve(INDEX), DashboardPage.render(data, new ChartWriter(charts)));
    });
    return outDir.resolve(INDEX);
  }
}
