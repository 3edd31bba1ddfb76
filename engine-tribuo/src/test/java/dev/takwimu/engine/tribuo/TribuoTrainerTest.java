package dev.takwimu.engine.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.Prediction;
import dev.takwimu.core.Row;
import dev.takwimu.core.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TribuoTrainerTest {
  @TempDir
  Path work;

  private static FeatureTable labelled(int positives, int negatives) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < positives + negatives; i++) {
      rows.add(new Object[] {String.format("r%04d", i), (double) i, i % 2 == 0 ? "red" : "blue", i < positives});
    }
    return FeatureEncoderTest.table(rows.toArray(Object[][]::new));
  }

  @Test
  void theSplitHoldsOutEachClassOnItsOwnAndFollowsTheSeed() {
    FeatureTable table = labelled(100, 400);
    TrainingOptions options = TrainingOptions.of(Algorithm.LOGISTIC_REGRESSION);
    int[][] split = TribuoTrainer.stratifiedSplit(table, options, FeatureEncoderTest.DEFINITION);
    assertThat(split[1]).hasSize(100).isSorted();
    assertThat(Arrays.stream(split[1]).filter(i -> table.labels()[i]).count()).isEqualTo(20);
    int[] all = IntStream.concat(Arrays.stream(split[0]), Arrays.stream(split[1])).sorted().toArray();
    assertThat(all).isEqualTo(TribuoModel.allRows(500));
    assertThat(TribuoTrainer.stratifiedSplit(table, options, FeatureEncoderTest.DEFINITION)[1]).isEqualTo(split[1]);
    assertThat(TribuoTrainer.stratifiedSplit(table, options.withSeed(7), FeatureEncoderTest.DEFINITION)[1])
        .isNotEqualTo(split[1]);

    assertThatThrownBy(() -> TribuoTrainer.stratifiedSplit(labelled(19, 400), options, FeatureEncoderTest.DEFINITION))
        .isInstanceOf(NotEnoughDataException.class)
        .hasMessage("Cannot train m on cleaned/things: 19 positive and 400 negative rows (label: flag); need at least"
            + " 20 of each");
  }

  @Test
  void parametersAreCheckedBeforeAnyRowIsRead() {
    TrainingOptions options = TrainingOptions.of(Algorithm.GRADIENT_BOOSTED_TREES);
    assertThatThrownBy(() -> TribuoTrainer.of(options.withParameters(Map.of("depth", "3"))))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("Unknown parameter 'depth' for xgboost");
    assertThatThrownBy(() -> TribuoTrainer.of(options.withParameters(Map.of("subsample", "2"))))
        .isInstanceOf(InvalidInputException.class).hasMessage("Parameter subsample of xgboost must be in (0, 1], got '2'");
  }

  @Test
  void aTrainedModelSavesLoadsAndPredictsWithoutALake() {
    Random random = new Random(3);
    Row.Layout layout = Row.layout(List.of("id", "amount", "colour", "flag"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double amount = random.nextGaussian();
      rows.add(layout.row("r" + i, amount, random.nextBoolean() ? "red" : "blue",
          random.nextDouble() < 1 / (1 + Math.exp(-3 * amount))));
    }
    TribuoModel model = TribuoTrainer.of(TrainingOptions.of(Algorithm.LOGISTIC_REGRESSION))
        .train(FeatureEncoderTest.DEFINITION, rows.iterator(), null, 4);
    assertThat(model.evaluation().auc()).isGreaterThan(0.8);
    assertThat(model.provenance().sourceVersion()).isEqualTo(4);
    assertThat(model.provenance().modelVersion()).matches("m-logistic-regression-[0-9a-f]{12}");

    List<Prediction> predictions = model.predict(rows);
    Path file = work.resolve("m.model");
    model.save(file);
    TribuoModel loaded = TribuoModel.load(file);
    assertThat(loaded.predict(rows)).isEqualTo(predictions);
    assertThat(loaded.provenance()).isEqualTo(model.provenance());
    assertThat(ModelFile.read(file).keySet()).containsExactly(TribuoModel.METADATA, TribuoModel.PAYLOAD);
  }

  @Test
  void unreadableFilesGiveOneLineErrors() throws Exception {
    Path text = Files.writeString(work.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> TribuoModel.load(text)).isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot load model " + text + ": not a Takwimu model file (not a zip file)");
    assertThatThrownBy(() -> TribuoModel.load(work.resolve("absent.model"))).isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot load model " + work.resolve("absent.model") + ": no such file");
    Path other = work.resolve("other.model");
    ModelFile.write(other, Map.of("sagemaker-model.json", "{}".getBytes()));
    assertThatThrownBy(() -> TribuoModel.load(other)).isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot load model " + other + ": not a Takwimu model file (missing takwimu-model.json)");
    Path broken = work.resolve("broken.model");
    ModelFile.write(broken, Map.of(TribuoModel.METADATA, "{\"format\": 1}".getBytes(),
        TribuoModel.PAYLOAD, new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> TribuoModel.load(broken)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot load model " + broken + ": not a Takwimu model file (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Files.list(work)).allSatisfy(path -> assertThat(path.getFileName().toString()).doesNotStartWith("."));
  }
}
