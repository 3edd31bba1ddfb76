package dev.takwimu.samples.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * The active customers most likely to churn, highest score first, as a retention team would call them.
 *
 * @param dataset where the whole list is kept, e.g. {@code cleaned/churn_risk}
 * @param table the first rows of the list (customer, county, score, ...), as read from {@code dataset}
 * @param activeCustomers how many active customers the list ranks
 * @param flagged how many of them score at or above {@code threshold}
 * @param threshold the churn model's decision threshold
 * @param expectedCapture the share of churners the model caught at {@code threshold} on its hold-out rows (recall)
 */
public record AtRiskCustomers(String dataset, InsightTable table, long activeCustomers, long flagged,
                              double threshold, double expectedCapture) {
  public AtRiskCustomers {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(table, "table");
  }
}
