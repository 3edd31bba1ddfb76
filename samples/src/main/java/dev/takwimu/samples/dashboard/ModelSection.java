package dev.takwimu.samples.dashboard;

import dev.takwimu.samples.dashboard.Charts.Bar;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** Per model: its metric tiles, ROC curve, top features and confusion matrix. */
final class ModelSection {
  /** More features than this and only the most important are drawn. */
  static final int MAX_FEATURES = 15;
  static final int CHART_WIDTH = 440;

  private final List<ModelSummary> models;
  private final Map<String, String> notTrained;
  private final ChartWriter charts;

  ModelSection(List<ModelSummary> models, Map<String, String> notTrained, ChartWriter charts) {
    this.models = models;
    this.notTrained = notTrained;
    this.charts = charts;
  }

  void body(Html html) throws IOException {
    notTrained.forEach((model, reason) -> html.raw("<section class=\"model\">")
        .element("h3", null, Html.humanize(model) + " model · not trained")
        .element("p", "apart", reason).raw("</section>"));
    if (models.isEmpty()) {
      if (notTrained.isEmpty()) {
        html.element("p", "empty", "No models trained.");
      }
      return;
    }
    for (ModelSummary model : models) {
      String name = Html.humanize(model.model()) + " model";
      html.raw("<section class=\"model\">").element("h3", null, name + " · " + model.algorithm())
          .element("p", "meta", "Version " + (model.modelVersion() == null ? "unknown" : model.modelVersion())
              + " · trained on " + Formats.cell(model.trainRows()) + " rows, tested on "
              + Formats.cell(model.testRows()));
      html.raw("<div class=\"tiles\">")
          .tile("AUC", Formats.metric(model.auc()), "area under the ROC curve")
          .tile("Accuracy", Formats.metric(model.accuracy()), null)
          .tile("Precision", Formats.metric(model.precision()), null)
          .tile("Recall", Formats.metric(model.recall()), null)
          .tile("F1", Formats.metric(model.f1()), null)
          .tile("Top-decile capture", Formats.metric(model.topDecileCapture()),
              "share of positives in the top 10% of scores")
          .raw("</div><div class=\"grid three\">");
      roc(html, model, name);
      features(html, model, name);
      confusion(html, model);
      html.raw("</div></section>");
    }
  }

  private void roc(Html html, ModelSummary model, String name) throws IOException {
    String title = "ROC curve, " + name.toLowerCase(java.util.Locale.ROOT);
    if (model.roc().isEmpty()) {
      html.emptyFigure(title, "No ROC points recorded.");
      return;
    }
    ChartWriter.Drawn chart = charts.draw(model.model() + "-roc", Charts.roc(title, model.roc(), model.auc()),
        CHART_WIDTH, 420);
    html.figure(chart, model.roc().size() + " points on " + Formats.cell(model.testRows()) + " test rows", null);
  }

  private void features(Html html, ModelSummary model, String name) throws IOException {
    String title = "Top features, " + name.toLowerCase(java.util.Locale.ROOT);
    if (model.topFeatures().isEmpty()) {
      html.emptyFigure(title, "No feature importances recorded.");
      return;
    }
    List<Bar> bars = model.topFeatures().stream().limit(MAX_FEATURES)
        .map(feature -> new Bar(feature.feature(), feature.importance())).toList();
    double max = bars.stream().mapToDouble(bar -> Math.abs(bar.value())).max().orElse(0);
    JFreeChart drawn = Charts.bars(title, "Importance", bars, Formats.forValues(max, false));
    // feature names such as most_used_channel=Lipa Na M-Pesa are read in full: wrapped, never cut
    drawn.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelWidthRatio(0.6f);
    drawn.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(3);
    ChartWriter.Drawn chart = charts.draw(model.model() + "-features", drawn,
        CHART_WIDTH, Math.max(420, Charts.barsHeight(bars.size()) + 8 * bars.size()));
    html.figure(chart, model.topFeatures().size() > MAX_FEATURES
        ? "The " + MAX_FEATURES + " most important of " + model.topFeatures().size() + " features"
        : bars.size() + " most important features", null);
  }

  private static void confusion(Html html, ModelSummary model) {
    long[][] m = model.confusionMatrix();
    long total = m[0][0] + m[0][1] + m[1][0] + m[1][1];
    String cut = Double.isNaN(model.threshold()) ? "Confusion matrix (test rows)"
        : "Confusion matrix (test rows, threshold " + Formats.metric(model.threshold()) + ")";
    html.raw("<figure class=\"matrix\">").element("h4", null, cut)
        .table("confusion", List.of("", "Predicted negative", "Predicted positive"), List.of(
            List.of("Actual negative", m[0][0], m[0][1]),
            List.of("Actual positive", m[1][0], m[1][1])))
        .element("p", "meta", "Correct: " + Formats.cell(m[0][0] + m[1][1]) + " of " + Formats.cell(total)
            + " · false positives " + Formats.cell(m[0][1]) + " · false negatives " + Formats.cell(m[1][0])
            + (Double.isNaN(model.threshold()) ? ""
                : " · predicted positive when the score is at least " + Formats.metric(model.threshold())))
        .raw("</figure>");
  }
}
