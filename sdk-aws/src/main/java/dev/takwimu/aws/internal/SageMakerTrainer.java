package dev.takwimu.aws.internal;

import dev.takwimu.aws.S3Location;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.spi.ModelSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains with SageMaker's built-in XGBoost: Athena exports the features to S3, a training job learns, a batch transform
 * scores every row, and the hold-out rows' scores give the evaluation. Feature importance is not reported: it is inside
 * the model artifact, which Takwimu does not unpack.
 */
final class SageMakerTrainer {
  private final SageMakerModel.Services services;
  private final String image;

  SageMakerTrainer(SageMakerModel.Services services, String image) {
    this.services = services;
    this.image = image;
  }

  SageMakerModel train(ModelDefinition definition, TrainingOptions options) {
    if (options.algorithm() != Algorithm.GRADIENT_BOOSTED_TREES) {
      throw new InvalidInputException("SageMaker training supports " + Algorithm.GRADIENT_BOOSTED_TREES.id()
          + " only; train " + options.algorithm().id() + " with model training LOCAL");
    }
    Map<String, String> parameters = XgboostParameters.effective(options);
    SageMakerJobs jobs = services.jobs(image);
    DatasetInfo source = ModelSupport.requireSource(services.lake(), definition, true);
    SageMakerExport export = new SageMakerExport(definition,
        services.settings().database(definition.source().zone()), options.seed(), options.testFraction());

    List<Object> counts = services.athena().execute(export.counts()).rows().get(0);
    long total = number(counts.get(0));
    long positives = number(counts.get(1));
    long testRows = number(counts.get(2));
    long testPositives = number(counts.get(3));
    if (positives < ModelSupport.MIN_ROWS_PER_CLASS || total - positives < ModelSupport.MIN_ROWS_PER_CLASS) {
      throw new NotEnoughDataException("Cannot train " + definition.name() + " on " + definition.source() + ": "
          + positives + " positive and " + (total - positives) + " negative rows (label: " + definition.label()
          + "); need at least " + ModelSupport.MIN_ROWS_PER_CLASS + " of each");
    }
    if (testPositives == 0 || testPositives == testRows) {
      throw new NotEnoughDataException("Cannot evaluate " + definition.name() + ": the hold-out (" + testRows
          + " rows, seed " + options.seed() + ") holds only one class; use more data or a larger test fraction");
    }
    SageMakerExport.Encoding encoding = categories(export);

    String run = services.runName(definition.name());
    S3Location base = SageMakerModel.runLocation(services.settings(), definition, run);
    services.athena().execute(export.training(encoding, false, base.resolve("train/")));
    services.athena().execute(export.training(encoding, true, base.resolve("validation/")));
    services.athena().execute(export.holdOutLabels(base.resolve("holdout/")));
    services.athena().execute(export.scoring(encoding, base.resolve("scoring/")));

    long seed = options.seed();
    String artifact = jobs.train(run, XgboostParameters.hyperparameters(parameters, seed), base.resolve("train/"),
        base.resolve("validation/"), base.resolve("output/"));
    jobs.createModel(run, artifact);
    jobs.transform(run, run, base.resolve("scoring/"), base.resolve("scores/"));

    double threshold = XgboostParameters.threshold(parameters);
    ModelEvaluation evaluation = evaluate(base, threshold, total);
    Map<String, String> recorded = new LinkedHashMap<>(parameters);
    recorded.put("sagemaker.training-job", run);
    recorded.put("sagemaker.image", jobs.image());
    recorded.put("sagemaker.instance-type", services.settings().sageMakerInstanceType());
    recorded.put("sagemaker.model-data", artifact);
    String modelVersion = definition.name() + "-" + Algorithm.GRADIENT_BOOSTED_TREES.id() + "-" + fingerprint(run, artifact);
    ModelProvenance provenance = new ModelProvenance(modelVersion, definition.name(),
        Algorithm.GRADIENT_BOOSTED_TREES.id(), definition.source(), source.version(), total, Instant.now(), seed,
        options.testFraction(), recorded, definition.featureColumns(), encoding.encodedNames(definition));
    SageMakerModel.Saved saved = new SageMakerModel.Saved(SageMakerModel.FORMAT, definition, provenance, evaluation,
        threshold, encoding.categories(), run, jobs.image(), artifact);
    return new SageMakerModel(saved, services, base.resolve("scores/"), source.version());
  }

  /** The most frequent values of each categorical feature, sorted. */
  private SageMakerExport.Encoding categories(SageMakerExport export) {
    Map<String, List<String>> categories = new TreeMap<>();
    AthenaStatement statement = export.topCategories();
    if (statement != null) {
      for (List<Object> row : services.athena().execute(statement).rows()) {
        categories.computeIfAbsent((String) row.get(0), k -> new ArrayList<>()).add((String) row.get(1));
      }
    }
    categories.values().forEach(values -> values.sort(null));
    return new SageMakerExport.Encoding(categories);
  }

  /** Hold-out metrics from the exported hold-out labels and the transform's probabilities, rows ordered by id. */
  ModelEvaluation evaluate(S3Location base, double threshold, long totalRows) {
    Map<String, Boolean> labels = new HashMap<>();
    services.output().forEach(base.resolve("holdout/"), (id, label) -> labels.put(id, label >= 0.5));
    TreeMap<String, Double> probabilities = new TreeMap<>();
    services.output().forEach(base.resolve("scores/"), (id, probability) -> {
      if (labels.containsKey(id)) {
        probabilities.put(id, probability);
      }
    });
    if (labels.isEmpty() || probabilities.size() != labels.size()) {
      throw new TakwimuException("Cannot evaluate: the transform output under " + base.resolve("scores/") + " scores "
          + probabilities.size() + " of the " + labels.size() + " hold-out rows under " + base.resolve("holdout/"));
    }
    boolean[] actual = new boolean[probabilities.size()];
    double[] predicted = new double[probabilities.size()];
    int i = 0;
    for (Map.Entry<String, Double> entry : probabilities.entrySet()) {
      actual[i] = labels.get(entry.getKey());
      predicted[i++] = entry.getValue();
    }
    return ModelEvaluation.of(actual, predicted, threshold, List.of(), totalRows - actual.length);
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
  }

  /** First 12 hex digits of the SHA-256 of the training job and its artifact. */
  private static String fingerprint(String run, String artifact) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((run + "\n" + artifact).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
