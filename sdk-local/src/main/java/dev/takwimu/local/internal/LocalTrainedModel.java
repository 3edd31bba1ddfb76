package dev.takwimu.local.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/** A Tribuo model with the encoding it was trained with; scores lake datasets through DuckDB, streaming. */
final class LocalTrainedModel implements TrainedModel {
  static final Label POSITIVE = new Label("1");
  static final Label NEGATIVE = new Label("0");
  /** Rows encoded and predicted together while scoring. */
  static final int BATCH = 8192;

  private final ModelDefinition definition;
  private final ModelProvenance provenance;
  private final ModelEvaluation evaluation;
  private final FeatureEncoder encoder;
  private final double threshold;
  private final Model<Label> model;
  private final LocalLakeStore lake;
  // The rows just trained on, kept for the first score() of the same source version so that the usual
  // train-then-score does not read the features twice; released once used.
  private final AtomicReference<FeatureTable> trainingRows;
  private final long trainingVersion;

  LocalTrainedModel(ModelDefinition definition, ModelProvenance provenance, ModelEvaluation evaluation,
      FeatureEncoder encoder, double threshold, Model<Label> model, LocalLakeStore lake) {
    this(definition, provenance, evaluation, encoder, threshold, model, lake, null, -1);
  }

  LocalTrainedModel(ModelDefinition definition, ModelProvenance provenance, ModelEvaluation evaluation,
      FeatureEncoder encoder, double threshold, Model<Label> model, LocalLakeStore lake, FeatureTable trainingRows,
      long trainingVersion) {
    this.definition = definition;
    this.provenance = provenance;
    this.evaluation = evaluation;
    this.encoder = encoder;
    this.threshold = threshold;
    this.model = model;
    this.lake = lake;
    this.trainingRows = new AtomicReference<>(trainingRows);
    this.trainingVersion = trainingVersion;
  }

  @Override
  public ModelDefinition definition() {
    return definition;
  }

  @Override
  public ModelProvenance provenance() {
    return provenance;
  }

  @Override
  public ModelEvaluation evaluation() {
    return evaluation;
  }

  FeatureEncoder encoder() {
    return encoder;
  }

  double threshold() {
    return threshold;
  }

  Model<Label> tribuoModel() {
    return model;
  }

  @Override
  public ScoreReport score() {
    long start = System.nanoTime();
    Manifest manifest = LocalModelTrainer.requireSource(lake, definition);
    Schema schema = Schema.of(Column.of(definition.idColumn(), DataType.STRING),
        Column.of("probability", DataType.DOUBLE), Column.of("label", DataType.BOOLEAN),
        Column.of("model_version", DataType.STRING));
    long[] positives = {0};
    DatasetInfo written;
    FeatureTable training = trainingRows.getAndSet(null);
    boolean reuseTrainingRows = training != null && trainingVersion == manifest.version();
    try (Stream<Row> rows = reuseTrainingRows ? Stream.empty()
        : lake.select(definition.source(), manifest, FeatureTable.selectList(definition), " ORDER BY 1")) {
      Iterator<FeatureTable> blocks = reuseTrainingRows ? List.of(training).iterator() : blocks(rows.iterator());
      Iterable<List<Object>> scored = () -> new Iterator<>() {
        private FeatureTable block;
        private double[] probabilities;
        private int next;

        @Override
        public boolean hasNext() {
          while ((block == null || next == block.size()) && blocks.hasNext()) {
            block = blocks.next();
            probabilities = probabilities(model, encoder, block, allRows(block.size()));
            next = 0;
          }
          return block != null && next < block.size();
        }

        @Override
        public List<Object> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          double probability = probabilities[next];
          boolean label = probability >= threshold;
          if (label) {
            positives[0]++;
          }
          return List.of(block.ids()[next++], probability, label, provenance.modelVersion());
        }
      };
      written = lake.write(definition.scores(), WriteSource.rows(schema, scored), new WriteOptions(
          dev.takwimu.core.WriteMode.OVERWRITE, List.of(),
          Map.of("model", definition.name(), "model_version", provenance.modelVersion(),
              "source_version", Long.toString(manifest.version()))));
    }
    return new ScoreReport(definition.scores(), written.version(), written.rows(), positives[0],
        provenance.modelVersion(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** Blocks of {@link #BATCH} rows read from the source as they are needed. */
  private Iterator<FeatureTable> blocks(Iterator<Row> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public FeatureTable next() {
        return FeatureTable.read(definition, rows, BATCH);
      }
    };
  }

  /** The positive-class probability the model gives each of the given rows, encoded with {@code encoder}. */
  static double[] probabilities(Model<Label> model, FeatureEncoder encoder, FeatureTable table, int[] rows) {
    FeatureEncoder.Encoding encoding = encoder.encoding();
    double[] probabilities = new double[rows.length];
    for (int from = 0; from < rows.length; from += BATCH) {
      int to = Math.min(rows.length, from + BATCH);
      List<Example<Label>> examples = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        examples.add(example(encoding, table, rows[i], LabelFactory.UNKNOWN_LABEL));
      }
      List<Prediction<Label>> predictions = model.predict(examples);
      for (int i = from; i < to; i++) {
        Label positive = predictions.get(i - from).getOutputScores().get(POSITIVE.getLabel());
        probabilities[i] = positive == null ? 0 : positive.getScore();
      }
    }
    return probabilities;
  }

  static Example<Label> example(FeatureEncoder.Encoding encoding, FeatureTable table, int row, Label label) {
    int count = encoding.encode(table, row);
    return new ArrayExample<>(label, encoding.names(count), encoding.values(count));
  }

  static int[] allRows(int size) {
    int[] rows = new int[size];
    for (int i = 0; i < size; i++) {
      rows[i] = i;
    }
    return rows;
  }

  @Override
  public void save(Path file) {
    ModelFile.write(file, this);
  }
}
