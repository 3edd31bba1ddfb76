package dev.takwimu.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What an analyst reads off the charts: axes, sample sizes, what is left out, and why. */
class DashboardHonestyTest {
  @TempDir
  static Path shared;
  private static Document full;
  private static Document small;

  @TempDir
  Path dir;

  @BeforeAll
  static void writePages() throws Exception {
    full = DashboardWriterTest.parse(Files.readString(
        DashboardWriter.write(SampleDashboards.full(), shared.resolve("full"))));
    small = DashboardWriterTest.parse(Files.readString(
        DashboardWriter.write(SampleDashboards.small(), shared.resolve("small"))));
  }

  @Test
  void countAxesHaveIntegerTicksOnlyEvenForFourSubscribers() {
    for (Document page : List.of(full, small)) {
      for (String chart : List.of("chart-active-subscribers-by-county", "chart-total-loans-by-county",
          "chart-total-transactions-by-county")) {
        List<String> ticks = ticks(page, chart);
        assertThat(ticks).as("%s ticks", chart).hasSizeGreaterThan(1).doesNotHaveDuplicates()
            .allMatch(tick -> tick.matches("\\d{1,3}(,\\d{3})*"));
      }
    }
    assertThat(ticks(small, "chart-active-subscribers-by-county")).startsWith("0", "1", "2");
  }

  @Test
  void shareAxesStopAtOneHundredPercent() {
    for (Document page : List.of(full, small)) {
      List<String> ticks = ticks(page, "chart-avg-repayment-ratio-by-county");
      assertThat(ticks).isNotEmpty().allMatch(tick -> Double.parseDouble(tick.replace("%", "")) <= 100.0);
      assertThat(ticks).contains("100.0%");
    }
  }

  @Test
  void everyRankedAverageShowsItsSampleSizeAndMarksSmallGroups() {
    String text = full.getDocumentElement().getTextContent();
    for (String chart : List.of("chart-loan-metrics-by-county", "chart-avg-transaction-amount-by-county",
        "chart-avg-repayment-ratio-by-county")) {
      List<String> labels = labels(full, chart);
      assertThat(labels).as(chart).hasSize(47).allMatch(label -> label.matches(".+ \\(n=[\\d,]+\\)"));
      assertThat(labels).contains("Lamu (n=12)", "Isiolo (n=12)");
    }
    assertThat(text).contains("n = borrowers; pale: fewer than 30 borrowers, too few to rank with confidence",
        "n = customers with transactions; pale: fewer than 30 customers with transactions");
    String svg = full.getElementById("chart-loan-metrics-by-county").getTextContent();
    assertThat(svg).isNotEmpty();
  }

  @Test
  void valuesOutsideTheCountiesAreShownApartNeverRanked() {
    for (String chart : List.of("chart-loan-metrics-by-county", "chart-avg-transaction-amount-by-county",
        "chart-total-transactions-by-county")) {
      assertThat(String.join("|", labels(full, chart))).doesNotContain("Eldoret", "Thika", "(no county)");
    }
    String text = full.getDocumentElement().getTextContent();
    assertThat(text).containsPattern("Not one of Kenya's 47 counties, so not ranked: Eldoret [\\d,.]+ \\(n=81\\); "
        + "[^;]*Thika [\\d,.]+ \\(n=9\\)");
    assertThat(small.getDocumentElement().getTextContent())
        .contains("4 of Kenya's 47 counties (the other 43 have no borrowers), largest first");
  }

  @Test
  void everyCountyIsDrawnAndAnyBarLeftOutIsNamed() throws Exception {
    assertThat(labels(full, "chart-total-loans-by-county")).containsExactlyInAnyOrderElementsOf(
        SampleDashboards.COUNTIES);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 1; i <= 53; i++) {
      rows.add(SampleDashboards.row("agent-" + i, (long) i * 10));
    }
    DashboardData data = new DashboardData("t", null, Instant.EPOCH,
        List.of(SampleDashboards.table("sales-by-agent", List.of("agent", "sales"), rows)), List.of(), List.of());
    String text = DashboardWriterTest.parse(Files.readString(DashboardWriter.write(data, dir.resolve("d"))))
        .getDocumentElement().getTextContent();
    assertThat(text).contains("The 50 largest of 53 agents; not drawn: agent-3 30, agent-2 20, agent-1 10");
  }

  @Test
  void featureNamesAreWrappedNeverCutAndTheConfusionMatrixNamesItsThreshold() {
    Element features = full.getElementById("chart-churn-features");
    List<String> texts = DashboardWriterTest.texts(features);
    assertThat(texts).noneMatch(t -> t.endsWith("...") || t.endsWith("…"));
    assertThat(String.join(" ", texts)).contains("Lipa", "Na", "M-Pesa");
    assertThat(full.getDocumentElement().getTextContent())
        .contains("Confusion matrix (test rows, threshold 0.420)", "predicted positive when the score is at least 0.420");
  }

  @Test
  void theAtRiskListMarksTownsAndAnUntrainedModelSaysWhy() throws Exception {
    InsightTable top = SampleDashboards.table("churn-risk", List.of("risk_rank", "customer_id", "county", "churn_score"),
        List.of(SampleDashboards.row(1L, "C9", "Eldoret", 0.91), SampleDashboards.row(2L, "C4", "Nairobi", 0.88),
            SampleDashboards.row(3L, "C7", null, 0.5)));
    DashboardData data = new DashboardData("t", "/lake", null, Instant.EPOCH, List.of(), List.of(), List.of(),
        java.util.Map.of("loan-activity", "Cannot train loan-activity on cleaned/customer_features: 9 positive and 10 "
            + "negative rows"), new AtRiskCustomers("cleaned/churn_risk", top, 4_209, 79, 0.5, 0.325));
    Document page = DashboardWriterTest.parse(Files.readString(DashboardWriter.write(data, dir.resolve("d"))));

    String text = page.getDocumentElement().getTextContent();
    assertThat(text).contains("the first 3 of 4,209 (all in dataset cleaned/churn_risk). At the model's threshold of "
        + "0.500, 79 are flagged; at that threshold the model caught 32.5% of the customers who churned",
        "Eldoret (not a county)", "(no county)", "Loan activity model · not trained",
        "Cannot train loan-activity on cleaned/customer_features: 9 positive and 10 negative rows");
    assertThat(text).doesNotContain("No models trained.");
  }

  /** The numeric tick labels of a chart's value axis. */
  static List<String> ticks(Document page, String chart) {
    Element svg = page.getElementById(chart);
    assertThat(svg).as(chart).isNotNull();
    List<String> ticks = new ArrayList<>();
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element group = (Element) groups.item(i);
      if (group.getAttribute("class").equals(Charts.AXIS_CLASS)) {
        for (String text : DashboardWriterTest.texts(group)) {
          if (text.matches("[\\d,.]+%?")) {
            ticks.add(text);
          }
        }
      }
    }
    return ticks;
  }

  /** The bars' labels of a bar chart: the texts each bar's tooltip names. */
  static List<String> labels(Document page, String chart) {
    Element svg = page.getElementById(chart);
    assertThat(svg).as(chart).isNotNull();
    List<String> labels = new ArrayList<>();
    NodeList titles = svg.getElementsByTagName("title");
    for (int i = 1; i < titles.getLength(); i++) { // the first is the chart's own
      String title = titles.item(i).getTextContent();
      labels.add(title.substring(0, title.lastIndexOf(": ")));
    }
    return labels;
  }
}
