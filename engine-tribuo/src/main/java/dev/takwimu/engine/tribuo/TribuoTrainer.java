package dev.takwimu.engine.tribuo;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.Row;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.spi.ModelSupport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains Tribuo models (logistic regression, XGBoost) with Takwimu's defaults on rows a backend selects on its own
 * engine in the {@linkplain #selectList training layout}: a stratified hold-out, the encoding fitted on the training
 * rows, metrics and feature importance on the hold-out. The whole training set is held in memory while training
 * (about 300 bytes per row).
 *
 * <pre>{@code
 * TribuoTrainer trainer = TribuoTrainer.of(options);            // checks the parameters
 * try (Stream<Row> rows = select(TribuoTrainer.selectList(definition) + " ... ORDER BY 1")) {
 *   return trainer.train(definition, rows.iterator(), lake, sourceVersion);
 * }
 * }</pre>
 */
public final class TribuoTrainer {
  private static final int TOP_FEATURES = 15;
  // Tribuo reports every epoch and dataset through java.util.logging at INFO; a library must not print that. A strong
  // reference keeps the level (JUL holds loggers weakly).
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(Level.WARNING);
  }

  private final TrainingOptions options;
  private final TrainerSettings.Configured configured;

  private TribuoTrainer(TrainingOptions options, TrainerSettings.Configured configured) {
    this.options = options;
    this.configured = configured;
  }

  /**
   * A trainer for the options' algorithm, seed, hold-out and parameters (defaults filled in).
   *
   * @throws InvalidInputException when a parameter is unknown or invalid
   */
  public static TribuoTrainer of(TrainingOptions options) {
    return new TribuoTrainer(options, TrainerSettings.configure(options));
  }

  /** The algorithms this engine trains: all of them. */
  public static Set<Algorithm> algorithms() {
    return Set.of(Algorithm.values());
  }

  /**
   * The select list of the training layout, in the portable SQL subset: the id as VARCHAR, numeric features as
   * DOUBLE, then categorical features as VARCHAR, then the label as a boolean (null is false). Select it from the
   * source ordered by the id ({@code ORDER BY 1}): the split shuffles rows in the order given.
   */
  public static String selectList(ModelDefinition definition) {
    return FeatureTable.selectList(definition);
  }

  /**
   * Trains on every row, in the layout of {@link #selectList}.
   *
   * @param rows the source's rows in the training layout, ordered by id
   * @param lake the lake the rows were read from (the model's first score of this lake and version reuses them);
   *     null when they came from elsewhere
   * @param sourceVersion the version of the source the rows are, for provenance
   * @throws NotEnoughDataException when either class has fewer than {@value ModelSupport#MIN_ROWS_PER_CLASS} rows
   */
  public TribuoModel train(ModelDefinition definition, Iterator<Row> rows, LakeStore lake, long sourceVersion) {
    FeatureTable table = FeatureTable.read(definition, rows, Integer.MAX_VALUE);
    int[][] split = stratifiedSplit(table, options, definition);
    int[] train = split[0];
    int[] test = split[1];
    FeatureEncoder encoder = FeatureEncoder.fit(table, train);

    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> dataset = new MutableDataset<>(
        new SimpleDataSourceProvenance(definition.source() + " v" + sourceVersion, labels), labels);
    FeatureEncoder.Encoding encoding = encoder.encoding();
    for (int row : train) {
      dataset.add(TribuoModel.example(encoding, table, row,
          table.labels()[row] ? TribuoModel.POSITIVE : TribuoModel.NEGATIVE));
    }
    Model<Label> model = configured.trainer().train(dataset);

    String modelVersion = definition.name() + "-" + options.algorithm().id() + "-" + fingerprint(model, encoder);
    ModelProvenance provenance = new ModelProvenance(modelVersion, definition.name(), options.algorithm().id(),
        definition.source(), sourceVersion, table.size(), Instant.now(), options.seed(), options.testFraction(),
        configured.parameters(), definition.featureColumns(), encoder.encodedNames());
    boolean[] actual = new boolean[test.length];
    for (int i = 0; i < test.length; i++) {
      actual[i] = table.labels()[test[i]];
    }
    ModelEvaluation evaluation = ModelEvaluation.of(actual,
        TribuoModel.probabilities(model, encoder, table, test), configured.threshold(), importance(model),
        train.length);
    return new TribuoModel(definition, provenance, evaluation, encoder, configured.threshold(), model, lake,
        lake == null ? null : table, sourceVersion);
  }

  /** Training and hold-out row indices: each class shuffled with the seed and split at the test fraction. */
  static int[][] stratifiedSplit(FeatureTable table, TrainingOptions options, ModelDefinition definition) {
    List<Integer> positives = new ArrayList<>();
    List<Integer> negatives = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      (table.labels()[i] ? positives : negatives).add(i);
    }
    int min = ModelSupport.MIN_ROWS_PER_CLASS;
    if (positives.size() < min || negatives.size() < min) {
      throw new NotEnoughDataException("Cannot train " + definition.name() + " on " + definition.source() + ": "
          + positives.size() + " positive and " + negatives.size() + " negative rows (label: " + definition.label()
          + "); need at least " + min + " of each");
    }
    Random random = new Random(options.seed());
    Collections.shuffle(positives, random);
    Collections.shuffle(negatives, random);
    int testPositives = (int) Math.max(1, Math.round(positives.size() * options.testFraction()));
    int testNegatives = (int) Math.max(1, Math.round(negatives.size() * options.testFraction()));
    int[] test = Stream.concat(positives.subList(0, testPositives).stream(),
        negatives.subList(0, testNegatives).stream()).mapToInt(Integer::intValue).sorted().toArray();
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
      top.getOrDefault(TribuoModel.POSITIVE.getLabel(), List.of())
          .forEach(p -> raw.put(p.getA(), Math.abs(p.getB())));
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
      digest.update(TribuoModel.serialized(model));
      digest.update(ModelFile.compactJson(encoder));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
