package dev.takwimu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.takwimu.core.ModelEvaluation.ConfusionMatrix;
import dev.takwimu.core.ModelEvaluation.FeatureImportance;
import dev.takwimu.core.ModelEvaluation.RocPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hold-out metrics on cases small enough to work out by hand; the expected values are the hand-worked ones. */
class ModelEvaluationTest {
  private static final boolean T = true;
  private static final boolean F = false;

  private static ModelEvaluation evaluate(boolean[] actual, double[] probability, double threshold) {
    return ModelEvaluation.of(actual, probability, threshold, List.of(), 0);
  }

  @Test
  void aucOfAllTiedScoresIsACoinToss() {
    ModelEvaluation all = evaluate(new boolean[] {T, F, T, F, F}, new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, 0.5);
    assertThat(all.auc()).isEqualTo(0.5);
    assertThat(all.roc()).containsExactly(new RocPoint(0, 0), new RocPoint(1, 1));
  }

  @Test
  void aucIsOneWhenEveryPositiveOutranksEveryNegativeAndZeroWhenInverted() {
    boolean[] actual = {T, T, F, F};
    assertThat(evaluate(actual, new double[] {0.9, 0.8, 0.3, 0.1}, 0.5).auc()).isEqualTo(1.0);
    assertThat(evaluate(actual, new double[] {0.1, 0.2, 0.8, 0.9}, 0.5).auc()).isEqualTo(0.0);
  }

  @Test
  void aTieBetweenAPositiveAndANegativeCountsHalf() {
    // pairs (positive, negative): 0.9>0.6, 0.9>0.1, 0.6=0.6 (half), 0.6>0.1 -> 3.5 of 4
    assertThat(evaluate(new boolean[] {T, F, T, F}, new double[] {0.9, 0.6, 0.6, 0.1}, 0.5).auc()).isEqualTo(0.875);
    // positives 0.8, 0.4, 0.4; negatives 0.8, 0.4, 0.2: 0.8 vs (0.8 half, 0.4, 0.2) = 2.5; each 0.4 vs
    // (0.8 lose, 0.4 half, 0.2 win) = 1.5 -> 5.5 of 9
    assertThat(evaluate(new boolean[] {T, F, T, F, T, F}, new double[] {0.8, 0.8, 0.4, 0.4, 0.4, 0.2}, 0.5).auc())
        .isCloseTo(5.5 / 9, within(1e-15));
  }

  @Test
  void theConfusionMatrixCountsAProbabilityAtTheThresholdAsPositive() {
    boolean[] actual = {T, F, T, F};
    double[] probability = {0.9, 0.6, 0.6, 0.1};
    ModelEvaluation atSix = evaluate(actual, probability, 0.6);
    assertThat(atSix.confusion()).isEqualTo(new ConfusionMatrix(1, 1, 0, 2));
    assertThat(atSix.confusion().total()).isEqualTo(4);
    assertThat(atSix.accuracy()).isEqualTo(0.75);
    assertThat(atSix.precision()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(atSix.recall()).isEqualTo(1.0);
    assertThat(atSix.f1()).isCloseTo(0.8, within(1e-15));
    assertThat(atSix.threshold()).isEqualTo(0.6);

    ModelEvaluation above = evaluate(actual, probability, 0.61);
    assertThat(above.confusion()).isEqualTo(new ConfusionMatrix(2, 0, 1, 1));
    assertThat(above.precision()).isEqualTo(1.0);
    assertThat(above.recall()).isEqualTo(0.5);
    assertThat(above.f1()).isCloseTo(2.0 / 3, within(1e-15));
  }

  @Test
  void noPredictedPositivesGiveZeroPrecisionRecallAndF1() {
    ModelEvaluation none = evaluate(new boolean[] {T, F, F}, new double[] {0.7, 0.2, 0.1}, 0.99);
    assertThat(none.confusion()).isEqualTo(new ConfusionMatrix(2, 0, 1, 0));
    assertThat(none.precision()).isZero();
    assertThat(none.recall()).isZero();
    assertThat(none.f1()).isZero();
    assertThat(none.accuracy()).isCloseTo(2.0 / 3, within(1e-15));
  }

  @Test
  void topDecileCaptureIsTheShareOfPositivesAmongTheHighestTenthRoundedUp() {
    // 20 rows: the top decile is the 2 highest; of the 4 positives one is among them
    boolean[] actual = new boolean[20];
    double[] probability = new double[20];
    for (int i = 0; i < 20; i++) {
      probability[i] = i / 20.0;
    }
    actual[19] = true; // highest
    actual[17] = true; // third highest: outside
    actual[3] = true;
    actual[0] = true;
    assertThat(evaluate(actual, probability, 0.5).topDecileCapture()).isEqualTo(0.25);

    // 11 rows: ceil(1.1) = 2 rows, both positive, out of 2 positives
    boolean[] eleven = {F, F, F, F, F, F, F, F, F, T, T};
    double[] rising = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    assertThat(evaluate(eleven, rising, 0.5).topDecileCapture()).isEqualTo(1.0);
  }

  @Test
  void amongEqualScoresTheEarlierRowRanksFirst() {
    double[] tied = new double[10];
    java.util.Arrays.fill(tied, 0.3);
    assertThat(evaluate(new boolean[] {T, F, F, F, F, F, F, F, F, T}, tied, 0.5).topDecileCapture()).isEqualTo(0.5);
    assertThat(evaluate(new boolean[] {F, T, F, F, F, F, F, F, F, T}, tied, 0.5).topDecileCapture()).isZero();
  }

  @Test
  void theRocCurveStepsOncePerDistinctScoreFromZeroToOne() {
    assertThat(evaluate(new boolean[] {T, F, T, F}, new double[] {0.9, 0.6, 0.6, 0.1}, 0.5).roc()).containsExactly(
        new RocPoint(0, 0), new RocPoint(0, 0.5), new RocPoint(0.5, 1), new RocPoint(1, 1));
    assertThat(evaluate(new boolean[] {T, T, F, F}, new double[] {0.9, 0.8, 0.3, 0.1}, 0.5).roc()).containsExactly(
        new RocPoint(0, 0), new RocPoint(0, 0.5), new RocPoint(0, 1), new RocPoint(0.5, 1), new RocPoint(1, 1));
  }

  @Test
  void aLongRocCurveIsSampledTo200PointsKeepingBothEnds() {
    assertThat(distinctScores(199).roc()).as("199 scores + the origin: not sampled").hasSize(200);
    for (int n : new int[] {200, 1000, 5001}) {
      List<RocPoint> roc = distinctScores(n).roc();
      assertThat(roc).as("%d scores", n).hasSize(200);
      assertThat(roc.get(0)).isEqualTo(new RocPoint(0, 0));
      assertThat(roc.get(199)).isEqualTo(new RocPoint(1, 1));
      for (int i = 1; i < roc.size(); i++) {
        assertThat(roc.get(i).falsePositiveRate()).isGreaterThanOrEqualTo(roc.get(i - 1).falsePositiveRate());
        assertThat(roc.get(i).truePositiveRate()).isGreaterThanOrEqualTo(roc.get(i - 1).truePositiveRate());
      }
    }
  }

  @Test
  void itCarriesTheRowCountsAndImportances() {
    List<FeatureImportance> importance = List.of(new FeatureImportance("txn_count", 0.7),
        new FeatureImportance("tenure_days", 0.3));
    ModelEvaluation evaluation = ModelEvaluation.of(new boolean[] {T, F, F}, new double[] {0.8, 0.3, 0.2}, 0.5,
        importance, 12);
    assertThat(evaluation.trainRows()).isEqualTo(12);
    assertThat(evaluation.testRows()).isEqualTo(3);
    assertThat(evaluation.featureImportance()).isEqualTo(importance);
  }

  @Test
  void oneClassOrMismatchedArraysCannotBeEvaluated() {
    assertThatThrownBy(() -> evaluate(new boolean[] {T, T}, new double[] {0.1, 0.2}, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one class");
    assertThatThrownBy(() -> evaluate(new boolean[] {F, F}, new double[] {0.1, 0.2}, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one class");
    assertThatThrownBy(() -> evaluate(new boolean[] {T, F}, new double[] {0.1}, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
  }

  /** n rows with distinct scores, alternating labels. */
  private static ModelEvaluation distinctScores(int n) {
    boolean[] actual = new boolean[n];
    double[] probability = new double[n];
    for (int i = 0; i < n; i++) {
      actual[i] = i % 2 == 0;
      probability[i] = (i + 1) / (double) (n + 1);
    }
    return evaluate(actual, probability, 0.5);
  }
}
