package dev.takwimu.aws.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.Feature;
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
import dev.takwimu.engine.tribuo.ModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * A model trained by SageMaker's XGBoost and registered as a SageMaker model; it predicts with batch transform jobs.
 * Predicting rows uploads them (encoded as the training export) and runs one transform. Scoring the AWS lake it was
 * trained on exports the source with Athena instead of streaming it through this process; the first score after
 * training reuses the transform training already ran when the source has not changed since.
 */
final class SageMakerModel implements TrainedModel {
  static final int FORMAT = 1;
  /** The entry of a saved SageMaker model file. */
  static final String ENTRY = "sagemaker-model.json";
  /** Rows per uploaded object when predicting rows. */
  static final int OBJECT_ROWS = 100_000;

  /** What a saved SageMaker model file holds. */
  record Saved(
      @JsonProperty("format") int format,
      @JsonProperty("definition") ModelDefinition definition,
      @JsonProperty("provenance") ModelProvenance provenance,
      @JsonProperty("evaluation") ModelEvaluation evaluation,
      @JsonProperty("threshold") double threshold,
      @JsonProperty("categories") Map<String, List<String>> categories,
      @JsonProperty("sageMakerModel") String sageMakerModel,
      @JsonProperty("image") String image,
      @JsonProperty("modelData") String modelData) {}

  /**
   * What training and predicting need besides the model itself.
   *
   * @param runNames a unique job name for a model name (tests fix it to place transform output in advance)
   */
  record Services(AwsSettings settings, LakeStore lake, StatementExecutor athena, SageMakerClient sageMaker,
      TransformOutput output, Function<String, String> runNames) {
    Services(AwsSettings settings, LakeStore lake, StatementExecutor athena, SageMakerClient sageMaker,
        TransformOutput output) {
      this(settings, lake, athena, sageMaker, output, SageMakerJobs::jobName);
    }

    SageMakerJobs jobs(String image) {
      return new SageMakerJobs(sageMaker, settings, image);
    }

    String runName(String model) {
      return runNames.apply(model);
    }
  }

  private final Saved saved;
  private final Services services;
  private final AtomicReference<S3Location> trainingScores;
  private final long trainingVersion;

  SageMakerModel(Saved saved, Services services, S3Location trainingScores, long trainingVersion) {
    this.saved = saved;
    this.services = services;
    this.trainingScores = new AtomicReference<>(trainingScores);
    this.trainingVersion = trainingVersion;
  }

  @Override
  public ModelDefinition definition() {
    return saved.definition();
  }

  @Override
  public ModelProvenance provenance() {
    return saved.provenance();
  }

  @Override
  public ModelEvaluation evaluation() {
    return saved.evaluation();
  }

  Saved saved() {
    return saved;
  }

  @Override
  public List<Prediction> predict(List<Row> rows) {
    try (Stream<Prediction> predictions = predict(rows.stream())) {
      return predictions.toList();
    }
  }

  /**
   * Uploads every row as id-first CSV (objects of {@value #OBJECT_ROWS} rows), runs one batch transform over them and
   * streams its output in input order.
   */
  @Override
  public Stream<Prediction> predict(Stream<Row> rows) {
    ModelDefinition definition = saved.definition();
    String run = services.runName(definition.name());
    S3Location base = runLocation(services.settings(), definition, run);
    long uploaded = 0;
    int objects = 0;
    try (rows) {
      Iterator<Row> each = rows.iterator();
      List<String> lines = new ArrayList<>();
      List<String> checked = null;
      while (each.hasNext()) {
        Row row = each.next();
        if (row.names() != checked) {
          ModelSupport.requirePredictColumns(definition, row.names());
          checked = row.names();
        }
        lines.add(csvLine(row));
        if (lines.size() == OBJECT_ROWS || !each.hasNext()) {
          services.output().write(base.resolve("scoring/"), String.format("part-%05d.csv.gz", objects++), lines);
          uploaded += lines.size();
          lines.clear();
        }
      }
    }
    if (uploaded == 0) {
      return Stream.empty();
    }
    services.jobs(saved.image()).transform(run, saved.sageMakerModel(), base.resolve("scoring/"),
        base.resolve("scores/"));
    return predictions(base.resolve("scores/"), uploaded);
  }

  /** The transform output's lines as predictions; fails at the end when it does not hold {@code expected} rows. */
  private Stream<Prediction> predictions(S3Location scores, long expected) {
    Iterator<TransformOutput.Line> lines = services.output().lines(scores).iterator();
    Iterator<Prediction> predictions = new Iterator<>() {
      private long read;

      @Override
      public boolean hasNext() {
        if (lines.hasNext()) {
          return true;
        }
        if (read != expected) {
          throw new TakwimuException("Cannot predict with model " + saved.definition().name() + ": the batch "
              + "transform wrote " + read + " of " + expected + " rows under " + scores);
        }
        return false;
      }

      @Override
      public Prediction next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        TransformOutput.Line line = lines.next();
        read++;
        return new Prediction(line.id(), line.value(), line.value() >= saved.threshold());
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(predictions, Spliterator.ORDERED), false);
  }

  /** A row as the scoring export writes it: id, each numeric feature (empty when null), 0/1 per top category. */
  private String csvLine(Row row) {
    ModelDefinition definition = saved.definition();
    Object id = row.get(definition.idColumn());
    String text = id == null ? "" : id.toString();
    if (text.indexOf(',') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new InvalidInputException("Cannot predict with model " + definition.name() + " on SageMaker: id '"
          + text + "' contains a comma or line break");
    }
    StringBuilder line = new StringBuilder(text);
    for (Feature feature : definition.features()) {
      Object value = row.get(feature.column());
      if (feature.kind() == Feature.Kind.NUMERIC) {
        line.append(',');
        if (value != null) {
          line.append(number(feature.column(), value));
        }
      } else {
        for (String category : saved.categories().getOrDefault(feature.column(), List.of())) {
          line.append(value != null && category.equals(value.toString()) ? ",1" : ",0");
        }
      }
    }
    return line.toString();
  }

  private double number(String column, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("Cannot predict with model " + saved.definition().name() + ": numeric feature "
          + column + " holds '" + value + "', not a number");
    }
  }

  /**
   * Scores as {@link TrainedModel#score}; on the AWS lake the model belongs to, Athena exports the source and a batch
   * transform scores it (no rows pass through this process).
   */
  @Override
  public ScoreReport score(LakeStore lake) {
    if (lake != services.lake()) {
      return TrainedModel.super.score(lake);
    }
    long start = System.nanoTime();
    ModelDefinition definition = saved.definition();
    DatasetInfo source = ModelSupport.requireSource(lake, definition, false);
    S3Location scores = trainingScores.getAndSet(null);
    if (scores == null || source.version() != trainingVersion) {
      String run = services.runName(definition.name());
      S3Location base = runLocation(services.settings(), definition, run);
      SageMakerExport export = new SageMakerExport(definition, services.settings().database(definition.source().zone()),
          saved.provenance().seed(), saved.provenance().testFraction());
      services.athena().execute(export.scoring(new SageMakerExport.Encoding(saved.categories()), base.resolve("scoring/")));
      services.jobs(saved.image()).transform(run, saved.sageMakerModel(), base.resolve("scoring/"), base.resolve("scores/"));
      scores = base.resolve("scores/");
    }
    return write(scores, source, start);
  }

  /** Commits the transform output under {@code scores} as the definition's scores dataset, in one overwrite. */
  ScoreReport write(S3Location scores, DatasetInfo source, long start) {
    ModelDefinition definition = saved.definition();
    if (services.output().keys(scores).isEmpty()) {
      throw new TakwimuException("Cannot score " + definition.name() + ": the batch transform wrote nothing under "
          + scores + " (scores of " + definition.scores() + " left as they were)");
    }
    Iterator<TransformOutput.Line> lines = services.output().lines(scores).iterator();
    Iterator<Prediction> predictions = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public Prediction next() {
        TransformOutput.Line line = lines.next();
        return new Prediction(line.id(), line.value(), line.value() >= saved.threshold());
      }
    };
    return ModelSupport.writeScores(this, services.lake(), source, predictions, Map.of("scored_from", scores.uri()),
        start);
  }

  @Override
  public void save(Path file) {
    ModelFile.write(file, Map.of(ENTRY, ModelFile.toJson(saved)));
  }

  static SageMakerModel load(Path file, byte[] entry, Services services) {
    Saved saved = ModelFile.fromJson(file, entry, Saved.class);
    if (saved.format() != FORMAT) {
      throw ModelFile.notAModel(file, "format " + saved.format() + "; this version reads format " + FORMAT);
    }
    return new SageMakerModel(saved, services, null, -1);
  }

  /** Where one run's files go: {@code <work>/sagemaker/<model>/<run>/}. */
  static S3Location runLocation(AwsSettings settings, ModelDefinition definition, String run) {
    return settings.work().resolve("sagemaker/" + definition.name() + "/" + run + "/");
  }
}
