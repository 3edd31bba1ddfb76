package dev.takwimu.samples.cli;

import static dev.takwimu.samples.cli.TakwimuCliTest.succeeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.samples.dashboard.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards of real lakes, the bundled seed report's and a generated book's, as Chromium renders them: count axes
 * with integer ticks, no share past 100%, n beside every ranked average, towns apart from the counties, the trends
 * and the at-risk list (or why there is none). Leaves each page's screenshot in
 * {@code target/dashboard-browser-test/{seed,demo}.png} (half size, for docs/images).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LakeDashboardBrowserTest {
  private static final Path OUT = Path.of("target", "dashboard-browser-test").toAbsolutePath();
  private static final String AXIS = "<g class=\"value-axis\">";
  private static final Pattern GROUP_TAG = Pattern.compile("<g[ >]|</g>");
  private static final Pattern TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");
  private static final HeadlessChromium CHROMIUM = HeadlessChromium.find();

  @TempDir
  Path temp;

  @BeforeEach
  void needsChromium() {
    HeadlessChromium.require(CHROMIUM);
  }

  @Test
  void theSeedReportsDashboardIsHonestAboutItsNineteenCustomers() throws Exception {
    Path lake = temp.resolve("seed-lake");
    succeeds("pipeline", "--lake", lake, "--input", TakwimuCliTest.seedReport(temp), "--as-of", "2025-01-01");
    Path page = Path.of(succeeds("dashboard", "--lake", lake).out().strip());
    String dom = CHROMIUM.dumpDom(page, temp);

    assertHonestCharts(dom);
    assertThat(dom).contains("Features as of 2025-01-01 · 19 customers · transactions from 2024-")
        .containsPattern("Not one of Kenya's 47 counties, so not ranked: [^<]*Eldoret")
        .contains("Churn model · not trained", "Cannot train churn on cleaned/customer_features: 9 positive and 10 "
            + "negative rows", "No churn model, so no list: Cannot train churn")
        .contains("Transactions per month", "Loans per month");
    screenshot(page, "seed.png", 3400);
  }

  @Test
  void aGeneratedBooksDashboardListsTheCustomersToCall() throws Exception {
    Path lake = temp.resolve("demo-lake");
    succeeds("demo", "--lake", lake, "--customers", 1500);
    Path page = lake.resolve("dashboard/index.html");
    String dom = CHROMIUM.dumpDom(page, temp);

    assertHonestCharts(dom);
    assertThat(dom).contains("All 47 counties, largest first", "Transactions per month, top counties", "The 5 counties with most transactions",
        "<table class=\"at-risk\">", "Confusion matrix (test rows, threshold ")
        .containsPattern("the first 25 of [\\d,]+ \\(all in dataset cleaned/churn_risk\\)\\. At the model's threshold "
            + "of 0\\.\\d+, [\\d,]+ are flagged; at that threshold the model caught [\\d.]+% of the customers who "
            + "churned in its hold-out rows");
    String atRisk = dom.substring(dom.indexOf("<table class=\"at-risk\">"));
    atRisk = atRisk.substring(0, atRisk.indexOf("</table>"));
    assertThat(atRisk.split("<tr>", -1)).hasSize(1 + 1 + 25);
    assertThat(atRisk).contains("Customer id", "County", "Churn score", "Days since last txn");
    screenshot(page, "demo.png", 7400);
  }

  /** Integer ticks on every count axis, no tick past 100% on a share axis, n on every ranked average's bars. */
  private static void assertHonestCharts(String dom) {
    for (String chart : List.of("active-subscribers-by-county", "total-loans-by-county",
        "total-transactions-by-county", "monthly-transactions-transactions", "monthly-loans-loans")) {
      List<String> ticks = ticks(dom, chart);
      assertThat(ticks).as("%s ticks", chart).hasSizeGreaterThan(1).doesNotHaveDuplicates()
          .allMatch(tick -> tick.matches("\\d{1,3}(,\\d{3})*"));
    }
    for (String chart : List.of("avg-repayment-ratio-by-county", "monthly-loans-repaid-share")) {
      assertThat(ticks(dom, chart)).as("%s ticks", chart).isNotEmpty()
          .allMatch(tick -> Double.parseDouble(tick.replace("%", "")) <= 100);
    }
    for (String chart : List.of("loan-metrics-by-county", "avg-transaction-amount-by-county",
        "avg-repayment-ratio-by-county")) {
      String svg = svg(dom, chart);
      List<String> bars = new ArrayList<>();
      Matcher title = Pattern.compile("<g><title>([^<]*)</title>").matcher(svg);
      while (title.find()) {
        bars.add(title.group(1));
      }
      assertThat(bars).as("%s bars", chart).isNotEmpty().allMatch(bar -> bar.matches(".+ \\(n=[\\d,]+\\): .+"))
          .noneMatch(bar -> bar.startsWith("Eldoret") || bar.startsWith("Thika") || bar.startsWith("Kitale"));
    }
  }

  private static String svg(String dom, String chart) {
    int start = dom.indexOf("id=\"chart-" + chart + "\"");
    assertThat(start).as("chart %s in the page", chart).isPositive();
    return dom.substring(start, dom.indexOf("</svg>", start));
  }

  private static List<String> ticks(String dom, String chart) {
    List<String> ticks = new ArrayList<>();
    String svg = svg(dom, chart);
    for (int start = svg.indexOf(AXIS); start >= 0; start = svg.indexOf(AXIS, start + 1)) {
      Matcher text = TEXT.matcher(group(svg, start));
      while (text.find()) {
        if (text.group(1).matches("[\\d,.]+%?")) {
          ticks.add(text.group(1));
        }
      }
    }
    return ticks;
  }

  /** The group element opening at {@code start}, up to its own closing tag (groups nest). */
  private static String group(String svg, int start) {
    Matcher tag = GROUP_TAG.matcher(svg);
    int depth = 0;
    for (tag.region(start, svg.length()); tag.find(); ) {
      depth += tag.group().equals("</g>") ? -1 : 1;
      if (depth == 0) {
        return svg.substring(start, tag.end());
      }
    }
    throw new AssertionError("unclosed group at " + start);
  }

  /** A half-size screenshot of the whole page, left for docs/images. */
  private void screenshot(Path page, String name, int height) throws Exception {
    Files.createDirectories(OUT);
    Path png = OUT.resolve(name);
    Files.deleteIfExists(png);
    CHROMIUM.run(temp, "--screenshot=" + png, "--window-size=1400," + height, "--force-device-scale-factor=0.5",
        "--hide-scrollbars", page.toUri().toString());
    assertThat(png).isNotEmptyFile();
  }
}
