package dev.takwimu.aws.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.Schema;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * A model trained by SageMaker's XGBoost and registered as a SageMaker model. {@link #score()} exports the source's
 * current version, runs a batch transform and commits its {@code id,probability} lines as the scores dataset; the
 * first call after training reuses the transform training already ran when the source has not changed since.
 */
final class SageMakerModel implements TrainedModel {
  static final int FORMAT = 1;

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

  /** What scoring needs besides the model itself. */
  record Services(AwsSettings settings, LakeStore lake, StatementExecutor athena, SageMakerClient sageMaker,
      TransformOutput output) {
    SageMakerJobs jobs(String image) {
      return new SageMakerJobs(sageMaker, settings, image);
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
  public ScoreReport score() {
    long start = System.nanoTime();
    ModelDefinition definition = saved.definition();
    DatasetInfo source = ModelSource.require(services.lake(), definition);
    S3Location scores = trainingScores.getAndSet(null);
    if (scores == null || source.version() != trainingVersion) {
      String run = SageMakerJobs.jobName(definition.name());
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
    String modelVersion = saved.provenance().modelVersion();
    Schema schema = Schema.of(Column.of(definition.idColumn(), DataType.STRING),
        Column.of("probability", DataType.DOUBLE), Column.of("label", DataType.BOOLEAN),
        Column.of("model_version", DataType.STRING));
    if (services.output().keys(scores).isEmpty()) {
      throw new TakwimuException("Cannot score " + definition.name() + ": the batch transform wrote nothing under "
          + scores + " (scores of " + definition.scores() + " left as they were)");
    }
    long[] positives = {0};
    Iterable<TransformOutput.Line> lines = services.output().lines(scores);
    Iterable<List<Object>> rows = () -> new Iterator<>() {
      private final Iterator<TransformOutput.Line> each = lines.iterator();

      @Override
      public boolean hasNext() {
        return each.hasNext();
      }

      @Override
      public List<Object> next() {
        TransformOutput.Line line = each.next();
        boolean label = line.value() >= saved.threshold();
        if (label) {
          positives[0]++;
        }
        return List.of(line.id(), line.value(), label, modelVersion);
      }
    };
    DatasetInfo written = services.lake().write(definition.scores(), WriteSource.rows(schema, rows), new WriteOptions(
        WriteMode.OVERWRITE, List.of(), Map.of("model", definition.name(), "model_version", modelVersion,
            "source_version", Long.toString(source.version()), "scored_from", scores.uri())));
    return new ScoreReport(definition.scores(), written.version(), written.rows(), positives[0], modelVersion,
        Duration.ofNanos(System.nanoTime() - start));
  }

  @Override
  public void save(Path file) {
    try {
      ModelFiles.writeAtomically(file, ModelFiles.zip(Map.of(ModelFiles.SAGEMAKER_ENTRY,
          ModelFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(saved))));
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot save model to %s: %s", file, e.getMessage());
    }
  }

  static SageMakerModel load(Path file, byte[] entry, Services services) {
    Saved saved;
    try {
      saved = ModelFiles.JSON.readValue(entry, Saved.class);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot load model " + file + ": not a Takwimu model file ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (saved.format() != FORMAT) {
      throw new InvalidInputException("Cannot load model " + file + ": not a Takwimu model file (format "
          + saved.format() + "; this version reads format " + FORMAT + ")");
    }
    return new SageMakerModel(saved, services, null, -1);
  }

  /** Where one run's files go: {@code <work>/sagemaker/<model>/<run>/}. */
  static S3Location runLocation(AwsSettings settings, ModelDefinition definition, String run) {
    return settings.work().resolve("sagemaker/" + definition.name() + "/" + run + "/");
  }
}
