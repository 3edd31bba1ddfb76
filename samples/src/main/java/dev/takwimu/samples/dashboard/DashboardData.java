package dev.takwimu.samples.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one dashboard shows: the insights, the pipeline's stage report and the trained models.
 *
 * @param title the page's heading
 * @param lakeLocation where the data came from, shown under the heading; {@code null} when there is nothing to say
 * @param generatedAt when the figures were computed
 * @param insights the insight tables, in the order the caller ran them; may be empty
 * @param stages one summary per stage run; may be empty
 * @param models one summary per trained model; may be empty
 */
public record DashboardData(String title, String lakeLocation, Instant generatedAt,
                            List<InsightTable> insights, List<StageSummary> stages, List<ModelSummary> models) {
  public DashboardData {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(generatedAt, "generatedAt");
    insights = List.copyOf(insights);
    stages = List.copyOf(stages);
    models = List.copyOf(models);
  }
}
