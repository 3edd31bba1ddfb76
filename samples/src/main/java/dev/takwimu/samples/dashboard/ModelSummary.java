package dev.takwimu.samples.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * How a trained model scored on its test rows. A metric that is undefined (no positive prediction, say) is NaN.
 *
 * @param model what the model predicts: {@code churn} or {@code loan-activity}
 * @param algorithm the trainer, e.g. {@code XGBoost}
 * @param confusionMatrix {@code [[tn, fp], [fn, tp]]} on the test rows
 * @param roc the ROC curve's points; may be empty
 * @param topFeatures the most important features, most important first; may be empty
 * @param modelVersion the saved model's version
 * @param threshold the score at or above which a row is predicted positive, the confusion matrix's cut; NaN if unknown
 */
public record ModelSummary(String model, String algorithm, double auc, double accuracy, double precision,
                           double recall, double f1, double topDecileCapture, long[][] confusionMatrix,
                           List<RocPoint> roc, List<FeatureImportance> topFeatures, long trainRows, long testRows,
                           String modelVersion, double threshold) {
  public ModelSummary {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(algorithm, "algorithm");
    if (confusionMatrix.length != 2 || confusionMatrix[0].length != 2 || confusionMatrix[1].length != 2) {
      throw new IllegalArgumentException("Model " + model + ": the confusion matrix must be [[tn, fp], [fn, tp]]");
    }
    confusionMatrix = copy(confusionMatrix);
    roc = List.copyOf(roc);
    topFeatures = List.copyOf(topFeatures);
  }

  /** A summary whose decision threshold is not known. */
  public ModelSummary(String model, String algorithm, double auc, double accuracy, double precision, double recall,
      double f1, double topDecileCapture, long[][] confusionMatrix, List<RocPoint> roc,
      List<FeatureImportance> topFeatures, long trainRows, long testRows, String modelVersion) {
    this(model, algorithm, auc, accuracy, precision, recall, f1, topDecileCapture, confusionMatrix, roc, topFeatures,
        trainRows, testRows, modelVersion, Double.NaN);
  }

  /** {@code [[tn, fp], [fn, tp]]}, a copy. */
  @Override
  public long[][] confusionMatrix() {
    return copy(confusionMatrix);
  }

  private static long[][] copy(long[][] matrix) {
    return new long[][] {matrix[0].clone(), matrix[1].clone()};
  }
}
