package dev.takwimu.samples.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one dashboard shows: the insights, the pipeline's stage report and the trained models.
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
 */
public record DashboardData(String title, String lakeLocation, String insightSource, Instant generatedAt,
                            List<InsightTable> insights, List<StageSummary> stages, List<ModelSummary> models) {
  public DashboardData {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(generatedAt, "generatedAt");
    insights = List.copyOf(insights);
    stages = List.copyOf(stages);
    models = List.copyOf(models);
  }

  /** Everything read from one lake (or from nowhere worth naming, when {@code lakeLocation} is null). */
  public DashboardData(String title, String lakeLocation, Instant generatedAt, List<InsightTable> insights,
      List<StageSummary> stages, List<ModelSummary> models) {
    this(title, lakeLocation, null, generatedAt, insights, stages, models);
  }
}
