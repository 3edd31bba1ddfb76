package dev.takwimu.samples.dashboard;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Draws each chart twice, as SVG for the page and as {@code <dir>/<id>.png}, under an id unique in the page.
 */
final class ChartWriter {
  /** PNGs at twice the page's size, sharp on a slide or a high-density screen. */
  static final int PNG_SCALE = 2;
  private final Path dir;
  private final Set<String> ids = new HashSet<>();

  ChartWriter(Path dir) {
    this.dir = dir;
  }

  /** A chart drawn: its id (also its PNG's name), its inline SVG element, and its PNG's path relative to the page. */
  record Drawn(String id, String svg, String png) {}

  /** Draws {@code chart} at {@code width} × {@code height} pixels, under an id made from {@code name}. */
  Drawn draw(String name, JFreeChart chart, int width, int height) throws IOException {
    String id = uniqueId(name);
    // ChartUtils.writeScaledChartAsPNG would do, but draws with an alpha channel the white charts do not need, which
    // makes the PNG encoder half as fast again
    BufferedImage image = new BufferedImage(width * PNG_SCALE, height * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    g2.scale(PNG_SCALE, PNG_SCALE);
    chart.draw(g2, new Rectangle(width, height));
    g2.dispose();
    try (OutputStream png = new BufferedOutputStream(Files.newOutputStream(dir.resolve(id + ".png")))) {
      ChartUtils.writeBufferedImageAsPNG(png, image);
    }
    SVGGraphics2D svg = new SVGGraphics2D(width, height);
    svg.setDefsKeyPrefix(id + "-"); // clip paths and gradients of several charts must not share ids in one page
    Function<String, String> standard = svg.getFontFunction();
    svg.setFontFunction(family -> family.equals(Charts.FONT) ? Charts.FONT_CSS : standard.apply(family));
    chart.draw(svg, new Rectangle(width, height));
    // no width or height: the page's CSS scales the chart to its column, the view box keeps its proportions
    String element = svg.getSVGElement("chart-" + id, false, new ViewBox(0, 0, width, height), null, null);
    String title = chart.getTitle() == null ? id : chart.getTitle().getText();
    return new Drawn(id, accessible(element, title), "charts/" + id + ".png");
  }

  /** {@code loan-metrics-by-county}: lower case letters, digits and dashes, never twice the same. */
  private String uniqueId(String name) {
    String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    base = base.isEmpty() ? "chart" : base;
    String id = base;
    for (int n = 2; !ids.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  /** Names the drawing for screen readers: {@code role="img"} and a {@code <title>} as the first child. */
  private static String accessible(String svgElement, String title) {
    int open = svgElement.indexOf('>');
    return svgElement.substring(0, open) + " role='img'>"
        + "<title>" + Html.escape(title) + "</title>" + svgElement.substring(open + 1);
  }
}
