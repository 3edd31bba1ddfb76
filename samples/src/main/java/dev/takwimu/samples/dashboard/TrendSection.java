package dev.takwimu.samples.dashboard;

import dev.takwimu.safaricom.KenyaCounties;
import java.io.IOException;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trends over time: transactions per month (count and value) overall and for the counties with most
 * transactions, loans per month and the share of them repaid, from the {@code monthly-*} insights.
 */
final class TrendSection {
  static final String TRANSACTIONS = "monthly-transactions";
  static final String BY_COUNTY = "monthly-transactions-by-county";
  static final String LOANS = "monthly-loans";
  /** The insights this section draws, which the insight section leaves alone. */
  static final Set<String> INSIGHTS = Set.of(TRANSACTIONS, BY_COUNTY, LOANS);
  /** Counties drawn in the per-county trend: more lines than this cannot be told apart. */
  static final int TOP_COUNTIES = 5;
  private static final int HEIGHT = 320;

  private final Map<String, InsightTable> insights = new LinkedHashMap<>();
  private final ChartWriter charts;

  TrendSection(List<InsightTable> all, ChartWriter charts) {
    all.stream().filter(insight -> INSIGHTS.contains(insight.name()))
        .forEach(insight -> insights.put(insight.name(), insight));
    this.charts = charts;
  }

  boolean isEmpty() {
    return insights.isEmpty();
  }

  void body(Html html) throws IOException {
    html.raw("<div class=\"grid\">");
    InsightTable transactions = insights.get(TRANSACTIONS);
    if (transactions != null) {
      line(html, transactions, "Transactions per month", "Transactions", "transactions", Charts.Scale.COUNT,
          Formats.pattern("#,##0"), "Transactions of the features' customers up to the as-of date", true);
      line(html, transactions, "Transaction value per month", "KES", "amount", Charts.Scale.NUMBER,
          Formats.pattern("#,##0"), "Sum of the month's transaction amounts, KES", false);
    }
    InsightTable byCounty = insights.get(BY_COUNTY);
    if (byCounty != null) {
      counties(html, byCounty);
    }
    InsightTable loans = insights.get(LOANS);
    if (loans != null) {
      line(html, loans, "Loans per month", "Loans", "loans", Charts.Scale.COUNT, Formats.pattern("#,##0"),
          "Fuliza loans taken in the month by the features' customers", true);
      line(html, loans, "Share of each month's loans repaid", "Share repaid by the as-of date", "repaid_share",
          Charts.Scale.SHARE, Formats.pattern("0%"),
          "Loans of the month repaid by the as-of date, over the month's loans; recent months have had less time",
          false);
    }
    html.raw("</div>");
  }

  private void line(Html html, InsightTable insight, String title, String axis, String column, Charts.Scale scale,
      NumberFormat format, String caption, boolean withData) throws IOException {
    int value = insight.columns().indexOf(column);
    if (value < 0 || insight.rows().isEmpty()) {
      html.emptyFigure(title, "No months with data.");
      return;
    }
    List<String> months = new ArrayList<>();
    Map<String, Double> values = new LinkedHashMap<>();
    for (List<Object> row : insight.rows()) {
      String month = month(row.get(0));
      months.add(month);
      values.put(month, row.get(value) instanceof Number n ? n.doubleValue() : null);
    }
    ChartWriter.Drawn chart = charts.draw(insight.name() + "-" + column,
        Charts.lines(title, axis, months, Map.of(axis, values), format, scale), InsightSection.CHART_WIDTH, HEIGHT);
    html.figure(chart, caption + " · " + span(months), withData ? insight : null);
  }

  /** One line per county for the {@value #TOP_COUNTIES} counties with most transactions; the caption names the rest. */
  private void counties(Html html, InsightTable insight) throws IOException {
    String title = "Transactions per month, top counties";
    int county = insight.columns().indexOf("county");
    int count = insight.columns().indexOf("transactions");
    Map<String, Double> totals = new LinkedHashMap<>();
    Set<String> apart = new TreeSet<>();
    Set<String> monthSet = new TreeSet<>();
    for (List<Object> row : insight.rows()) {
      monthSet.add(month(row.get(0)));
      if (row.get(county) instanceof String name && KenyaCounties.ALL.contains(name)) {
        totals.merge(name, ((Number) row.get(count)).doubleValue(), Double::sum);
      } else {
        apart.add(row.get(county) == null ? "(no county)" : row.get(county).toString());
      }
    }
    if (totals.isEmpty()) {
      html.emptyFigure(title, "No county has transactions.");
      return;
    }
    List<String> top = totals.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_COUNTIES).map(Map.Entry::getKey).toList();
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    top.forEach(name -> series.put(name, new LinkedHashMap<>()));
    for (List<Object> row : insight.rows()) {
      Map<String, Double> line = series.get(row.get(county));
      if (line != null) {
        line.put(month(row.get(0)), ((Number) row.get(count)).doubleValue());
      }
    }
    List<String> months = new ArrayList<>(monthSet);
    ChartWriter.Drawn chart = charts.draw(insight.name(), Charts.lines(title, "Transactions", months, series,
        Formats.pattern("#,##0"), Charts.Scale.COUNT), InsightSection.CHART_WIDTH, HEIGHT);
    int others = totals.size() - top.size();
    String caption = "The " + top.size() + " counties with most transactions over the period"
        + (others > 0 ? "; the other " + others + " counties are in the data table" : "") + " · " + span(months);
    String note = apart.isEmpty() ? null
        : "Not one of Kenya's 47 counties, so not ranked: " + String.join(", ", apart) + " (in the data table)";
    html.figure(chart, caption, note, insight);
  }

  /** {@code 2024-01} from a month's first day (a date, or its text). */
  private static String month(Object value) {
    String text = String.valueOf(value);
    return text.length() >= 7 ? text.substring(0, 7) : text;
  }

  private static String span(List<String> months) {
    List<String> sorted = months.stream().sorted(Comparator.naturalOrder()).distinct().toList();
    return sorted.size() == 1 ? "1 month, " + sorted.get(0)
        : sorted.size() + " months, " + sorted.get(0) + " to " + sorted.get(sorted.size() - 1);
  }
}
