package dev.takwimu.samples.dashboard;

import dev.takwimu.safaricom.KenyaCounties;
import java.util.ArrayList;
import java.util.List;

/** The active customers a retention team should call first, highest churn score first. */
final class AtRiskSection {
  private AtRiskSection() {}

  /**
   * @param atRisk the list, or null when there is none
   * @param notTrained why the churn model was not trained, or null
   */
  static void body(Html html, AtRiskCustomers atRisk, String notTrained) {
    if (atRisk == null) {
      html.element("p", "empty", notTrained != null ? "No churn model, so no list: " + notTrained
          : "No at-risk list: the churn model has not scored this lake (run 'takwimu pipeline').");
      return;
    }
    html.element("p", "meta", "Active customers ranked by churn score, highest first: the first "
        + Formats.cell(atRisk.table().rows().size()) + " of " + Formats.cell(atRisk.activeCustomers())
        + " (all in dataset " + atRisk.dataset() + "). At the model's threshold of " + Formats.metric(atRisk.threshold())
        + ", " + Formats.cell(atRisk.flagged()) + " are flagged; at that threshold the model caught "
        + Formats.percent(100 * atRisk.expectedCapture()) + " of the customers who churned in its hold-out rows.");
    if (atRisk.table().rows().isEmpty()) {
      html.element("p", "empty", "No active customer is scored.");
      return;
    }
    int county = atRisk.table().columns().indexOf("county");
    List<List<Object>> rows = atRisk.table().rows().stream().map(row -> {
      List<Object> shown = new ArrayList<>(row);
      if (county >= 0 && !(row.get(county) instanceof String name && KenyaCounties.ALL.contains(name))) {
        shown.set(county, row.get(county) == null ? "(no county)" : row.get(county) + " (not a county)");
      }
      return shown;
    }).toList();
    html.table("at-risk", atRisk.table().columns().stream().map(Html::humanize).toList(), rows);
  }
}
