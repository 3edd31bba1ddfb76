package dev.takwimu.samples.dashboard;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The whole page: heading, KPI tiles, insight charts, stage report, models. */
final class DashboardPage {
  /**
   * No script runs and nothing is fetched, whatever the page contains: only inline styles, inline SVG and data images.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  private static final String CSS = css();
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
  /** The insight the heading's dates come from: the features' as-of date and the transactions' first and last. */
  static final String COVERAGE = "data-coverage";

  private DashboardPage() {}

  /** The page's HTML; its charts' PNG files are written by {@code charts} as it goes. */
  static String render(DashboardData data, ChartWriter charts) throws IOException {
    InsightSection insights = new InsightSection(data.insights(), charts);
    Html html = new Html();
    html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CONTENT_SECURITY_POLICY + "\"/>")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .element("title", null, data.title())
        .raw("<style>").raw(CSS).raw("</style></head><body><header>")
        .element("h1", null, data.title())
        .element("p", null, source(data) + "generated " + WHEN.format(data.generatedAt().atOffset(ZoneOffset.UTC))
            + " by Takwimu");
    String coverage = coverage(data.insights());
    if (coverage != null) {
      html.element("p", "coverage", coverage);
    }
    html.raw("</header><main>");
    insights.overview(html);
    html.raw("<section id=\"insights\">").element("h2", null, "Insights");
    insights.body(html);
    TrendSection trends = new TrendSection(data.insights(), charts);
    if (!trends.isEmpty()) {
      html.raw("</section><section id=\"trends\">").element("h2", null, "Trends");
      trends.body(html);
    }
    html.raw("</section><section id=\"at-risk\">").element("h2", null, "Customers at risk of churning");
    AtRiskSection.body(html, data.atRisk(), data.notTrained().get("churn"));
    html.raw("</section><section id=\"stages\">").element("h2", null, "Pipeline stages");
    stages(html, data.stages());
    html.raw("</section><section id=\"models\">").element("h2", null, "Models");
    new ModelSection(data.models(), data.notTrained(), charts).body(html);
    return html.raw("</section></main></body></html>\n").toString();
  }

  /** Where the figures came from, ending in a separator, or nothing when there is nothing to name. */
  private static String source(DashboardData data) {
    String lake = data.lakeLocation();
    if (data.insightSource() == null) {
      return lake == null ? "" : "Lake " + lake + " · ";
    }
    return "Insights from " + data.insightSource() + " · "
        + (lake == null ? "no lake given: no stages or models · " : "stages and models from lake " + lake + " · ");
  }

  /**
   * {@code Features as of 2025-01-01 · 19 customers · transactions from 2024-01-03 to 2024-12-31}, from the
   * {@value #COVERAGE} insight; null without it.
   */
  private static String coverage(List<InsightTable> insights) {
    InsightTable coverage = insights.stream().filter(i -> i.name().equals(COVERAGE) && i.rows().size() == 1)
        .findFirst().orElse(null);
    if (coverage == null) {
      return null;
    }
    Map<String, Object> row = new java.util.HashMap<>();
    for (int c = 0; c < coverage.columns().size(); c++) {
      row.put(coverage.columns().get(c), coverage.rows().get(0).get(c));
    }
    if (row.get("as_of") == null) {
      return "No features yet";
    }
    String text = "Features as of " + row.get("as_of") + " · " + Formats.cell(row.get("customers")) + " customers";
    return row.get("first_transaction") == null ? text + " · no transactions"
        : text + " · transactions from " + row.get("first_transaction") + " to " + row.get("last_transaction");
  }

  private static void stages(Html html, List<StageSummary> stages) {
    if (stages.isEmpty()) {
      html.element("p", "empty", "No stages ran.");
      return;
    }
    List<List<Object>> rows = new ArrayList<>();
    for (StageSummary s : stages) {
      rows.add(List.of(s.stage(), s.output(), s.rowsIn(), s.rowsOut(), s.quarantined(), s.warnings(),
          violations(s.ruleViolations()), s.elapsed()));
    }
    html.table("stages", List.of("Stage", "Output", "Rows in", "Rows out", "Quarantined", "Warnings",
        "Rule violations", "Time"), rows);
    html.element("p", "meta", stages.size() + (stages.size() == 1 ? " stage · " : " stages · ")
        + Formats.cell(stages.stream().mapToLong(StageSummary::quarantined).sum()) + " rows quarantined · "
        + Formats.cell(stages.stream().mapToLong(StageSummary::warnings).sum()) + " warnings · "
        + Formats.duration(stages.stream().map(StageSummary::elapsed).reduce(Duration.ZERO, Duration::plus))
        + " in all");
  }

  /** {@code amount-range 1,204 · msisdn-pattern 3}: most violated first; a dash when none. */
  private static String violations(Map<String, Long> violations) {
    String listed = violations.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey() + " " + Formats.cell(e.getValue()))
        .collect(Collectors.joining(" · "));
    return listed.isEmpty() ? "—" : listed;
  }

  private static String css() {
    try (InputStream in = DashboardPage.class.getResourceAsStream("dashboard.css")) {
      if (in == null) {
        throw new TakwimuException("Cannot render the dashboard: dashboard.css is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
