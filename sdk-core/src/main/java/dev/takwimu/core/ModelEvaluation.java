package dev.takwimu.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How well a model did on rows it did not train on.
 *
 * @param auc area under the ROC curve (0.5 is a coin toss)
 * @param accuracy share of hold-out rows classified right at {@code threshold}
 * @param precision share of predicted positives that are positive
 * @param recall share of positives predicted positive
 * @param f1 harmonic mean of precision and recall
 * @param topDecileCapture share of all positives among the 10% highest-scored rows (0.1 for a random model)
 * @param threshold probability at or above which a row is predicted positive
 * @param confusion hold-out counts at {@code threshold}
 * @param roc the ROC curve, at most about 200 points from (0, 0) to (1, 1)
 * @param featureImportance the most important inputs, highest first, each as a share of the model's total importance
 * @param trainRows rows trained on
 * @param testRows hold-out rows
 */
public record ModelEvaluation(
    double auc,
    double accuracy,
    double precision,
    double recall,
    double f1,
    double topDecileCapture,
    double threshold,
    ConfusionMatrix confusion,
    List<RocPoint> roc,
    List<FeatureImportance> featureImportance,
    long trainRows,
    long testRows) {
  private static final int MAX_ROC_POINTS = 200;

  public ModelEvaluation {
    roc = List.copyOf(roc);
    featureImportance = List.copyOf(featureImportance);
  }

  /** Hold-out counts of a binary classifier. */
  public record ConfusionMatrix(long trueNegatives, long falsePositives, long falseNegatives, long truePositives) {
    public long total() {
      return trueNegatives + falsePositives + falseNegatives + truePositives;
    }
  }

  /** One point of a ROC curve. */
  public record RocPoint(double falsePositiveRate, double truePositiveRate) {}

  /** One model input and its share of the model's total importance (total gain for trees, |weight| for linear). */
  public record FeatureImportance(String feature, double importance) {}

  /**
   * Computes the metrics of hold-out predictions.
   *
   * @param actual each hold-out row's label
   * @param probability each hold-out row's predicted probability of the positive class
   * @throws IllegalArgumentException when the arrays differ in length or hold only one class
   */
  public static ModelEvaluation of(boolean[] actual, double[] probability, double threshold,
      List<FeatureImportance> importance, long trainRows) {
    if (actual.length != probability.length) {
      throw new IllegalArgumentException("labels and probabilities differ in length");
    }
    int n = actual.length;
    long positives = IntStream.range(0, n).filter(i -> actual[i]).count();
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException("the hold-out holds only one class; cannot evaluate");
    }
    long tp = 0, fp = 0, fn = 0, tn = 0;
    for (int i = 0; i < n; i++) {
      boolean predicted = probability[i] >= threshold;
      if (predicted && actual[i]) tp++;
      else if (predicted) fp++;
      else if (actual[i]) fn++;
      else tn++;
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    // Highest probability first; among equal probabilities the row order decides, so results are reproducible.
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probability[i]));
    int decile = (int) Math.ceil(n / 10.0);
    long caught = IntStream.range(0, decile).filter(k -> actual[order[k]]).count();
    return new ModelEvaluation(auc(actual, probability, order, positives), (double) (tp + tn) / n, precision, recall,
        f1, (double) caught / positives, threshold, new ConfusionMatrix(tn, fp, fn, tp),
        roc(actual, probability, order, positives), importance, trainRows, n);
  }

  /** Mann-Whitney AUC; tied probabilities count half. */
  private static double auc(boolean[] actual, double[] probability, Integer[] descending, long positives) {
    long negatives = actual.length - positives;
    double area = 0;
    long negativesAbove = 0;
    int k = 0;
    while (k < descending.length) {
      int end = k;
      long tiePositives = 0, tieNegatives = 0;
      while (end < descending.length && probability[descending[end]] == probability[descending[k]]) {
        if (actual[descending[end]]) tiePositives++;
        else tieNegatives++;
        end++;
      }
      // Each positive here ranks above every negative not yet seen, and ties with this group's negatives.
      area += tiePositives * (negatives - negativesAbove - tieNegatives + tieNegatives / 2.0);
      negativesAbove += tieNegatives;
      k = end;
    }
    return area / ((double) positives * negatives);
  }

  private static List<RocPoint> roc(boolean[] actual, double[] probability, Integer[] descending, long positives) {
    long negatives = actual.length - positives;
    List<RocPoint> all = new ArrayList<>();
    all.add(new RocPoint(0, 0));
    long tp = 0, fp = 0;
    for (int k = 0; k < descending.length; k++) {
      if (actual[descending[k]]) tp++;
      else fp++;
      boolean lastOfTie = k + 1 == descending.length
          || probability[descending[k + 1]] != probability[descending[k]];
      if (lastOfTie) {
        all.add(new RocPoint((double) fp / negatives, (double) tp / positives));
      }
    }
    if (all.size() <= MAX_ROC_POINTS) {
      return all;
    }
    List<RocPoint> sampled = new ArrayList<>();
    double step = (all.size() - 1) / (double) (MAX_ROC_POINTS - 1);
    for (int i = 0; i < MAX_ROC_POINTS; i++) {
      sampled.add(all.get((int) Math.round(i * step)));
    }
    return sampled;
  }
}
