package dev.takwimu.safaricom;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import java.util.Set;

/**
 * Which customers carry an unpaid Fuliza loan: label = {@code active_loans > 0}, over {@code cleaned/customer_features},
 * scores to {@code cleaned/loan_activity_scores}. Repayment figures (repaid amount, repayment ratio) are derived from
 * the same loans as the label and are never features.
 */
public final class LoanActivityModel {
  private LoanActivityModel() {}

  public static final String NAME = "loan-activity";
  public static final DatasetId SCORES = DatasetId.parse("cleaned/loan_activity_scores");

  public static final ModelDefinition DEFINITION = new ModelDefinition(
      NAME,
      SafaricomPipeline.CUSTOMER_FEATURES,
      "customer_id",
      "coalesce(active_loans, 0) > 0",
      Set.of("active_loans"),
      Set.of("repayment_ratio", "total_repaid_amount"),
      ChurnModel.BEHAVIOUR,
      SCORES);

  /** Trains the loan-activity model with the default seed and hold-out. */
  public static TrainedModel train(ModelTrainer trainer, Algorithm algorithm) {
    return trainer.train(DEFINITION, TrainingOptions.of(algorithm));
  }
}
