package dev.takwimu.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
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

  private static HeadlessChromium chromium;
  private static Path index;

  @TempDir
  Path temp;

  @BeforeAll
  static void writeDashboard() throws IOException {
    chromium = HeadlessChromium.find();
    if (chromium != null) {
      Files.createDirectories(OUT);
      index = DashboardWriter.write(SampleDashboards.full(), OUT.resolve("dashboard"));
    }
  }

  /** Per test rather than once, so that a skip shows in the report as skipped tests, with the reason. */
  @BeforeEach
  void needsChromium() {
    HeadlessChromium.require(chromium);
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

  private String chromium(String... arguments) throws Exception {
    return chromium.run(temp, arguments);
  }
}
