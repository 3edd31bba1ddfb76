package dev.takwimu.samples.dashboard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.CategoryItemLabelGenerator;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.labels.StandardPieSectionLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PieLabelLinkStyle;
import org.jfree.chart.plot.PiePlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/** The dashboard's few kinds of chart, all in one theme. */
final class Charts {
  static final Color ACCENT = new Color(0x1f6f8b);
  private static final Color INK = new Color(0x1f2933);
  private static final Color MUTED = new Color(0x52606d);
  private static final Color GRID = new Color(0xd9e2ec);
  private static final Color[] PALETTE = {
      ACCENT, new Color(0xe07a1f), new Color(0x3f9b5a), new Color(0x8e5ea2), new Color(0xc4403a),
      new Color(0x7a8794), new Color(0xd6b031), new Color(0x2bb5c0)};
  /**
   * The family text is measured in: DejaVu Sans when Java has it (Linux), named with Verdana (close metrics) in the
   * SVG, so that browsers draw labels in about the widths JFreeChart laid them out for; else Java's sans serif.
   */
  static final String FONT = Arrays.asList(
      GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()).contains("DejaVu Sans")
      ? "DejaVu Sans" : Font.SANS_SERIF;
  static final String FONT_CSS = FONT.equals(Font.SANS_SERIF) ? "sans-serif" : "\"DejaVu Sans\", Verdana, sans-serif";
  private static final StandardChartTheme THEME = theme();

  /** Height of one bar's band, in pixels: 47 counties stay readable at this. */
  static final int BAR_BAND = 17;

  private Charts() {}

  /** One labelled value: a bar, or a pie's slice. */
  record Bar(String label, double value) {}

  /** Horizontal bars, largest on top, each labelled with its value. */
  static JFreeChart bars(String title, String valueAxis, List<Bar> bars, NumberFormat format) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    bars.stream()
        .sorted(Comparator.comparingDouble(Bar::value).reversed())
        .forEach(bar -> dataset.addValue(bar.value(), valueAxis, bar.label()));
    JFreeChart chart = ChartFactory.createBarChart(
        title, null, valueAxis, dataset, PlotOrientation.HORIZONTAL, false, false, false);
    themed(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setDomainGridlinesVisible(false);
    CategoryAxis categories = plot.getDomainAxis();
    categories.setCategoryMargin(0.25);
    categories.setLowerMargin(0.01);
    categories.setUpperMargin(0.01);
    categories.setMaximumCategoryLabelWidthRatio(0.5f); // a limit: the axis takes only what its labels need
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    NumberAxis values = (NumberAxis) plot.getRangeAxis();
    values.setNumberFormatOverride(format);
    values.setUpperMargin(0.18); // room for the value labels
    BarRenderer renderer = new TitledBarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", format));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 10));
    renderer.setDefaultItemLabelPaint(MUTED);
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    plot.setRenderer(renderer);
    return chart;
  }

  /** Shares of a whole, each slice labelled with its percentage. */
  static JFreeChart pie(String title, List<Bar> slices) {
    DefaultPieDataset<String> dataset = new DefaultPieDataset<>();
    slices.forEach(slice -> dataset.setValue(slice.label(), slice.value()));
    JFreeChart chart = ChartFactory.createPieChart(title, dataset, false, false, false);
    themed(chart);
    @SuppressWarnings("unchecked")
    PiePlot<String> plot = (PiePlot<String>) chart.getPlot();
    for (int i = 0; i < slices.size(); i++) {
      plot.setSectionPaint(slices.get(i).label(), PALETTE[i % PALETTE.length]);
    }
    plot.setLabelGenerator(new StandardPieSectionLabelGenerator(
        "{0}: {2}", new DecimalFormat("#,##0"), new DecimalFormat("0.0%")));
    plot.setLabelFont(new Font(FONT, Font.PLAIN, 12));
    plot.setLabelBackgroundPaint(Color.WHITE);
    plot.setLabelOutlinePaint(null);
    plot.setLabelShadowPaint(null);
    plot.setLabelLinkStyle(PieLabelLinkStyle.STANDARD);
    plot.setShadowPaint(null);
    plot.setDefaultSectionOutlinePaint(Color.WHITE);
    plot.setDefaultSectionOutlineStroke(new BasicStroke(1.5f));
    plot.setInteriorGap(0.06);
    plot.setOutlineVisible(false);
    return chart;
  }

  /** A ROC curve over the diagonal of a random guess. */
  static JFreeChart roc(String title, List<RocPoint> points, double auc) {
    XYSeries curve = new XYSeries("Model (AUC " + Formats.metric(auc) + ")", false, true);
    points.stream()
        .sorted(Comparator.comparingDouble(RocPoint::falsePositiveRate).thenComparingDouble(RocPoint::truePositiveRate))
        .forEach(point -> curve.add(point.falsePositiveRate(), point.truePositiveRate()));
    XYSeries random = new XYSeries("Random guess (AUC 0.5)");
    random.add(0, 0);
    random.add(1, 1);
    XYSeriesCollection dataset = new XYSeriesCollection(curve);
    dataset.addSeries(random);
    JFreeChart chart = ChartFactory.createXYLineChart(title, "False positive rate", "True positive rate",
        dataset, PlotOrientation.VERTICAL, true, false, false);
    themed(chart);
    chart.getLegend().setPosition(RectangleEdge.BOTTOM);
    chart.getLegend().setFrame(BlockBorder.NONE);
    XYPlot plot = chart.getXYPlot();
    for (ValueAxis axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
      axis.setRange(0, 1);
      ((NumberAxis) axis).setNumberFormatOverride(new DecimalFormat("0.0"));
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setSeriesStroke(0, new BasicStroke(2.5f));
    renderer.setSeriesPaint(1, MUTED);
    renderer.setSeriesStroke(1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
        new float[] {6, 4}, 0));
    plot.setRenderer(renderer);
    return chart;
  }

  /** Height in pixels for a bar chart of {@code bars} bars. */
  static int barsHeight(int bars) {
    return Math.max(220, 110 + bars * BAR_BAND);
  }

  private static void themed(JFreeChart chart) {
    THEME.apply(chart);
    chart.setPadding(new RectangleInsets(6, 6, 6, 14));
    TextTitle title = chart.getTitle();
    title.setHorizontalAlignment(HorizontalAlignment.LEFT);
    title.setPadding(new RectangleInsets(4, 4, 10, 4));
  }

  private static StandardChartTheme theme() {
    StandardChartTheme theme = new StandardChartTheme("takwimu");
    theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 15));
    theme.setLargeFont(new Font(FONT, Font.PLAIN, 12));
    theme.setRegularFont(new Font(FONT, Font.PLAIN, 11));
    theme.setSmallFont(new Font(FONT, Font.PLAIN, 10));
    theme.setTitlePaint(INK);
    theme.setAxisLabelPaint(MUTED);
    theme.setTickLabelPaint(INK);
    theme.setLegendItemPaint(INK);
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setLegendBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setPlotOutlinePaint(GRID);
    theme.setDomainGridlinePaint(GRID);
    theme.setRangeGridlinePaint(GRID);
    theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
    theme.setBarPainter(new StandardBarPainter());
    theme.setShadowVisible(false);
    return theme;
  }

  /** A bar renderer that gives each bar an SVG {@code <title>}, the browser's tooltip; PNG output is unchanged. */
  private static final class TitledBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                         CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column,
                         int pass) {
      boolean titled = g2 instanceof SVGGraphics2D && dataset.getValue(row, column) != null;
      if (titled) {
        CategoryItemLabelGenerator labels = getItemLabelGenerator(row, column);
        g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of());
        g2.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE,
            dataset.getColumnKey(column) + ": " + labels.generateLabel(dataset, row, column));
      }
      super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
      if (titled) {
        g2.setRenderingHint(SVGHints.KEY_END_GROUP, Boolean.TRUE);
      }
    }
  }
}
