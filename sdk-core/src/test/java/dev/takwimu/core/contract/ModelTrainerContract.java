package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.Feature;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.Prediction;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link dev.takwimu.core.ModelTrainer} and {@link TrainedModel}: the leakage rule, stratified
 * hold-out metrics, scores for every row, predictions of rows built in Java equal to the scores, save/load
 * reproducing both without the lake, clear errors.
 *
 * <p>Trains on a synthetic {@code cleaned/customer_features} whose churn depends on a hidden engagement that the
 * behaviour columns reflect with noise, and whose deactivation date and tenure give the label away exactly.
 */
public abstract class ModelTrainerContract extends BackendContractSupport {
  private static final int CUSTOMERS = 3000;
  /** The rows {@link #writeFeatures} wrote last, as Java rows. */
  private List<Row> featureRows = List.of();

  /** The table {@link #writeFeatures} writes: one row per customer. */
  protected static final DatasetId FEATURES = DatasetId.parse("cleaned/customer_features");
  private static final List<Feature> BEHAVIOUR = List.of(
      Feature.numeric("total_txn_amount"), Feature.numeric("avg_txn_amount"), Feature.numeric("txn_count"),
      Feature.numeric("unique_channels"), Feature.numeric("days_since_last_txn"), Feature.numeric("total_loans"),
      Feature.numeric("total_loan_amount"), Feature.numeric("days_since_registration"), Feature.categorical("county"),
      Feature.categorical("most_used_channel"));
  /** Churn: status gives the label, deactivation date and tenure are derived from it. */
  protected static final ModelDefinition CHURN = new ModelDefinition("churn", FEATURES, "customer_id",
      "status = 'Inactive'", Set.of("status"), Set.of("deactivation_date", "tenure_days"),
      concat(BEHAVIOUR, List.of(Feature.numeric("total_repaid_amount"), Feature.numeric("repayment_ratio"),
          Feature.numeric("active_loans"))),
      DatasetId.parse("cleaned/churn_scores"));
  /** A second label over the same rows: does the customer have a loan outstanding. */
  protected static final ModelDefinition LOAN_ACTIVITY = new ModelDefinition("loan-activity", FEATURES, "customer_id",
      "coalesce(active_loans, 0) > 0", Set.of("active_loans"), Set.of("repayment_ratio", "total_repaid_amount"),
      BEHAVIOUR, DatasetId.parse("cleaned/loan_activity_scores"));

  @Test
  void aFeatureDerivedFromTheLabelIsRejectedBeforeTraining() {
    for (String leaky : List.of("status", "deactivation_date", "tenure_days")) {
      List<Feature> features = new ArrayList<>(CHURN.features());
      features.add(Feature.numeric(leaky));
      assertThatThrownBy(() -> new ModelDefinition("churn", FEATURES, "customer_id",
          "status = 'Inactive'", Set.of("status"), Set.of("deactivation_date", "tenure_days"), features,
          CHURN.scores()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + leaky + "'").hasMessageContaining("leak");
    }
    for (String leaky : List.of("active_loans", "repayment_ratio", "total_repaid_amount")) {
      assertThat(LOAN_ACTIVITY.featureColumns()).doesNotContain(leaky);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void noLabelDerivedColumnReachesTheTrainer(Algorithm algorithm) {
    writeFeatures(CUSTOMERS, 7);
    for (ModelDefinition definition : List.of(CHURN, LOAN_ACTIVITY)) {
      TrainedModel model = backend.models().train(definition, TrainingOptions.of(algorithm));
      Set<String> forbidden = new HashSet<>(definition.labelColumns());
      forbidden.addAll(definition.leakyColumns());
      assertThat(model.provenance().encodedFeatures()).isNotEmpty()
          .allSatisfy(input -> assertThat(sourceColumnOf(input)).isNotIn(forbidden));
      assertThat(model.evaluation().featureImportance())
          .allSatisfy(f -> assertThat(sourceColumnOf(f.feature())).isNotIn(forbidden));
    }
    // The deactivation date gives churn away exactly; a model that saw it would be perfect.
    TrainedModel churn = backend.models().train(CHURN, TrainingOptions.of(algorithm));
    assertThat(churn.evaluation().auc()).isLessThan(0.97);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void learnsTheSignalAndReportsConsistentHoldOutMetrics(Algorithm algorithm) {
    Map<String, Boolean> churned = writeFeatures(CUSTOMERS, 11);
    long positives = churned.values().stream().filter(b -> b).count();
    TrainedModel model = backend.models().train(CHURN, TrainingOptions.of(algorithm));
    ModelEvaluation e = model.evaluation();

    assertThat(e.auc()).as("AUC").isGreaterThan(0.7).isLessThan(0.97);
    // Stratified 20%: each class is split on its own.
    assertThat(e.testRows()).isEqualTo(Math.round(positives * 0.2) + Math.round((CUSTOMERS - positives) * 0.2));
    assertThat(e.trainRows() + e.testRows()).isEqualTo(CUSTOMERS);
    ModelEvaluation.ConfusionMatrix m = e.confusion();
    assertThat(m.total()).isEqualTo(e.testRows());
    assertThat(m.truePositives() + m.falseNegatives()).isEqualTo(Math.round(positives * 0.2));
    assertThat(e.accuracy()).isCloseTo((double) (m.truePositives() + m.trueNegatives()) / m.total(), within(1e-12));
    if (m.truePositives() + m.falsePositives() > 0) {
      assertThat(e.precision()).isCloseTo((double) m.truePositives() / (m.truePositives() + m.falsePositives()),
          within(1e-12));
    }
    assertThat(e.recall()).isCloseTo((double) m.truePositives() / (m.truePositives() + m.falseNegatives()),
        within(1e-12));
    // A random ranking catches 10% of churners in its top decile; this signal gives far more.
    assertThat(e.topDecileCapture()).isGreaterThan(0.25).isLessThanOrEqualTo(1.0);
    assertThat(e.roc().get(0)).isEqualTo(new ModelEvaluation.RocPoint(0, 0));
    assertThat(e.roc().get(e.roc().size() - 1)).isEqualTo(new ModelEvaluation.RocPoint(1, 1));
    assertThat(e.featureImportance()).isNotEmpty();
    assertThat(e.featureImportance().get(0).importance())
        .isGreaterThanOrEqualTo(e.featureImportance().get(e.featureImportance().size() - 1).importance());

    assertThat(model.provenance().algorithm()).isEqualTo(algorithm.id());
    assertThat(model.provenance().source()).isEqualTo(FEATURES);
    assertThat(model.provenance().sourceVersion()).isEqualTo(version(FEATURES));
    assertThat(model.provenance().sourceRows()).isEqualTo(CUSTOMERS);
    assertThat(model.provenance().modelVersion()).startsWith("churn-" + algorithm.id());
  }

  @Test
  void theSameSeedGivesTheSameModelAndAnotherSeedAnotherSplit() {
    writeFeatures(CUSTOMERS, 3);
    TrainingOptions options = TrainingOptions.of(Algorithm.GRADIENT_BOOSTED_TREES);
    ModelEvaluation first = backend.models().train(CHURN, options).evaluation();
    ModelEvaluation second = backend.models().train(CHURN, options).evaluation();
    ModelEvaluation otherSeed = backend.models().train(CHURN, options.withSeed(99)).evaluation();
    assertThat(second.auc()).isEqualTo(first.auc());
    assertThat(second.confusion()).isEqualTo(first.confusion());
    assertThat(otherSeed.auc()).isNotEqualTo(first.auc());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void scoresEveryRowAndALoadedModelReproducesThem(Algorithm algorithm) throws Exception {
    writeFeatures(CUSTOMERS, 5);
    TrainedModel model = backend.models().train(CHURN, TrainingOptions.of(algorithm));
    ScoreReport report = model.score(lake());
    assertThat(report.output()).isEqualTo(CHURN.scores());
    assertThat(report.rows()).isEqualTo(CUSTOMERS);
    List<Map<String, Object>> scores = rowsOf(CHURN.scores(), "customer_id");
    assertThat(scores).hasSize(CUSTOMERS);
    assertThat(scores.get(0).keySet()).containsExactly("customer_id", "probability", "label", "model_version");
    assertThat(scores).allSatisfy(row -> {
      assertThat((Double) row.get("probability")).isBetween(0.0, 1.0);
      assertThat(row.get("label")).isEqualTo((Double) row.get("probability") >= model.evaluation().threshold());
      assertThat(row.get("model_version")).isEqualTo(model.provenance().modelVersion());
    });
    assertThat(scores.stream().filter(row -> (Boolean) row.get("label")).count()).isEqualTo(report.positives());

    Path file = workDirectory.resolve("models/churn.model");
    model.save(file);
    assertThat(Files.list(file.getParent())).containsExactly(file);
    reopenBackend();
    TrainedModel loaded = backend.models().load(file);
    assertThat(loaded.provenance()).isEqualTo(model.provenance());
    assertThat(loaded.evaluation()).isEqualTo(model.evaluation());
    assertThat(loaded.definition()).isEqualTo(model.definition());
    loaded.score(lake());
    assertThat(rowsOf(CHURN.scores(), "customer_id")).isEqualTo(scores);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void predictsRowsBuiltInJavaAsItScoresTheLake(Algorithm algorithm) {
    writeFeatures(CUSTOMERS, 9);
    TrainedModel model = backend.models().train(CHURN, TrainingOptions.of(algorithm));
    model.score(lake());
    Map<String, Map<String, Object>> scores = rowsOf(CHURN.scores(), "customer_id").stream()
        .collect(Collectors.toMap(row -> (String) row.get("customer_id"), row -> row));

    List<Prediction> predictions = model.predict(featureRows);
    assertThat(predictions).hasSize(CUSTOMERS);
    for (int i = 0; i < CUSTOMERS; i++) {
      Prediction p = predictions.get(i);
      assertThat(p.id()).isEqualTo(featureRows.get(i).getString("customer_id"));
      assertThat(p.probability()).as(p.id()).isEqualTo((Double) scores.get(p.id()).get("probability"));
      assertThat(p.label()).as(p.id()).isEqualTo(scores.get(p.id()).get("label"));
    }

    // Only the id and the features are read, by name: other columns and their order do not matter.
    List<String> features = CHURN.featureColumns();
    List<String> reordered = new ArrayList<>(List.of("shoe_size", "customer_id"));
    for (int i = features.size() - 1; i >= 0; i--) {
      reordered.add(features.get(i));
    }
    Row.Layout layout = Row.layout(reordered);
    List<Row> rebuilt = featureRows.stream().map(row -> {
      List<Object> values = new ArrayList<>(List.of(42L));
      reordered.subList(1, reordered.size()).forEach(column -> values.add(row.get(column)));
      return layout.row(values.toArray());
    }).toList();
    assertThat(model.predict(rebuilt)).isEqualTo(predictions);

    // A stream is predicted in batches, lazily, and in order; longer than one batch here.
    List<Row> thrice = Stream.of(featureRows, featureRows, featureRows).flatMap(List::stream).toList();
    List<Prediction> streamed;
    try (Stream<Prediction> stream = model.predict(thrice.stream())) {
      streamed = stream.toList();
    }
    assertThat(streamed).isEqualTo(Stream.of(predictions, predictions, predictions).flatMap(List::stream).toList());

    List<String> withoutCounty = new ArrayList<>(List.of("customer_id"));
    features.stream().filter(column -> !column.equals("county")).forEach(withoutCounty::add);
    Row partial = Row.layout(withoutCounty).row(withoutCounty.stream().map(featureRows.get(0)::get).toArray());
    assertThatThrownBy(() -> model.predict(List.of(partial)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot predict with model churn: column county missing")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aSavedModelPredictsWithoutTheLake() {
    writeFeatures(CUSTOMERS, 21);
    TrainedModel model = backend.models().train(LOAN_ACTIVITY, TrainingOptions.of(Algorithm.GRADIENT_BOOSTED_TREES));
    List<Prediction> predictions = model.predict(featureRows);
    Path file = workDirectory.resolve("models/loan-activity.model");
    model.save(file);

    // The source is gone: the loaded model reads nothing from the lake.
    assertThat(lake().delete(FEATURES)).isTrue();
    reopenBackend();
    TrainedModel loaded = backend.models().load(file);
    assertThat(loaded.predict(featureRows)).isEqualTo(predictions);
    assertThat(predictions).extracting(Prediction::probability).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
    assertThat(predictions.stream().filter(Prediction::label).count()).isPositive();
    assertThatThrownBy(() -> loaded.score(lake())).isInstanceOf(NoSuchDatasetException.class);
  }

  @Test
  void loanActivityTrainsOnItsOwnLabel() {
    Map<String, Boolean> churned = writeFeatures(CUSTOMERS, 13);
    TrainedModel model = backend.models().train(LOAN_ACTIVITY,
        TrainingOptions.of(Algorithm.LOGISTIC_REGRESSION));
    assertThat(model.evaluation().auc()).isGreaterThan(0.6);
    model.score(lake());
    assertThat(count(LOAN_ACTIVITY.scores())).isEqualTo(churned.size());
  }

  @Test
  void unusableInputGivesOneLineErrors() throws Exception {
    TrainingOptions options = TrainingOptions.of(Algorithm.LOGISTIC_REGRESSION);
    assertThatThrownBy(() -> backend.models().train(CHURN, options))
        .isInstanceOf(NoSuchDatasetException.class);

    writeFeatures(40, 1);
    ModelDefinition allActive = new ModelDefinition("never", FEATURES, "customer_id",
        "txn_count < 0", Set.of("txn_count"), Set.of(), List.of(Feature.numeric("avg_txn_amount")),
        DatasetId.parse("cleaned/never_scores"));
    assertThatThrownBy(() -> backend.models().train(allActive, options))
        .isInstanceOf(NotEnoughDataException.class).hasMessageContaining("0 positive");

    ModelDefinition missingColumn = new ModelDefinition("odd", FEATURES, "customer_id",
        "status = 'Inactive'", Set.of("status"), Set.of(), List.of(Feature.numeric("shoe_size")),
        DatasetId.parse("cleaned/odd_scores"));
    assertThatThrownBy(() -> backend.models().train(missingColumn, options))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("column shoe_size missing");

    assertThatThrownBy(() -> backend.models().train(CHURN,
        options.withParameters(Map.of("epochz", "3"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown parameter 'epochz'");
    assertThatThrownBy(() -> backend.models().train(CHURN,
        options.withParameters(Map.of("epochs", "many"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("epochs");

    Path notAModel = Files.writeString(workDirectory.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> backend.models().load(notAModel))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a Takwimu model");
    assertThatThrownBy(() -> backend.models().load(workDirectory.resolve("absent.model")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such file");
    assertThat(Algorithm.parse("LR")).isEqualTo(Algorithm.LOGISTIC_REGRESSION);
    assertThatThrownBy(() -> Algorithm.parse("forest")).hasMessageContaining("logistic-regression, xgboost");
  }

  /**
   * Writes {@code cleaned/customer_features} for n customers and returns who churned. A hidden engagement drives churn;
   * behaviour columns show it with noise; deactivation date and tenure reveal churn exactly (the leak).
   */
  protected Map<String, Boolean> writeFeatures(int n, long seed) {
    Random random = new Random(seed);
    LocalDate asOf = LocalDate.parse("2025-01-01");
    List<String> counties = List.of("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Kiambu");
    List<String> channels = List.of("USSD", "M-PESA App", "Agent");
    Map<String, Boolean> churned = new HashMap<>();
    List<List<?>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format("C%06d", i);
      double engagement = random.nextGaussian();
      boolean inactive = random.nextDouble() < 1 / (1 + Math.exp(1.6 + 1.4 * engagement));
      long txnCount = Math.max(0, Math.round(18 * Math.exp(0.5 * engagement + 0.4 * random.nextGaussian())));
      Double avg = txnCount == 0 ? null : Math.exp(6 + 0.8 * random.nextGaussian());
      Long daysSinceLast = txnCount == 0 ? null
          : Math.round(Math.exp(2.5 - 0.9 * engagement + 0.6 * random.nextGaussian()));
      long loans = Math.max(0, Math.round(2 + random.nextGaussian() - 0.6 * engagement));
      long activeLoans = random.nextDouble() < 1 / (1 + Math.exp(1 - 0.9 * loans)) ? 1 : 0;
      long registered = 200 + random.nextInt(2000);
      LocalDate deactivation = inactive ? asOf.minusDays(1 + random.nextInt(150)) : null;
      churned.put(id, inactive);
      rows.add(Arrays.asList(id, counties.get(random.nextInt(counties.size())),
          inactive ? "Inactive" : "Active", asOf.minusDays(registered), deactivation,
          avg == null ? 0.0 : avg * txnCount, avg, txnCount, txnCount == 0 ? 0L : 1L + random.nextInt(3),
          txnCount == 0 ? null : channels.get(random.nextInt(channels.size())), daysSinceLast, loans,
          loans * 1500.0, loans * 1200.0 * (1 - activeLoans), loans == 0 ? null : 1.0 - activeLoans / (double) loans,
          activeLoans, registered, inactive ? registered - (asOf.toEpochDay() - deactivation.toEpochDay()) : registered,
          asOf));
    }
    Schema schema = new Schema(List.of(
        Column.of("customer_id", DataType.STRING), Column.of("county", DataType.STRING),
        Column.of("status", DataType.STRING), Column.of("registration_date", DataType.DATE),
        Column.of("deactivation_date", DataType.DATE), Column.of("total_txn_amount", DataType.DOUBLE),
        Column.of("avg_txn_amount", DataType.DOUBLE), Column.of("txn_count", DataType.LONG),
        Column.of("unique_channels", DataType.LONG), Column.of("most_used_channel", DataType.STRING),
        Column.of("days_since_last_txn", DataType.LONG), Column.of("total_loans", DataType.LONG),
        Column.of("total_loan_amount", DataType.DOUBLE), Column.of("total_repaid_amount", DataType.DOUBLE),
        Column.of("repayment_ratio", DataType.DOUBLE), Column.of("active_loans", DataType.LONG),
        Column.of("days_since_registration", DataType.LONG), Column.of("tenure_days", DataType.LONG),
        Column.of("as_of", DataType.DATE)));
    lake().write(FEATURES, WriteSource.rows(schema, rows), WriteOptions.overwrite());
    Row.Layout layout = Row.layout(schema.names());
    featureRows = rows.stream().map(values -> layout.row(values.toArray())).toList();
    return churned;
  }

  /** The source column an encoded input comes from ({@code county=Nairobi} → county, {@code x_missing} → x). */
  private static String sourceColumnOf(String encoded) {
    String column = encoded.contains("=") ? encoded.substring(0, encoded.indexOf('=')) : encoded;
    return column.endsWith("_missing") ? column.substring(0, column.length() - "_missing".length()) : column;
  }

  private static List<Feature> concat(List<Feature> first, List<Feature> second) {
    List<Feature> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
