package dev.takwimu.samples.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Writes the page's HTML. Every text goes through {@link #escape}; the page stays well-formed XML (polyglot HTML5),
 * so that an XML parser can check it.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(64 * 1024);

  /** {@code <>&"'} as character references, so any text is safe in an element or an attribute. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** {@code avg_loan_amount} or {@code loan-activity} as {@code Avg loan amount}, {@code Loan activity}. */
  static String humanize(String name) {
    String words = name.replace('_', ' ').replace('-', ' ').trim();
    return words.isEmpty() ? name : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
  }

  /** Appends markup as it is: only for literal markup and for what {@link #escape} or a library already escaped. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends {@code <tag class="css">text</tag>}, the text escaped; no class attribute when {@code css} is null. */
  Html element(String tag, String css, String text) {
    out.append('<').append(tag);
    if (css != null) {
      out.append(" class=\"").append(css).append('"');
    }
    out.append('>').append(escape(text)).append("</").append(tag).append('>');
    return this;
  }

  /** A KPI tile; {@code detail} may be null. */
  Html tile(String label, String value, String detail) {
    raw("<div class=\"tile\">").element("div", "label", label).element("div", "value", value);
    if (detail != null) {
      element("div", "detail", detail);
    }
    return raw("</div>");
  }

  /** A table with one header row; numbers and durations are formatted and aligned right. */
  Html table(String css, List<String> headers, List<? extends List<?>> rows) {
    raw(css == null ? "<table>" : "<table class=\"" + css + "\">").raw("<thead><tr>");
    for (int c = 0; c < headers.size(); c++) {
      element("th", numeric(rows, c) ? "num" : null, headers.get(c));
    }
    raw("</tr></thead><tbody>");
    for (List<?> row : rows) {
      raw("<tr>");
      for (Object value : row) {
        element("td", value instanceof Number || value instanceof Duration ? "num" : null, cell(value));
      }
      raw("</tr>");
    }
    return raw("</tbody></table>");
  }

  /** A chart with its caption, a link to its PNG and, when {@code data} is not null, the rows behind it. */
  Html figure(ChartWriter.Drawn chart, String caption, InsightTable data) {
    return figure(chart, caption, null, data);
  }

  /** As {@link #figure(ChartWriter.Drawn, String, InsightTable)}, with a note under the caption when not null. */
  Html figure(ChartWriter.Drawn chart, String caption, String note, InsightTable data) {
    raw("<figure>").raw(chart.svg()).raw("<figcaption>").raw(escape(caption))
        .raw(" · <a href=\"").raw(escape(chart.png())).raw("\">PNG</a></figcaption>");
    if (note != null) {
      element("p", "apart", note);
    }
    if (data != null) {
      raw("<details><summary>Data (").raw(Formats.cell(data.rows().size())).raw(" rows)</summary>")
          .table(null, data.columns(), data.rows()).raw("</details>");
    }
    return raw("</figure>");
  }

  /** A figure without a chart, for a chart that has nothing to draw. */
  Html emptyFigure(String title, String message) {
    return raw("<figure class=\"empty\">").element("h4", null, title).element("p", "empty", message).raw("</figure>");
  }

  boolean isEmpty() {
    return out.isEmpty();
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private static String cell(Object value) {
    return value instanceof Duration duration ? Formats.duration(duration) : Formats.cell(value);
  }

  private static boolean numeric(List<? extends List<?>> rows, int column) {
    return !rows.isEmpty() && rows.stream().map(row -> row.get(column))
        .allMatch(v -> v == null || v instanceof Number || v instanceof Duration);
  }
}
