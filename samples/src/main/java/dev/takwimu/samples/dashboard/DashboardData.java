package dev.takwimu.samples.dashboard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one dashboard shows: the insights, the pipeline's stage report, the trained models and the customers
 * most at risk of churning.
 *
 * @param title the page's heading
 * @param lakeLocation the lake the stages and models (and, unless {@code insightSource} says otherwise, the insights)
 *     came from, shown under the heading; {@code null} when there is no lake to name
 * @param insightSource where the insights were read when not from the lake, e.g. {@code PostgreSQL jdbc:...}, shown
 *     under the heading; {@code null} when they came from the lake
 * @param generatedAt when the figures were computed
 * @param insights the insight tables, in the order the caller ran them; may be empty
 * @param stages one summary per stage run; may be empty
 * @param models one summary per trained model; may be empty
 * @param notTrained each model the last run could not train, with the one-line reason it gave; may be empty
 * @param atRisk the active customers ranked by churn score; {@code null} when there are none to show
 */
public record DashboardData(String title, String lakeLocation, String insightSource, Instant generatedAt,
                            List<InsightTable> insights, List<StageSummary> stages, List<ModelSummary> models,
                            Map<String, String> notTrained, AtRiskCustomers atRisk) {
  public DashboardData {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(generatedAt, "generatedAt");
    insights = List.copyOf(insights);
    stages = List.copyOf(stages);
    models = List.copyOf(models);
    notTrained = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notTrained));
  }

  /** The insights, stages and models, with no model left untrained and no at-risk list. */
  public DashboardData(String title, String lakeLocation, String insightSource, Instant generatedAt,
      List<InsightTable> insights, List<StageSummary> stages, List<ModelSummary> models) {
    this(title, lakeLocation, insightSource, generatedAt, insights, stages, models, Map.of(), null);
  }

  /** Everything read from one lake (or from nowhere worth naming, when {@code lakeLocation} is null). */
  public DashboardData(String title, String lakeLocation, Instant generatedAt, List<InsightTable> insights,
      List<StageSummary> stages, List<ModelSummary> models) {
    this(title, lakeLocation, null, generatedAt, insights, stages, models);
  }
}
