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

  /** The SVG class of the group holding a value axis: its line, tick labels and title. */
  static final String AXIS_CLASS = "value-axis";

  /** Height of one bar's band, in pixels: 47 counties stay readable at this. */
  static final int BAR_BAND = 17;

  private Charts() {}

  /** Bars of a small group, whose value is too uncertain to rank: drawn pale. */
  static final Color FAINT = new Color(0xa9c4cf);

  /** One labelled value: a bar, or a pie's slice; a faint bar is drawn pale. */
  record Bar(String label, double value, boolean faint) {
    Bar(String label, double value) {
      this(label, value, false);
    }
  }

  /** What the value axis holds, which decides its ticks. */
  enum Scale {
    /** Counts: integer ticks only (never 0.5 of a subscriber, never 0 0 1 1 from rounded fractions). */
    COUNT,
    /** Shares in [0, 1]: no tick above 100%. */
    SHARE,
    /** Anything else. */
    NUMBER
  }

  /** Horizontal bars, largest on top, each labelled with its value. */
  static JFreeChart bars(String title, String valueAxis, List<Bar> bars, NumberFormat format) {
    return bars(title, valueAxis, bars, format, Scale.NUMBER);
  }

  /** Horizontal bars, largest on top, each labelled with its value, on an axis whose ticks suit {@code scale}. */
  static JFreeChart bars(String title, String valueAxis, List<Bar> bars, NumberFormat format, Scale scale) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    List<Bar> sorted = bars.stream().sorted(Comparator.comparingDouble(Bar::value).reversed()).toList();
    sorted.forEach(bar -> dataset.addValue(bar.value(), valueAxis, bar.label()));
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
    NumberAxis values = scaled(valueAxis, scale);
    plot.setRangeAxis(values);
    values.setNumberFormatOverride(format);
    values.setUpperMargin(0.18); // room for the value labels
    BarRenderer renderer = new TitledBarRenderer(sorted.stream().map(Bar::faint).toList());
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

  /**
   * A line per series over the categories (months, say), in the palette's colours, with a legend when there are
   * several series.
   *
   * @param series each series' values by category, in the categories' order; a missing category is a gap
   */
  static JFreeChart lines(String title, String valueAxis, List<String> categories, Map<String, Map<String, Double>> series,
      NumberFormat format, Scale scale) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    series.forEach((name, values) -> categories.forEach(category -> dataset.addValue(values.get(category), name,
        category)));
    JFreeChart chart = ChartFactory.createLineChart(title, null, valueAxis, dataset, PlotOrientation.VERTICAL,
        series.size() > 1, false, false);
    themed(chart);
    if (chart.getLegend() != null) {
      chart.getLegend().setPosition(RectangleEdge.BOTTOM);
      chart.getLegend().setFrame(BlockBorder.NONE);
    }
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setDomainGridlinesVisible(false);
    CategoryAxis months = plot.getDomainAxis();
    // more than a few months side by side do not fit level: slanted, never cut
    months.setCategoryLabelPositions(categories.size() > 6
        ? org.jfree.chart.axis.CategoryLabelPositions.UP_45 : org.jfree.chart.axis.CategoryLabelPositions.STANDARD);
    months.setMaximumCategoryLabelWidthRatio(2f);
    months.setLowerMargin(0.02);
    months.setUpperMargin(0.02);
    NumberAxis values = scaled(valueAxis, scale);
    values.setNumberFormatOverride(format);
    plot.setRangeAxis(values);
    org.jfree.chart.renderer.category.LineAndShapeRenderer renderer =
        new org.jfree.chart.renderer.category.LineAndShapeRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    }
    plot.setRenderer(renderer);
    return chart;
  }

  /** A value axis whose ticks suit {@code scale}; it starts at zero. */
  private static NumberAxis scaled(String label, Scale scale) {
    NumberAxis axis = new GroupedAxis(label, scale == Scale.SHARE ? 1.0 : Double.POSITIVE_INFINITY);
    if (scale == Scale.COUNT) {
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    axis.setAutoRangeIncludesZero(true);
    axis.setLabelFont(THEME.getRegularFont());
    axis.setTickLabelFont(THEME.getSmallFont());
    axis.setLabelPaint(MUTED);
    axis.setTickLabelPaint(INK);
    return axis;
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

  /**
   * A number axis with no tick above {@code cap} (a share's axis may leave room past 100% for the bars' labels, but
   * never reads 110%), drawn in SVG as a group of class {@value #AXIS_CLASS}, so that its tick labels can be told
   * from the bars' value labels in the page.
   */
  private static final class GroupedAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;
    private final double cap;

    GroupedAxis(String label, double cap) {
      super(label);
      this.cap = cap;
    }

    @Override
    public org.jfree.chart.axis.AxisState draw(Graphics2D g2, double cursor, Rectangle2D plotArea,
        Rectangle2D dataArea, RectangleEdge edge, org.jfree.chart.plot.PlotRenderingInfo info) {
      boolean svg = g2 instanceof SVGGraphics2D;
      if (svg) {
        g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of("class", AXIS_CLASS));
      }
      org.jfree.chart.axis.AxisState state = super.draw(g2, cursor, plotArea, dataArea, edge, info);
      if (svg) {
        g2.setRenderingHint(SVGHints.KEY_END_GROUP, Boolean.TRUE);
      }
      return state;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public List refreshTicks(Graphics2D g2, org.jfree.chart.axis.AxisState state, Rectangle2D dataArea,
        RectangleEdge edge) {
      List<?> ticks = super.refreshTicks(g2, state, dataArea, edge);
      return ticks.stream()
          .filter(tick -> ((org.jfree.chart.axis.NumberTick) tick).getValue() <= cap + 1e-9).toList();
    }
  }

  /**
   * A bar renderer that gives each bar an SVG {@code <title>}, the browser's tooltip (PNG output is unchanged), and
   * draws faint bars pale.
   */
  private static final class TitledBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final List<Boolean> faint;

    TitledBarRenderer(List<Boolean> faint) {
      this.faint = faint;
    }

    @Override
    public java.awt.Paint getItemPaint(int row, int column) {
      return column < faint.size() && faint.get(column) ? FAINT : super.getItemPaint(row, column);
    }

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
