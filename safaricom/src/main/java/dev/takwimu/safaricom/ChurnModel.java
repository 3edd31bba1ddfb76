package dev.takwimu.safaricom;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.Feature;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which customers churn: label = status {@code Inactive}, over {@code cleaned/customer_features}, scores to
 * {@code cleaned/churn_scores}. The deactivation date, the tenure (which ends at deactivation) and the status itself
 * are never features: a live customer has none of them yet. After scoring, {@link #riskStage(double, double)} ranks the
 * active customers for a retention team ({@code cleaned/churn_risk}).
 */
public final class ChurnModel {
  private ChurnModel() {}

  public static final String NAME = "churn";
  public static final DatasetId SCORES = DatasetId.parse("cleaned/churn_scores");
  /** The active customers ranked by churn score, for a retention team: {@link #riskStage(double, double)}. */
  public static final DatasetId RISK = DatasetId.parse("cleaned/churn_risk");
  /** How many of the most at-risk customers {@link #TOP_AT_RISK} returns. */
  public static final int TOP = 25;

  /** One row of {@link #RISK}: an active customer, its rank and score, and what the model's cut means for it. */
  public record AtRisk(long riskRank, String customerId, String county, double churnScore, Long daysSinceLastTxn,
                       long txnCount, double totalTxnAmount, long activeLoans, boolean flagged) {}

  /** How many active customers {@link #RISK} ranks, how many are flagged, at which threshold and expected capture. */
  public record RiskSummary(long activeCustomers, long flagged, Double threshold, Double expectedCapture) {}

  private static final Map<String, DatasetId> RISK_INPUT = Map.of("risk", RISK);

  /** The {@value #TOP} active customers most likely to churn, highest score first. */
  public static final InsightQuery<AtRisk> TOP_AT_RISK = InsightQuery.of("churn-risk-top", AtRisk.class, """
      SELECT risk_rank, customer_id, county, churn_score, days_since_last_txn, txn_count, total_txn_amount,
             active_loans, flagged
      FROM risk
      ORDER BY risk_rank ASC
      LIMIT %d""".formatted(TOP), RISK_INPUT);

  public static final InsightQuery<RiskSummary> RISK_SUMMARY = InsightQuery.of("churn-risk-summary",
      RiskSummary.class, """
      SELECT count(*) AS active_customers,
             CAST(coalesce(sum(CASE WHEN flagged THEN 1 ELSE 0 END), 0) AS BIGINT) AS flagged,
             max(threshold) AS threshold, max(expected_capture) AS expected_capture
      FROM risk""", RISK_INPUT);

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

  /**
   * Writes {@link #RISK} from the features and {@link #SCORES}: every active customer, ranked by churn score (rank 1
   * the most likely to churn, ties by id), with county, score, days since the last transaction, transactions,
   * transaction value and open loans, whether the score reaches {@code threshold} ({@code flagged}), the threshold
   * and the share of churners the model caught at it on its hold-out rows ({@code expected_capture}). Inactive
   * customers are left out: they have churned already.
   */
  public static EtlStage riskStage(double threshold, double expectedCapture) {
    return EtlStage.builder("churn-risk")
        .input("features", SafaricomPipeline.CUSTOMER_FEATURES)
        .input("scores", SCORES)
        .output(RISK)
        .sql(RISK_SQL, threshold, expectedCapture)
        .build();
  }

  static final String RISK_SQL = """
      WITH params AS (
        SELECT CAST(? AS DOUBLE) AS threshold, CAST(? AS DOUBLE) AS expected_capture
      )
      SELECT row_number() OVER (ORDER BY s.probability DESC, f.customer_id ASC) AS risk_rank,
             f.customer_id, f.county, s.probability AS churn_score, f.days_since_last_txn, f.txn_count,
             f.total_txn_amount, f.active_loans, s.probability >= p.threshold AS flagged,
             p.threshold, p.expected_capture, s.model_version
      FROM features f
      JOIN scores s ON s.customer_id = f.customer_id
      CROSS JOIN params p
      WHERE f.status = 'Active'
      """;

  static List<Feature> concat(List<Feature> first, List<Feature> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
