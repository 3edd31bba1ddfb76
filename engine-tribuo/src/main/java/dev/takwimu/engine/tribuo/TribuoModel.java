package dev.takwimu.engine.tribuo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.Prediction;
import dev.takwimu.core.Row;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.spi.ModelSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo classifier with the feature encoding it was trained with. It predicts rows on its own; saved, it is a
 * model file of two entries: {@value #METADATA} (definition, provenance, hold-out evaluation, encoding, threshold) and
 * {@value #PAYLOAD} (the Tribuo model, protobuf).
 */
public final class TribuoModel implements TrainedModel {
  static final Label POSITIVE = new Label("1");
  static final Label NEGATIVE = new Label("0");
  static final int FORMAT = 1;
  /** The metadata entry of a saved Tribuo model. */
  public static final String METADATA = "takwimu-model.json";
  static final String PAYLOAD = "tribuo-model.pb";

  record Metadata(
      @JsonProperty("format") int format,
      @JsonProperty("definition") ModelDefinition definition,
      @JsonProperty("provenance") ModelProvenance provenance,
      @JsonProperty("evaluation") ModelEvaluation evaluation,
      @JsonProperty("encoder") FeatureEncoder encoder,
      @JsonProperty("threshold") double threshold) {}

  private final ModelDefinition definition;
  private final ModelProvenance provenance;
  private final ModelEvaluation evaluation;
  private final FeatureEncoder encoder;
  private final double threshold;
  private final Model<Label> model;
  // The rows just trained on and where they were read, kept for the first score() of the same lake and source version
  // so that the usual train-then-score does not read the features twice; released once used.
  private final LakeStore trainedFrom;
  private final AtomicReference<FeatureTable> trainingRows;
  private final long trainingVersion;

  TribuoModel(ModelDefinition definition, ModelProvenance provenance, ModelEvaluation evaluation,
      FeatureEncoder encoder, double threshold, Model<Label> model, LakeStore trainedFrom, FeatureTable trainingRows,
      long trainingVersion) {
    this.definition = definition;
    this.provenance = provenance;
    this.evaluation = evaluation;
    this.encoder = encoder;
    this.threshold = threshold;
    this.model = model;
    this.trainedFrom = trainedFrom;
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

  @Override
  public List<Prediction> predict(List<Row> rows) {
    return predictions(FeatureTable.of(definition, rows));
  }

  private List<Prediction> predictions(FeatureTable table) {
    double[] probabilities = probabilities(model, encoder, table, allRows(table.size()));
    List<Prediction> predictions = new ArrayList<>(table.size());
    for (int i = 0; i < table.size(); i++) {
      predictions.add(new Prediction(table.ids()[i], probabilities[i], probabilities[i] >= threshold));
    }
    return predictions;
  }

  /** Scores as {@link TrainedModel#score}; right after training on the same lake and version, without re-reading. */
  @Override
  public ScoreReport score(LakeStore lake) {
    FeatureTable training = lake == trainedFrom ? trainingRows.getAndSet(null) : null;
    if (training != null) {
      long start = System.nanoTime();
      DatasetInfo source = ModelSupport.requireSource(lake, definition, false);
      if (source.version() == trainingVersion) {
        return ModelSupport.writeScores(this, lake, source, predictions(training).iterator(), Map.of(), start);
      }
    }
    return TrainedModel.super.score(lake);
  }

  /** The positive-class probability the model gives each of the given rows, encoded with {@code encoder}. */
  static double[] probabilities(Model<Label> model, FeatureEncoder encoder, FeatureTable table, int[] rows) {
    FeatureEncoder.Encoding encoding = encoder.encoding();
    double[] probabilities = new double[rows.length];
    for (int from = 0; from < rows.length; from += ModelSupport.BATCH) {
      int to = Math.min(rows.length, from + ModelSupport.BATCH);
      List<Example<Label>> examples = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        examples.add(example(encoding, table, rows[i], LabelFactory.UNKNOWN_LABEL));
      }
      List<org.tribuo.Prediction<Label>> predictions = model.predict(examples);
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
    Arrays.setAll(rows, i -> i);
    return rows;
  }

  @Override
  public void save(Path file) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(METADATA, ModelFile.toJson(new Metadata(FORMAT, definition, provenance, evaluation, encoder,
        threshold)));
    entries.put(PAYLOAD, serialized(model));
    ModelFile.write(file, entries);
  }

  static byte[] serialized(Model<Label> model) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      model.serializeToStream(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot serialize the model: %s", e.getMessage());
    }
  }

  /**
   * Loads a model saved by {@link #save}.
   *
   * @throws InvalidInputException when the file is missing or not a saved Tribuo model
   */
  public static TribuoModel load(Path file) {
    return load(file, ModelFile.read(file));
  }

  /**
   * Loads a Tribuo model from the entries of a model file already read with {@link ModelFile#read}.
   *
   * @throws InvalidInputException when the entries are not a saved Tribuo model
   */
  public static TribuoModel load(Path file, Map<String, byte[]> entries) {
    if (!entries.containsKey(METADATA) || !entries.containsKey(PAYLOAD)) {
      throw ModelFile.notAModel(file, "missing " + (entries.containsKey(METADATA) ? PAYLOAD : METADATA));
    }
    Metadata metadata = ModelFile.fromJson(file, entries.get(METADATA), Metadata.class);
    Model<?> model;
    try {
      model = Model.deserializeFromStream(new ByteArrayInputStream(entries.get(PAYLOAD)));
    } catch (IOException | RuntimeException e) {
      throw ModelFile.notAModel(file, ModelFile.firstLine(e));
    }
    if (metadata.format() != FORMAT) {
      throw ModelFile.notAModel(file, "format " + metadata.format() + " (this version reads format " + FORMAT + ")");
    }
    if (!model.validate(Label.class)) {
      throw ModelFile.notAModel(file, "not a classification model");
    }
    @SuppressWarnings("unchecked")
    Model<Label> classifier = (Model<Label>) model;
    return new TribuoModel(metadata.definition(), metadata.provenance(), metadata.evaluation(), metadata.encoder(),
        metadata.threshold(), classifier, null, null, -1);
  }
}
