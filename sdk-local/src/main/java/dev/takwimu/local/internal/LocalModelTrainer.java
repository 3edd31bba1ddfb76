package dev.takwimu.local.internal;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.Column;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.Row;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains Tribuo models (logistic regression, XGBoost) on a lake dataset read through DuckDB. The whole training
 * dataset is held in memory while training (about 300 bytes per row); scoring streams.
 */
public final class LocalModelTrainer implements ModelTrainer {
  /** Fewest rows of each class a training dataset must have. */
  static final int MIN_ROWS_PER_CLASS = 20;
  private static final int TOP_FEATURES = 15;
  // Tribuo reports every epoch and dataset through java.util.logging at INFO; a library must not print that. A strong
  // reference keeps the level (JUL holds loggers weakly).
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(Level.WARNING);
  }

  private final LocalLakeStore lake;

  public LocalModelTrainer(LocalLakeStore lake) {
    this.lake = lake;
  }

  @Override
  public Set<Algorithm> algorithms() {
    return TribuoTrainers.supported();
  }

  @Override
  public TrainedModel train(ModelDefinition definition, TrainingOptions options) {
    TribuoTrainers.Configured configured = TribuoTrainers.configure(options);
    Manifest manifest = requireSource(lake, definition);
    FeatureTable table;
    try (Stream<Row> rows = lake.select(definition.source(), manifest, FeatureTable.selectList(definition), " ORDER BY 1")) {
      table = FeatureTable.read(definition, rows.iterator(), Integer.MAX_VALUE);
    }
    int[][] split = stratifiedSplit(table, options, definition);
    int[] train = split[0];
    int[] test = split[1];
    FeatureEncoder encoder = FeatureEncoder.fit(table, train);

    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> dataset = new MutableDataset<>(
        new SimpleDataSourceProvenance(definition.source() + " v" + manifest.version(), labels), labels);
    FeatureEncoder.Encoding encoding = encoder.encoding();
    for (int row : train) {
      dataset.add(LocalTrainedModel.example(encoding, table, row,
          table.labels()[row] ? LocalTrainedModel.POSITIVE : LocalTrainedModel.NEGATIVE));
    }
    Model<Label> model = configured.trainer().train(dataset);

    String modelVersion = definition.name() + "-" + options.algorithm().id() + "-" + fingerprint(model, encoder);
    ModelProvenance provenance = new ModelProvenance(modelVersion, definition.name(), options.algorithm().id(),
        definition.source(), manifest.version(), table.size(), Instant.now(), options.seed(), options.testFraction(),
        configured.parameters(), definition.featureColumns(), encoder.encodedNames());
    boolean[] actual = new boolean[test.length];
    for (int i = 0; i < test.length; i++) {
      actual[i] = table.labels()[test[i]];
    }
    ModelEvaluation evaluation = ModelEvaluation.of(actual, LocalTrainedModel.probabilities(model, encoder, table, test),
        configured.threshold(),
        importance(model), train.length);
    return new LocalTrainedModel(definition, provenance, evaluation, encoder, configured.threshold(), model, lake,
        table, manifest.version());
  }

  @Override
  public TrainedModel load(Path file) {
    return ModelFile.read(file, lake);
  }

  /** The source's current version, checked to have every column the model reads. */
  static Manifest requireSource(LocalLakeStore lake, ModelDefinition definition) {
    Manifest manifest = lake.requireCurrent(definition.source());
    Set<String> present = manifest.toSchema().columns().stream().map(Column::name).collect(Collectors.toSet());
    List<String> needed = new ArrayList<>();
    needed.add(definition.idColumn());
    needed.addAll(definition.labelColumns());
    needed.addAll(definition.featureColumns());
    for (String column : needed) {
      if (!present.contains(column)) {
        throw new InvalidInputException("Cannot use model " + definition.name() + " on " + definition.source()
            + ": column " + column + " missing (found: " + String.join(", ", present.stream().sorted().toList()) + ")");
      }
    }
    return manifest;
  }

  /** Training and hold-out row indices: each class shuffled with the seed and split at the test fraction. */
  static int[][] stratifiedSplit(FeatureTable table, TrainingOptions options, ModelDefinition definition) {
    List<Integer> positives = new ArrayList<>();
    List<Integer> negatives = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      (table.labels()[i] ? positives : negatives).add(i);
    }
    if (positives.size() < MIN_ROWS_PER_CLASS || negatives.size() < MIN_ROWS_PER_CLASS) {
      throw new NotEnoughDataException("Cannot train " + definition.name() + " on " + definition.source() + ": "
          + positives.size() + " positive and " + negatives.size() + " negative rows (label: " + definition.label()
          + "); need at least " + MIN_ROWS_PER_CLASS + " of each");
    }
    Random random = new Random(options.seed());
    Collections.shuffle(positives, random);
    Collections.shuffle(negatives, random);
    int testPositives = (int) Math.max(1, Math.round(positives.size() * options.testFraction()));
    int testNegatives = (int) Math.max(1, Math.round(negatives.size() * options.testFraction()));
    int[] test = Stream.concat(positives.subList(0, testPositives).stream(), negatives.subList(0, testNegatives).stream())
        .mapToInt(Integer::intValue).sorted().toArray();
    int[] train = Stream.concat(positives.subList(testPositives, positives.size()).stream(),
        negatives.subList(testNegatives, negatives.size()).stream()).mapToInt(Integer::intValue).sorted().toArray();
    return new int[][] {train, test};
  }

  /**
   * Encoded inputs by their share of the model's total importance, highest first: total gain for trees, the absolute
   * weight on the positive class for logistic regression (inputs are standardised, so weights compare).
   */
  static List<ModelEvaluation.FeatureImportance> importance(Model<Label> model) {
    Map<String, Double> raw = new LinkedHashMap<>();
    if (model instanceof XGBoostModel<Label> trees) {
      trees.getFeatureImportance().get(0).getTotalGain().forEach(raw::put);
    } else {
      Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(-1);
      top.getOrDefault(LocalTrainedModel.POSITIVE.getLabel(), List.of()).forEach(p -> raw.put(p.getA(), Math.abs(p.getB())));
    }
    raw.remove(Model.BIAS_FEATURE);
    double total = raw.values().stream().mapToDouble(Double::doubleValue).sum();
    return raw.entrySet().stream()
        .map(e -> new ModelEvaluation.FeatureImportance(e.getKey(), total > 0 ? e.getValue() / total : 0))
        .sorted(Comparator.comparingDouble(ModelEvaluation.FeatureImportance::importance).reversed()
            .thenComparing(ModelEvaluation.FeatureImportance::feature))
        .limit(TOP_FEATURES)
        .toList();
  }

  /** First 12 hex digits of the SHA-256 of the serialized model and its encoding. */
  static String fingerprint(Model<Label> model, FeatureEncoder encoder) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      model.serializeToStream(bytes);
      digest.update(bytes.toByteArray());
      digest.update(ModelFile.JSON.writeValueAsBytes(encoder));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
