package dev.takwimu.samples.dashboard;

import dev.takwimu.safaricom.KenyaCounties;
import dev.takwimu.samples.dashboard.Charts.Bar;
import java.io.IOException;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The insights: single-row ones as KPI tiles beside the channel distribution's pie, per-county ones as bar charts
 * (largest first), anything else as a table. Insights it does not know are drawn by their shape.
 */
final class InsightSection {
  /**
   * More bars than this and only the largest are drawn, the caption naming the others; the data table under the chart
   * keeps them all. Kenya's 47 counties always fit.
   */
  static final int MAX_BARS = 50;
  static final int CHART_WIDTH = 660;
  private static final String INACTIVE = "inactive-subscriber-percentage";
  private static final String CHANNELS = "most-used-channel-distribution";

  private enum Kind { COUNT, MONEY, RATIO, NUMBER }

  /**
   * How a per-county insight is charted; the order of {@link #VIEWS} is the order of the charts. An average names the
   * column holding the number of members it was taken over ({@code count}, null for a total) and what they are.
   */
  private record View(String insight, String title, String column, String axis, Kind kind, String count,
                      String members) {
    View(String insight, String title, String column, String axis, Kind kind) {
      this(insight, title, column, axis, kind, null, null);
    }
  }

  /**
   * An average over fewer members than this is marked as a small group (pale bar): the mean of under 30 values moves
   * too much from one customer to the next to be ranked against counties with thousands (docs/dashboard.md).
   */
  static final int SMALL_GROUP = 30;

  private static final List<View> VIEWS = List.of(
      new View("loan-metrics-by-county", "Average loan amount by county", "avg_loan_amount", "KES", Kind.MONEY,
          "borrowers", "borrowers"),
      new View("total-loans-by-county", "Number of loans by county", "total_loans", "Loans", Kind.COUNT),
      new View("avg-transaction-amount-by-county", "Average transaction amount by county", "avg_transaction_amount",
          "KES", Kind.MONEY, "customers", "customers with transactions"),
      new View("total-transactions-by-county", "Transactions by county", "total_transactions", "Transactions",
          Kind.COUNT),
      new View("active-subscribers-by-county", "Active subscribers by county", "active_subscribers", "Subscribers",
          Kind.COUNT),
      new View("avg-repayment-ratio-by-county", "Repayment rate by county", "avg_repayment_ratio",
          "Share of loans repaid (mean over borrowers)", Kind.RATIO, "borrowers", "borrowers"));

  private final List<InsightTable> insights;
  private final ChartWriter charts;

  InsightSection(List<InsightTable> insights, ChartWriter charts) {
    this.insights = insights;
    this.charts = charts;
  }

  /** The KPI tiles of the single-row insights, beside the channel distribution's pie when there is one. */
  void overview(Html html) throws IOException {
    Html tiles = new Html();
    tiles(tiles);
    InsightTable channels = insights.stream().filter(i -> i.name().equals(CHANNELS)).findFirst().orElse(null);
    if (channels == null) {
      if (!tiles.isEmpty()) {
        html.raw("<div class=\"tiles kpis\">").raw(tiles.toString()).raw("</div>");
      }
      return;
    }
    html.raw("<div class=\"overview\">");
    if (!tiles.isEmpty()) {
      html.raw("<div class=\"tiles\">").raw(tiles.toString()).raw("</div>");
    }
    pie(html, channels);
    html.raw("</div>");
  }

  private void tiles(Html html) {
    for (InsightTable insight : insights) {
      if (insight.name().equals(INACTIVE) && insight.rows().size() == 1) {
        inactiveTiles(html, insight);
      } else if (isSingleRow(insight)) {
        List<Object> row = insight.rows().get(0);
        for (int c = 0; c < row.size(); c++) {
          if (row.get(c) instanceof Number number) {
            boolean money = insight.columns().get(c).contains("amount");
            String exact = (money ? "KES " : "") + Formats.cell(number);
            String compact = (money ? "KES " : "") + Formats.compact(number.doubleValue());
            html.tile(Html.humanize(insight.columns().get(c)), compact, compact.equals(exact) ? null : exact);
          }
        }
      }
    }
  }

  /** The per-county charts, then the tables of what no chart or tile shows. */
  void body(Html html) throws IOException {
    if (insights.isEmpty()) {
      html.element("p", "empty", "No insights computed.");
      return;
    }
    List<InsightTable> charted = new ArrayList<>();
    List<InsightTable> tabled = new ArrayList<>();
    for (InsightTable insight : insights) {
      if (insight.name().equals(CHANNELS) || insight.name().equals(DashboardPage.COVERAGE)
          || TrendSection.INSIGHTS.contains(insight.name())) {
        continue; // in the overview, the heading or the trends
      }
      if (view(insight) != null) {
        charted.add(insight);
      } else if (!isSingleRow(insight)) {
        tabled.add(insight);
      }
    }
    if (charted.isEmpty() && tabled.isEmpty()) {
      html.element("p", "empty", "No per-county insights computed.");
    }
    charted.sort(Comparator.comparingInt(InsightSection::chartOrder));
    if (!charted.isEmpty()) {
      html.raw("<div class=\"grid\">");
      for (InsightTable insight : charted) {
        bars(html, insight, view(insight));
      }
      html.raw("</div>");
    }
    for (InsightTable insight : tabled) {
      html.element("h3", null, Html.humanize(insight.name()));
      if (insight.rows().isEmpty()) {
        html.element("p", "empty", "No rows.");
      } else {
        html.table(null, insight.columns(), insight.rows());
      }
    }
  }

  private void bars(Html html, InsightTable insight, View view) throws IOException {
    int value = insight.columns().indexOf(view.column());
    int count = view.count() == null ? -1 : insight.columns().indexOf(view.count());
    String category = insight.columns().get(0);
    boolean byCounty = category.equals("county");
    NumberFormat format = view.kind() == Kind.RATIO ? Formats.pattern("0.0%")
        : Formats.forValues(insight.rows().stream().filter(row -> row.get(value) instanceof Number)
            .mapToDouble(row -> Math.abs(((Number) row.get(value)).doubleValue())).max().orElse(0),
            view.kind() == Kind.COUNT);
    List<Bar> bars = new ArrayList<>();
    List<String> apart = new ArrayList<>();
    int small = 0;
    for (List<Object> row : insight.rows()) {
      if (!(row.get(value) instanceof Number number)) {
        continue;
      }
      Long members = count >= 0 && row.get(count) instanceof Number n ? n.longValue() : null;
      String suffix = members == null ? "" : " (n=" + Formats.cell(members) + ")";
      if (byCounty && !(row.get(0) instanceof String county && KenyaCounties.ALL.contains(county))) {
        apart.add(label(row.get(0), category) + " " + format.format(number.doubleValue()) + suffix);
        continue;
      }
      boolean faint = members != null && members < SMALL_GROUP;
      small += faint ? 1 : 0;
      bars.add(new Bar(label(row.get(0), category) + suffix, number.doubleValue(), faint));
    }
    long withoutValue = insight.rows().stream().filter(row -> !(row.get(value) instanceof Number)).count();
    String note = apart.isEmpty() ? null
        : (byCounty ? "Not one of Kenya's 47 counties, so not ranked: " : "Not ranked: ") + String.join("; ", apart);
    if (bars.isEmpty()) {
      html.emptyFigure(view.title(), "No rows with a value." + (note == null ? "" : " " + note));
      return;
    }
    bars.sort(Comparator.comparingDouble(Bar::value).reversed());
    String caption = byCounty
        ? (bars.size() == KenyaCounties.ALL.size() ? "All 47 counties"
            : bars.size() + " of Kenya's 47 counties (the other " + (KenyaCounties.ALL.size() - bars.size())
                + " have no " + (view.members() == null ? "customers" : view.members()) + ")")
            + ", largest first"
        : plural(category, bars.size()) + ", largest first";
    if (bars.size() > MAX_BARS) {
      caption = "The " + MAX_BARS + " largest of " + plural(category, bars.size()) + "; not drawn: "
          + bars.subList(MAX_BARS, bars.size()).stream().map(bar -> bar.label() + " " + format.format(bar.value()))
              .collect(java.util.stream.Collectors.joining(", "));
    }
    if (view.members() != null) {
      caption += "; n = " + view.members() + (small == 0 ? ""
          : "; pale: fewer than " + SMALL_GROUP + " " + view.members() + ", too few to rank with confidence");
    }
    if (withoutValue > 0) {
      caption += "; " + withoutValue + " without a value not drawn";
    }
    List<Bar> shown = bars.subList(0, Math.min(bars.size(), MAX_BARS));
    Charts.Scale scale = switch (view.kind()) {
      case COUNT -> Charts.Scale.COUNT;
      case RATIO -> Charts.Scale.SHARE;
      default -> Charts.Scale.NUMBER;
    };
    ChartWriter.Drawn chart = charts.draw(insight.name(), Charts.bars(view.title(), view.axis(), shown, format, scale),
        CHART_WIDTH, Charts.barsHeight(shown.size()));
    html.figure(chart, caption, note, insight);
  }

  private void pie(Html html, InsightTable insight) throws IOException {
    String title = "Most-used channel (share of customers)";
    List<Bar> slices = new ArrayList<>();
    for (List<Object> row : insight.rows()) {
      if (row.size() > 1 && row.get(1) instanceof Number number && number.doubleValue() > 0) {
        slices.add(new Bar(label(row.get(0), insight.columns().get(0)), number.doubleValue()));
      }
    }
    if (slices.isEmpty()) {
      html.emptyFigure(title, "No customer has transactions.");
      return;
    }
    long customers = Math.round(slices.stream().mapToDouble(Bar::value).sum());
    ChartWriter.Drawn chart = charts.draw(insight.name(), Charts.pie(title, slices), CHART_WIDTH, 380);
    html.figure(chart, "Customers by the channel they use most (" + Formats.cell(customers)
        + " with transactions)", insight);
  }

  private static void inactiveTiles(Html html, InsightTable insight) {
    Double percentage = number(insight, "inactive_percentage");
    Double inactive = number(insight, "inactive");
    Double subscribers = number(insight, "subscribers");
    boolean counted = inactive != null && subscribers != null && subscribers > 0;
    double overall = counted ? 100 * inactive / subscribers : percentage != null ? percentage : Double.NaN;
    if (subscribers != null) {
      html.tile("Subscribers", Formats.compact(subscribers), null);
    }
    html.tile("Inactive subscribers", Formats.percent(overall),
        counted ? Formats.compact(inactive) + " of " + Formats.compact(subscribers) + " subscribers" : null);
  }

  /** How to chart the insight: its known view, one made from its shape, or null when it is no per-category metric. */
  private static View view(InsightTable insight) {
    for (View view : VIEWS) {
      if (view.insight().equals(insight.name())) {
        return insight.columns().contains(view.column()) ? view : null;
      }
    }
    List<List<Object>> rows = insight.rows();
    if (rows.size() < 2 || insight.columns().size() < 2
        || !rows.stream().allMatch(row -> row.get(0) == null || row.get(0) instanceof String)) {
      return null;
    }
    for (int c = 1; c < insight.columns().size(); c++) {
      int column = c;
      if (rows.stream().allMatch(row -> row.get(column) == null || row.get(column) instanceof Number)
          && rows.stream().anyMatch(row -> row.get(column) != null)) {
        boolean integral = rows.stream()
            .allMatch(row -> row.get(column) == null || Formats.isIntegral(row.get(column)));
        String name = insight.columns().get(c);
        return new View(insight.name(), Html.humanize(insight.name()), name, Html.humanize(name),
            integral ? Kind.COUNT : Kind.NUMBER);
      }
    }
    return null;
  }

  private static int chartOrder(InsightTable insight) {
    for (int i = 0; i < VIEWS.size(); i++) {
      if (VIEWS.get(i).insight().equals(insight.name())) {
        return i;
      }
    }
    return VIEWS.size();
  }

  private static boolean isSingleRow(InsightTable insight) {
    return insight.rows().size() == 1
        && insight.rows().get(0).stream().allMatch(value -> value == null || value instanceof Number);
  }

  private static Double number(InsightTable insight, String column) {
    int index = insight.columns().indexOf(column);
    return index >= 0 && insight.rows().get(0).get(index) instanceof Number number ? number.doubleValue() : null;
  }

  /** The category's name; {@code (no county)} for customers without one. */
  private static String label(Object category, String column) {
    return Objects.toString(category, "(no " + Html.humanize(column).toLowerCase(Locale.ROOT) + ")");
  }

  private static String plural(String noun, int count) {
    String word = noun.equals("county") ? (count == 1 ? "county" : "counties")
        : Html.humanize(noun).toLowerCase(Locale.ROOT) + (count == 1 ? "" : "s");
    return count + " " + word;
  }
}
