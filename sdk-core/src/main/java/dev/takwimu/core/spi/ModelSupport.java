package dev.takwimu.core.spi;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Prediction;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What every model implementation shares: the checks of a model's source and input rows, batched prediction, and
 * scoring as read, predict, write (the scores dataset's columns and provenance are defined here once).
 */
public final class ModelSupport {
  private ModelSupport() {}

  /** Fewest rows of each class a training dataset must have. */
  public static final int MIN_ROWS_PER_CLASS = 20;
  /** Rows predicted together when a stream is predicted. */
  public static final int BATCH = 8192;

  /**
   * The source's current version in the lake, checked to have the id and feature columns and, for training, the
   * label columns.
   *
   * @throws NoSuchDatasetException when the source does not exist
   * @throws InvalidInputException when a column is missing
   */
  public static DatasetInfo requireSource(LakeStore lake, ModelDefinition definition, boolean training) {
    DatasetInfo info = lake.describe(definition.source()).orElseThrow(() -> missingSource(definition));
    requireColumns(definition, info.schema(), training);
    return info;
  }

  /** The error for a model whose source dataset does not exist. */
  public static NoSuchDatasetException missingSource(ModelDefinition definition) {
    return new NoSuchDatasetException(definition.source(),
        "write it (run the pipeline) before training or scoring model " + definition.name());
  }

  /**
   * Checks a source schema has the id, the label columns (when training) and the features.
   *
   * @throws InvalidInputException naming the first missing column and the columns found
   */
  public static void requireColumns(ModelDefinition definition, Schema schema, boolean training) {
    List<String> present = schema.columns().stream().map(Column::name).toList();
    String missing = firstMissing(definition, present, training);
    if (missing != null) {
      throw new InvalidInputException("Cannot use model " + definition.name() + " on " + definition.source()
          + ": column " + missing + " missing (found: " + String.join(", ", new TreeSet<>(present)) + ")");
    }
  }

  /**
   * Checks rows to predict have the id and feature columns.
   *
   * @throws InvalidInputException naming the first missing column and the columns found
   */
  public static void requirePredictColumns(ModelDefinition definition, List<String> names) {
    String missing = firstMissing(definition, names, false);
    if (missing != null) {
      throw new InvalidInputException("Cannot predict with model " + definition.name() + ": column " + missing
          + " missing (found: " + String.join(", ", names) + ")");
    }
  }

  private static String firstMissing(ModelDefinition definition, Collection<String> present, boolean training) {
    Set<String> names = Set.copyOf(present);
    List<String> needed = new ArrayList<>();
    needed.add(definition.idColumn());
    if (training) {
      needed.addAll(new TreeSet<>(definition.labelColumns()));
    }
    needed.addAll(definition.featureColumns());
    return needed.stream().filter(column -> !names.contains(column)).findFirst().orElse(null);
  }

  /** Predicts a stream of rows {@code size} at a time, lazily; closing the result closes {@code rows}. */
  public static Stream<Prediction> inBatches(Stream<Row> rows, int size,
      Function<List<Row>, List<Prediction>> predict) {
    Iterator<Row> input = rows.iterator();
    Iterator<Prediction> output = new Iterator<>() {
      private Iterator<Prediction> batch = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!batch.hasNext() && input.hasNext()) {
          List<Row> next = new ArrayList<>(size);
          while (next.size() < size && input.hasNext()) {
            next.add(input.next());
          }
          batch = predict.apply(next).iterator();
        }
        return batch.hasNext();
      }

      @Override
      public Prediction next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(output, Spliterator.ORDERED), false)
        .onClose(rows::close);
  }

  /**
   * Streams the source's current version out of the lake, predicts it with {@link TrainedModel#predict(Stream)} and
   * commits the predictions with {@link #writeScores}.
   */
  public static ScoreReport score(TrainedModel model, LakeStore lake) {
    long start = System.nanoTime();
    DatasetInfo source = requireSource(lake, model.definition(), false);
    try (Stream<Row> rows = lake.stream(model.definition().source());
        Stream<Prediction> predictions = model.predict(rows)) {
      return writeScores(model, lake, source, predictions.iterator(), Map.of(), start);
    }
  }

  /**
   * Commits predictions as the definition's scores dataset in one overwrite: columns id, {@code probability},
   * {@code label}, {@code model_version}; properties {@code model}, {@code model_version}, {@code source_version} and
   * any {@code extraProperties}.
   *
   * @param source the source version the predictions are of
   * @param startNanos {@link System#nanoTime()} when scoring started, for the report's duration
   */
  public static ScoreReport writeScores(TrainedModel model, LakeStore lake, DatasetInfo source,
      Iterator<Prediction> predictions, Map<String, String> extraProperties, long startNanos) {
    ModelDefinition definition = model.definition();
    String modelVersion = model.provenance().modelVersion();
    Schema schema = Schema.of(Column.of(definition.idColumn(), DataType.STRING),
        Column.of("probability", DataType.DOUBLE), Column.of("label", DataType.BOOLEAN),
        Column.of("model_version", DataType.STRING));
    long[] positives = {0};
    Iterable<List<Object>> rows = () -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return predictions.hasNext();
      }

      @Override
      public List<Object> next() {
        Prediction p = predictions.next();
        if (p.label()) {
          positives[0]++;
        }
        return Arrays.asList(p.id(), p.probability(), p.label(), modelVersion);
      }
    };
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("model", definition.name());
    properties.put("model_version", modelVersion);
    properties.put("source_version", Long.toString(source.version()));
    properties.putAll(extraProperties);
    DatasetInfo written = lake.write(definition.scores(), WriteSource.rows(schema, rows),
        new WriteOptions(WriteMode.OVERWRITE, List.of(), properties));
    return new ScoreReport(definition.scores(), written.version(), written.rows(), positives[0], modelVersion,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
