package dev.takwimu.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the sample dashboard in headless Chromium (Debian package {@code chromium}). Without it the tests are
 * skipped, except in CI (environment variable {@code CI} set), where they fail: scripts/test.sh installs it.
 *
 * <p>The page runs no script whatever the browser allows (its Content-Security-Policy forbids scripts), so JavaScript
 * stays on here: Chromium's {@code --dump-dom} and {@code --screenshot} need it to drive the page.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {
  /** Left for a human to look at: target/dashboard-browser-test/{dashboard/index.html, screenshot.png}. */
  private static final Path OUT = Path.of("target", "dashboard-browser-test").toAbsolutePath();
  private static final long CHROMIUM_SECONDS = 90;

  private static Path chromium;
  private static Path index;

  @TempDir
  Path temp;

  @BeforeAll
  static void writeDashboard() throws IOException {
    chromium = findChromium();
    if (chromium != null) {
      Files.createDirectories(OUT);
      index = DashboardWriter.write(SampleDashboards.full(), OUT.resolve("dashboard"));
    }
  }

  /** Per test rather than once, so that a skip shows in the report as skipped tests, with the reason. */
  @BeforeEach
  void needsChromium() {
    if (chromium == null) {
      String message = "Chromium is not installed (looked for /usr/bin/chromium and chromium on PATH); the dashboard's "
          + "browser test needs it: apt-get install -y chromium (scripts/test.sh does)";
      if (System.getenv("CI") != null) {
        fail("CI is set, so this test must not be skipped. " + message);
      }
      Assumptions.abort(message);
    }
  }

  @Test
  void theRenderedDomHoldsEveryChartAndTheKeyFigures() throws Exception {
    String dom = chromium("--dump-dom", index.toUri().toString());

    assertThat(Pattern.compile("<svg\\b").matcher(dom).results().count()).isEqualTo(SampleDashboards.CHARTS);
    assertThat(dom).contains("Average loan amount by county", "Number of loans by county", "Inactive subscribers",
        "23.4%", "Most-used channel (share of customers)", "curate-transactions", "Churn model · XGBoost",
        "Random guess (AUC 0.5)", "Nairobi", "Murang'a", ">Elgeyo Marakwet</text>");
    assertThat(dom).doesNotContain("No models trained.", "No insights computed.");
  }

  @Test
  void theScreenshotShowsAColourfulPage() throws Exception {
    Path screenshot = OUT.resolve("screenshot.png");
    Files.deleteIfExists(screenshot);

    chromium("--screenshot=" + screenshot, "--window-size=1400,4000", "--hide-scrollbars", index.toUri().toString());

    assertThat(screenshot).exists();
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isEqualTo(4000);
    Set<Integer> colours = new HashSet<>();
    int painted = 0;
    int samples = 0;
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        painted += rgb == 0xffffff || rgb == 0xf3f5f8 ? 0 : 1; // neither a card nor the page's background
        samples++;
      }
    }
    assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
    assertThat(painted).as("pixels with ink or colour, of %d", samples).isGreaterThan(samples / 20);
  }

  /** Runs Chromium headless on a fresh profile, offline in all but name; returns what it printed. */
  private String chromium(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createDirectory(temp.resolve("profile"))));
    command.addAll(List.of(arguments));
    Path stdout = temp.resolve("stdout.txt");
    Path stderr = temp.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!process.waitFor(CHROMIUM_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("Chromium did not finish in %d s: %s%n%s", CHROMIUM_SECONDS, command, tail(stderr));
    }
    assertThat(process.exitValue()).as("Chromium's exit code; its output:%n%s", tail(stderr)).isZero();
    return Files.readString(stdout);
  }

  private static Path findChromium() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "chromium"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
