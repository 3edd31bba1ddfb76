package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.testing.AthenaOnTrino;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Prediction;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOCAL model training on the AWS backend: one Athena query selects the source's snapshot in the training layout and
 * Tribuo trains in this process (nothing is copied into a local lake). The model then predicts without a lake and
 * scores another AWS lake through the generic read-predict-write path, with the scores its own lake got.
 */
class AwsModelTrainerLocalModeTest {
  private static final int CUSTOMERS = 600;

  @TempDir
  Path work;

  @Test
  void trainsOnAnAthenaSelectAndScoresAnyLake() {
    AthenaOnTrino athena = AwsTestEnvironment.get().athenaOnTrino();
    try (AwsBackend home = AwsTestBackends.open(work.resolve("home"));
        AwsBackend other = AwsTestBackends.open(work.resolve("other"))) {
      assertThat(home.settings().modelTraining()).isEqualTo(ModelTraining.LOCAL);
      List<Row> rows = writeFeatures(home);
      writeFeatures(other);
      long sourceVersion = home.lake().describe(SafaricomPipeline.CUSTOMER_FEATURES).orElseThrow().version();

      int before = athena.statements().size();
      TrainedModel model = ChurnModel.train(home.models(), Algorithm.LOGISTIC_REGRESSION);
      List<String> training = athena.statements().subList(before, athena.statements().size()).stream()
          .map(AthenaOnTrino.StatementRecord::athenaSql).filter(sql -> sql.contains("ORDER BY 1")).toList();
      assertThat(training).singleElement().satisfies(sql -> assertThat(sql)
          .startsWith("SELECT CAST(\"customer_id\" AS VARCHAR), CAST(\"total_txn_amount\" AS DOUBLE)")
          .contains("COALESCE((status = 'Inactive'), FALSE) FROM ").contains("FOR VERSION AS OF"));
      assertThat(model.provenance().sourceVersion()).isEqualTo(sourceVersion);
      assertThat(model.provenance().sourceRows()).isEqualTo(CUSTOMERS);
      assertThat(model.evaluation().auc()).isGreaterThan(0.7);

      ScoreReport homeReport = model.score(home.lake());
      ScoreReport otherReport = model.score(other.lake());
      Map<String, Object> homeScores = probabilities(home);
      assertThat(probabilities(other)).isEqualTo(homeScores);
      assertThat(otherReport.positives()).isEqualTo(homeReport.positives());
      DatasetInfo written = other.lake().describe(ChurnModel.SCORES).orElseThrow();
      assertThat(written.properties()).containsEntry("model", "churn")
          .containsEntry("model_version", model.provenance().modelVersion())
          .containsEntry("source_version", Long.toString(
              other.lake().describe(SafaricomPipeline.CUSTOMER_FEATURES).orElseThrow().version()));

      Path file = work.resolve("churn.model");
      model.save(file);
      TrainedModel loaded = other.models().load(file);
      List<Prediction> predictions = loaded.predict(rows);
      assertThat(predictions).isEqualTo(model.predict(rows));
      assertThat(predictions.stream().collect(Collectors.toMap(Prediction::id, p -> (Object) p.probability())))
          .isEqualTo(homeScores);
    }
  }

  private static Map<String, Object> probabilities(AwsBackend backend) {
    try (Stream<Row> rows = backend.lake().stream(ChurnModel.SCORES)) {
      return rows.collect(Collectors.toMap(r -> r.getString("customer_id"), r -> r.get("probability")));
    }
  }

  /** A cleaned/customer_features whose churn follows recent activity; returns the rows written. */
  private static List<Row> writeFeatures(AwsBackend backend) {
    Random random = new Random(23);
    List<String> counties = List.of("Nairobi", "Mombasa", "Kisumu");
    List<String> channels = List.of("USSD", "M-PESA App", "Agent");
    List<List<?>> values = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      double engagement = random.nextGaussian();
      boolean inactive = random.nextDouble() < 1 / (1 + Math.exp(1 + 2 * engagement));
      long txns = Math.max(0, Math.round(20 + 10 * engagement + 5 * random.nextGaussian()));
      values.add(Arrays.asList(String.format("C%05d", i), inactive ? "Inactive" : "Active",
          counties.get(random.nextInt(3)), txns == 0 ? null : channels.get(random.nextInt(3)), 500.0 * txns,
          txns == 0 ? null : 500.0, txns, (long) random.nextInt(3),
          txns == 0 ? null : Math.max(0, Math.round(30 - 12 * engagement + 5 * random.nextGaussian())),
          (long) random.nextInt(5), 1500.0 * random.nextInt(5), 1000.0, 0.5, (long) random.nextInt(2),
          200L + random.nextInt(2000)));
    }
    Schema schema = ModelFeatures.SCHEMA;
    backend.lake().write(SafaricomPipeline.CUSTOMER_FEATURES, WriteSource.rows(schema, values),
        WriteOptions.overwrite());
    Row.Layout layout = Row.layout(schema.names());
    return values.stream().map(v -> layout.row(v.toArray())).toList();
  }
}
