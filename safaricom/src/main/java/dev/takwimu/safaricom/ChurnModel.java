package dev.takwimu.safaricom;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Feature;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which customers churn: label = status {@code Inactive}, over {@code cleaned/customer_features}, scores to
 * {@code cleaned/churn_scores}. The deactivation date, the tenure (which ends at deactivation) and the status itself
 * are never features: a live customer has none of them yet.
 */
public final class ChurnModel {
  private ChurnModel() {}

  public static final String NAME = "churn";
  public static final DatasetId SCORES = DatasetId.parse("cleaned/churn_scores");

  /** Behaviour a live customer already shows. */
  static final List<Feature> BEHAVIOUR = List.of(
      Feature.numeric("total_txn_amount"),
      Feature.numeric("avg_txn_amount"),
      Feature.numeric("txn_count"),
      Feature.numeric("unique_channels"),
      Feature.numeric("days_since_last_txn"),
      Feature.numeric("total_loans"),
      Feature.numeric("total_loan_amount"),
      Feature.numeric("days_since_registration"),
      Feature.categorical("county"),
      Feature.categorical("most_used_channel"));

  public static final ModelDefinition DEFINITION = new ModelDefinition(
      NAME,
      SafaricomPipeline.CUSTOMER_FEATURES,
      "customer_id",
      "status = 'Inactive'",
      Set.of("status"),
      Set.of("deactivation_date", "tenure_days"),
      concat(BEHAVIOUR, List.of(
          Feature.numeric("total_repaid_amount"),
          Feature.numeric("repayment_ratio"),
          Feature.numeric("active_loans"))),
      SCORES);

  /** Trains the churn model with the default seed and hold-out. */
  public static TrainedModel train(ModelTrainer trainer, Algorithm algorithm) {
    return trainer.train(DEFINITION, TrainingOptions.of(algorithm));
  }

  static List<Feature> concat(List<Feature> first, List<Feature> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
