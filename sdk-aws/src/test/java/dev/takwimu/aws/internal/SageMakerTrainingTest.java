package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.AwsTestBackends;
import dev.takwimu.aws.ModelFeatures;
import dev.takwimu.aws.ModelTraining;
import dev.takwimu.aws.PolicyCoverage;
import dev.takwimu.aws.S3Location;
import dev.takwimu.aws.testing.LocalMotoServer;
import dev.takwimu.aws.testing.PermissionRecorder;
import dev.takwimu.core.Algorithm;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelEvaluation;
import dev.takwimu.core.ModelProvenance;
import dev.takwimu.core.NotEnoughDataException;
import dev.takwimu.core.Prediction;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.ScoreReport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.sagemaker.model.DataProcessing;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.JoinSource;

/**
 * SAGEMAKER training against moto: the Athena statements and SageMaker requests as the emulator records them, and
 * scores and hold-out metrics from transform output placed in S3 as SageMaker writes it. The emulator runs no SQL and
 * no job, so nothing here shows that Athena accepts the statements or that the XGBoost container accepts the data.
 */
class SageMakerTrainingTest {
  private static final String REGION = "eu-west-1";
  private static final String ROLE = "arn:aws:iam::123456789012:role/takwimu-sagemaker";
  private static final String KMS = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String IMAGE = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1";
  private static final int CUSTOMERS = 400;
  private static LocalMotoServer moto;

  @TempDir
  Path work;
  private AwsSettings settings;
  private AwsClients clients;
  private final PermissionRecorder recorder = new PermissionRecorder();
  private SageMakerClient sageMaker;
  private AwsBackend lakeBackend;
  private AwsLakeStore lake;
  private List<Row> featureRows;
  private AwsModelTrainer trainer;
  private Map<String, Boolean> churned;

  @BeforeAll
  static void startMoto() throws Exception {
    // The emulator accepts any credentials; the SDK's default chain reads these.
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    moto = LocalMotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void openEnvironment() throws Exception {
    moto.reset();
    settings = settings(REGION, null);
    sageMaker = moto.configure(SageMakerClient.builder(), recorder).region(Region.of(REGION)).build();
    clients = new AwsClients(settings, null, null, null, sageMaker);
    clients.s3().createBucket(r -> r.bucket("tk-lake"));
    // The lake is an AWS backend on the shared emulator and Trino; SageMaker and the recording Athena are this moto.
    lakeBackend = AwsTestBackends.open(work.resolve("lake"));
    lake = (AwsLakeStore) lakeBackend.lake();
    churned = writeFeatures(lake);
    trainer = trainer(settings);
  }

  @AfterEach
  void closeEnvironment() {
    clients.close();
    sageMaker.close();
    lakeBackend.close();
  }

  private AwsSettings settings(String region, String image) {
    return AwsBackend.builder().lake("s3://tk-lake/takwimu").region(region).endpoint(moto.endpoint())
        .modelTraining(ModelTraining.SAGEMAKER).sageMakerRole(ROLE).kmsKeyId(KMS).xgboostImage(image).settings();
  }

  private AwsModelTrainer trainer(AwsSettings with) {
    return new AwsModelTrainer(with, clients, new MotoAthena(clients.athena(), with.workgroup()), lake);
  }

  @Test
  void trainingExportsThroughAthenaAndRunsTheXgboostJobs() throws Exception {
    long positives = churned.values().stream().filter(b -> b).count();
    moto.queueAthenaResults(REGION, "[" + counts(CUSTOMERS, positives, 80, 16) + ", " + categories() + "]");

    // The emulator completes the jobs without writing anything, so evaluation finds no transform output.
    assertThatThrownBy(() -> trainer.train(ChurnModel.DEFINITION, TrainingOptions.of(Algorithm.GRADIENT_BOOSTED_TREES)))
        .isInstanceOf(TakwimuException.class).hasMessageContaining("Cannot evaluate")
        .hasMessageContaining("scores 0 of the 0 hold-out rows");
    assertThat(recorder.actions()).contains("sagemaker:CreateTrainingJob", "sagemaker:CreateModel",
        "sagemaker:CreateTransformJob", "iam:PassRole");
    assertThat(PolicyCoverage.uncovered(AwsPermissions.policy(settings, LocalMotoServer.ACCOUNT), recorder.calls()))
        .as("SageMaker calls outside the policy").isEmpty();

    List<String> jobs = clients.sageMaker().listTrainingJobs(r -> r.maxResults(10)).trainingJobSummaries().stream()
        .map(s -> s.trainingJobName()).toList();
    assertThat(jobs).hasSize(1);
    String job = jobs.get(0);
    assertThat(job).matches("tk-churn-\\d{14}-[0-9a-z]{6}").hasSizeLessThanOrEqualTo(63);
    String base = "s3://tk-lake/takwimu/raw/_takwimu/sagemaker/churn/" + job + "/";

    DescribeTrainingJobResponse training = clients.sageMaker().describeTrainingJob(r -> r.trainingJobName(job));
    assertThat(training.algorithmSpecification().trainingImage()).isEqualTo(IMAGE);
    assertThat(training.algorithmSpecification().trainingInputModeAsString()).isEqualTo("File");
    assertThat(training.hyperParameters()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("objective", "binary:logistic"), Map.entry("eval_metric", "auc"), Map.entry("tree_method", "hist"),
        Map.entry("seed", "42"), Map.entry("num_round", "100"), Map.entry("eta", "0.15"), Map.entry("max_depth", "4"),
        Map.entry("min_child_weight", "10"), Map.entry("subsample", "0.8"), Map.entry("colsample_bytree", "0.8"),
        Map.entry("lambda", "1.0"), Map.entry("alpha", "0.0")));
    assertThat(training.inputDataConfig()).hasSize(2);
    assertThat(training.inputDataConfig().get(0).channelName()).isEqualTo("train");
    assertThat(training.inputDataConfig().get(0).dataSource().s3DataSource().s3Uri()).isEqualTo(base + "train/");
    assertThat(training.inputDataConfig().get(1).channelName()).isEqualTo("validation");
    assertThat(training.inputDataConfig().get(1).dataSource().s3DataSource().s3Uri()).isEqualTo(base + "validation/");
    // Parquet in File mode: SageMaker decompresses a channel only in Pipe mode, and Athena's text is gzip
    assertThat(training.inputDataConfig()).allSatisfy(c -> {
      assertThat(c.contentType()).isEqualTo("application/x-parquet");
      assertThat(c.compressionType()).isNull();
    });
    assertThat(training.outputDataConfig().s3OutputPath()).isEqualTo(base + "output/");
    assertThat(training.outputDataConfig().kmsKeyId()).isEqualTo(KMS);
    assertThat(training.roleArn()).isEqualTo(ROLE);
    assertThat(training.resourceConfig().instanceTypeAsString()).isEqualTo("ml.m5.xlarge");
    assertThat(training.resourceConfig().instanceCount()).isEqualTo(1);
    assertThat(training.resourceConfig().volumeKmsKeyId()).isEqualTo(KMS);
    assertThat(training.stoppingCondition().maxRuntimeInSeconds()).isEqualTo(4 * 3600);

    DescribeModelResponse model = clients.sageMaker().describeModel(r -> r.modelName(job));
    assertThat(model.primaryContainer().image()).isEqualTo(IMAGE);
    assertThat(model.primaryContainer().modelDataUrl()).isEqualTo(training.modelArtifacts().s3ModelArtifacts())
        .isEqualTo(base + "output/" + job + "/output/model.tar.gz");
    assertThat(model.executionRoleArn()).isEqualTo(ROLE);

    DescribeTransformJobResponse transform = clients.sageMaker().describeTransformJob(r -> r.transformJobName(job));
    assertThat(transform.modelName()).isEqualTo(job);
    assertThat(transform.transformInput().dataSource().s3DataSource().s3Uri()).isEqualTo(base + "scoring/");
    assertThat(transform.transformInput().contentType()).isEqualTo("text/csv");
    assertThat(transform.transformInput().splitTypeAsString()).isEqualTo("Line");
    assertThat(transform.transformInput().compressionTypeAsString()).isEqualTo("Gzip");
    assertThat(transform.transformOutput().s3OutputPath()).isEqualTo(base + "scores/");
    assertThat(transform.transformOutput().assembleWithAsString()).isEqualTo("Line");
    assertThat(transform.dataProcessing()).isEqualTo(DataProcessing.builder().inputFilter("$[1:]")
        .joinSource(JoinSource.INPUT).outputFilter("$[0,-1]").build());
    assertThat(transform.transformResources().instanceTypeAsString()).isEqualTo("ml.m5.xlarge");

    List<QueryExecution> statements = athenaStatements();
    assertThat(statements).hasSize(6);
    assertThat(statements).allSatisfy(s -> assertThat(s.queryExecutionContext().database()).isEqualTo("takwimu_cleaned"));
    // values written in as literals: Athena binds no parameter in select lists, CASE or count_if
    String holdOut = "(bitwise_and(from_big_endian_64(xxhash64(to_utf8(concat(CAST(\"customer_id\" AS varchar),"
        + " '42')))), 9223372036854775807) % 1000000 < BIGINT '200000')";
    String table = "\"takwimu_cleaned\".\"customer_features\"";
    String firstNumber = ChurnModel.DEFINITION.features().stream()
        .filter(f -> f.kind() == dev.takwimu.core.Feature.Kind.NUMERIC).toList().get(0).column();
    String numbers = "coalesce(CAST(CAST(\"" + firstNumber + "\" AS double) AS varchar), '')";
    // training rows as Parquet (nulls kept), the hold-out labels and scoring rows as text, which Athena gzips
    String parquet = " WITH (format = 'PARQUET')";
    String with = " WITH (format = 'TEXTFILE', field_delimiter = ',')";

    QueryExecution counts = statement(statements, "SELECT count(*)");
    assertThat(counts.query()).isEqualTo("SELECT count(*) AS total, count_if((status = 'Inactive')) AS positives,"
        + " count_if(" + holdOut + ") AS test_rows, count_if(((status = 'Inactive')) AND " + holdOut + ")"
        + " AS test_positives FROM " + table);
    assertThat(counts.executionParameters()).isEmpty();
    assertThat(statement(statements, "SELECT feature").query())
        .contains("SELECT 'county' AS feature, CAST(\"county\" AS varchar) AS value, row_number() OVER (ORDER BY"
            + " count(*) DESC, CAST(\"county\" AS varchar)) AS position FROM " + table + " WHERE \"county\" IS NOT NULL AND NOT "
            + holdOut)
        .contains(" UNION ALL SELECT feature, value FROM (SELECT 'most_used_channel' AS feature,"
            + " CAST(\"most_used_channel\" AS varchar)")
        .contains("WHERE position <= 200");

    QueryExecution train = statement(statements, "UNLOAD (SELECT CASE WHEN (status = 'Inactive') THEN 1 ELSE 0 END, "
        + "CAST(\"" + firstNumber + "\" AS double), ", "/train/");
    // One 0/1 column per category found by the first query, in sorted order.
    assertThat(train.query()).endsWith(" FROM " + table + " WHERE NOT " + holdOut + ") TO '" + base + "train/'"
        + parquet)
        .contains(", CASE WHEN CAST(\"county\" AS varchar) = 'Kisumu' THEN 1 ELSE 0 END, CASE WHEN CAST(\"county\""
            + " AS varchar) = 'Mombasa' THEN 1 ELSE 0 END, CASE WHEN CAST(\"county\" AS varchar) = 'Nairobi' THEN 1")
        .contains(", CASE WHEN CAST(\"most_used_channel\" AS varchar) = 'Agent' THEN 1 ELSE 0 END")
        .doesNotContain("coalesce");
    assertThat(statements).allSatisfy(s -> assertThat(s.executionParameters()).isEmpty());
    assertThat(statement(statements, "UNLOAD (SELECT CASE WHEN (status = 'Inactive') THEN 1 ELSE 0 END, ", "/validation/")
        .query()).endsWith(" WHERE " + holdOut + ") TO '" + base + "validation/'" + parquet);
    assertThat(statement(statements, "UNLOAD (SELECT CAST(\"customer_id\" AS varchar), CASE WHEN").query())
        .isEqualTo("UNLOAD (SELECT CAST(\"customer_id\" AS varchar), CASE WHEN (status = 'Inactive') THEN 1 ELSE 0"
            + " END FROM " + table + " WHERE " + holdOut + ") TO '" + base + "holdout/'" + with);
    QueryExecution scoring = statement(statements, "UNLOAD (SELECT CAST(\"customer_id\" AS varchar), coalesce(");
    assertThat(scoring.query()).endsWith(" FROM " + table + ") TO '" + base + "scoring/'" + with)
        .doesNotContain("status").doesNotContain("xxhash64");
  }

  @Test
  void scoresAndHoldOutMetricsComeFromTheTransformOutput() throws Exception {
    // What the jobs of a run write: the hold-out export (id,label) and the transform output (id,probability) of the
    // scoring export's objects, named <input object>.out.
    String run = "tk-churn-20260101000000-abc123";
    S3Location base = SageMakerModel.runLocation(settings, ChurnModel.DEFINITION, run);
    Random random = new Random(5);
    TreeMap<String, Double> probability = new TreeMap<>();
    churned.forEach((id, churn) -> probability.put(id,
        Math.min(1, Math.max(0, (churn ? 0.55 : 0.3) + 0.25 * random.nextGaussian()))));
    List<String> ids = new ArrayList<>(probability.keySet());
    List<String> holdOut = ids.stream().filter(id -> Integer.parseInt(id.substring(1)) % 5 == 0).toList();
    // the hold-out export as Athena writes TEXTFILE: gzip, <query id>_<uuid>.gz
    putGzip(base.resolve("holdout/"), "20260101_000000_00007_abcde_0b0e5e5c-3c3e-4a8e-9d55-1f0f6a2b7c11.gz",
        holdOut.subList(0, 40).stream().map(id -> id + "," + (churned.get(id) ? 1 : 0)).toList());
    putGzip(base.resolve("holdout/"), "20260101_000000_00007_abcde_6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f.gz",
        holdOut.subList(40, holdOut.size()).stream().map(id -> id + "," + (churned.get(id) ? 1 : 0)).toList());
    put(base.resolve("scores/"), "20260101_000000_00009_fghij_0b0e5e5c-3c3e-4a8e-9d55-1f0f6a2b7c11.gz.out",
        ids.subList(0, 150).stream()
        .map(id -> id + "," + probability.get(id)).toList());
    put(base.resolve("scores/"), "20260101_000000_00009_fghij_6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f.gz.out",
        ids.subList(150, ids.size()).stream()
        .map(id -> id + "," + probability.get(id)).toList());

    SageMakerModel.Services services = new SageMakerModel.Services(settings, lake,
        new MotoAthena(clients.athena(), settings.workgroup()), clients.sageMaker(),
        new TransformOutput(clients.s3(), settings));
    ModelEvaluation evaluation = new SageMakerTrainer(services, IMAGE).evaluate(base, 0.5, CUSTOMERS);

    boolean[] actual = new boolean[holdOut.size()];
    double[] predicted = new double[holdOut.size()];
    for (int i = 0; i < holdOut.size(); i++) {
      actual[i] = churned.get(holdOut.get(i));
      predicted[i] = probability.get(holdOut.get(i));
    }
    assertThat(evaluation).isEqualTo(ModelEvaluation.of(actual, predicted, 0.5, List.of(), CUSTOMERS - holdOut.size()));
    assertThat(evaluation.testRows()).isEqualTo(80);
    assertThat(evaluation.auc()).isGreaterThan(0.6);
    assertThat(evaluation.featureImportance()).isEmpty();

    long sourceVersion = lake.describe(SafaricomPipeline.CUSTOMER_FEATURES).orElseThrow().version();
    ModelProvenance provenance = new ModelProvenance("churn-xgboost-0123456789ab", "churn", "xgboost",
        SafaricomPipeline.CUSTOMER_FEATURES, sourceVersion, CUSTOMERS, Instant.parse("2026-01-01T00:00:00Z"), 42, 0.2,
        Map.of("threshold", "0.5", "sagemaker.training-job", run), ChurnModel.DEFINITION.featureColumns(), List.of());
    SageMakerModel model = new SageMakerModel(new SageMakerModel.Saved(SageMakerModel.FORMAT, ChurnModel.DEFINITION,
        provenance, evaluation, 0.5, Map.of("county", List.of("Kisumu", "Nairobi")), run, IMAGE,
        base.uri() + "output/" + run + "/output/model.tar.gz"), services, base.resolve("scores/"), sourceVersion);

    ScoreReport report = model.score(lake);
    // The transform training ran is reused: no new export, no new transform.
    assertThat(athenaStatements()).isEmpty();
    assertThat(clients.sageMaker().listTransformJobs(r -> r.maxResults(10)).transformJobSummaries()).isEmpty();
    assertThat(report.output()).isEqualTo(ChurnModel.SCORES);
    assertThat(report.rows()).isEqualTo(CUSTOMERS);
    assertThat(report.positives()).isEqualTo(probability.values().stream().filter(p -> p >= 0.5).count());
    assertThat(lake.describe(ChurnModel.SCORES).orElseThrow().version()).isEqualTo(report.version());
    assertThat(lake.describe(ChurnModel.SCORES).orElseThrow().properties())
        .containsEntry("model_version", "churn-xgboost-0123456789ab")
        .containsEntry("source_version", Long.toString(sourceVersion));
    try (Stream<Row> rows = lake.stream(ChurnModel.SCORES)) {
      List<Row> scores = rows.toList();
      assertThat(scores).hasSize(CUSTOMERS);
      assertThat(scores.get(0).names()).containsExactly("customer_id", "probability", "label", "model_version");
      assertThat(scores).allSatisfy(row -> {
        assertThat(row.getDouble("probability")).isEqualTo(probability.get(row.getString("customer_id")));
        assertThat(row.getBoolean("label")).isEqualTo(row.getDouble("probability") >= 0.5);
        assertThat(row.getString("model_version")).isEqualTo("churn-xgboost-0123456789ab");
      });
    }

    // Saved and loaded, the model scores with a new export and a transform of the same SageMaker model; the emulator
    // writes no output, and the previous scores stay.
    Path file = work.resolve("models/churn.model");
    model.save(file);
    TrainedModel loaded = trainer.load(file);
    assertThat(loaded.provenance()).isEqualTo(provenance);
    assertThat(loaded.evaluation()).isEqualTo(evaluation);
    assertThat(loaded.definition()).isEqualTo(ChurnModel.DEFINITION);
    assertThatThrownBy(() -> loaded.score(lake)).isInstanceOf(TakwimuException.class)
        .hasMessageContaining("the batch transform wrote nothing under").hasMessageContaining("left as they were");
    String job = clients.sageMaker().listTransformJobs(r -> r.maxResults(10)).transformJobSummaries().get(0)
        .transformJobName();
    assertThat(clients.sageMaker().describeTransformJob(r -> r.transformJobName(job)).modelName()).isEqualTo(run);
    assertThat(athenaStatements()).singleElement().satisfies(s -> assertThat(s.query())
        .startsWith("UNLOAD (SELECT CAST(\"customer_id\" AS varchar), coalesce(")
        .contains("/sagemaker/churn/" + job + "/scoring/"));
    assertThat(lake.describe(ChurnModel.SCORES).orElseThrow().version()).isEqualTo(report.version());
  }

  @Test
  void predictsRowsWithOneTransformOfTheRowsUploadedAsTheExportEncodesThem() throws Exception {
    String run = "tk-churn-20260102000000-def456";
    SageMakerModel.Services services = new SageMakerModel.Services(settings, lake,
        new MotoAthena(clients.athena(), settings.workgroup()), clients.sageMaker(),
        new TransformOutput(clients.s3(), settings), model -> run);
    S3Location base = SageMakerModel.runLocation(settings, ChurnModel.DEFINITION, run);
    ModelProvenance provenance = new ModelProvenance("churn-xgboost-0123456789ab", "churn", "xgboost",
        SafaricomPipeline.CUSTOMER_FEATURES, 1, CUSTOMERS, Instant.parse("2026-01-01T00:00:00Z"), 42, 0.2,
        Map.of("threshold", "0.5"), ChurnModel.DEFINITION.featureColumns(), List.of());
    SageMakerModel model = new SageMakerModel(new SageMakerModel.Saved(SageMakerModel.FORMAT, ChurnModel.DEFINITION,
        provenance, ModelEvaluation.of(new boolean[] {true, false}, new double[] {0.9, 0.1}, 0.5, List.of(), 0), 0.5,
        Map.of("county", List.of("Kisumu", "Nairobi")), run, IMAGE, base.uri() + "output/model.tar.gz"), services, null,
        -1);

    List<Row> rows = featureRows.subList(0, 50);
    // What the transform job writes for the one uploaded object: id,probability per input line, in order.
    Random random = new Random(8);
    List<Double> probabilities = rows.stream().map(r -> random.nextDouble()).toList();
    List<String> output = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      output.add(rows.get(i).getString("customer_id") + "," + probabilities.get(i));
    }
    put(base.resolve("scores/"), "part-00000.csv.gz.out", output);

    List<Prediction> predictions = model.predict(rows);
    assertThat(predictions).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(predictions.get(i)).isEqualTo(new Prediction(rows.get(i).getString("customer_id"),
          probabilities.get(i), probabilities.get(i) >= 0.5));
    }
    DescribeTransformJobResponse transform = clients.sageMaker().describeTransformJob(r -> r.transformJobName(run));
    assertThat(transform.modelName()).isEqualTo(run);
    assertThat(transform.transformInput().dataSource().s3DataSource().s3Uri()).isEqualTo(base.uri() + "scoring/");
    assertThat(transform.transformOutput().s3OutputPath()).isEqualTo(base.uri() + "scores/");
    assertThat(athenaStatements()).isEmpty();

    // Uploaded as the scoring export writes rows: gzip, id, numbers (empty for null), one 0/1 per kept category.
    byte[] gzipped = clients.s3().getObjectAsBytes(r -> r.bucket(base.bucket())
        .key(base.resolve("scoring/").key("part-00000.csv.gz"))).asByteArray();
    List<String> uploaded;
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
      uploaded = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(uploaded).hasSize(rows.size());
    Row first = rows.get(0);
    StringBuilder expected = new StringBuilder(first.getString("customer_id"));
    for (dev.takwimu.core.Feature feature : ChurnModel.DEFINITION.features()) {
      Object value = first.get(feature.column());
      if (feature.kind() == dev.takwimu.core.Feature.Kind.NUMERIC) {
        expected.append(',').append(value == null ? "" : Double.toString(((Number) value).doubleValue()));
      } else if (feature.column().equals("county")) {
        expected.append(value.equals("Kisumu") ? ",1" : ",0").append(value.equals("Nairobi") ? ",1" : ",0");
      }
    }
    assertThat(uploaded.get(0)).isEqualTo(expected.toString());

    Row partial = Row.layout(List.of("customer_id", "county")).row("C1", "Nairobi");
    assertThatThrownBy(() -> model.predict(List.of(partial))).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot predict with model churn: column total_txn_amount missing");
  }

  @Test
  void unusableSettingsAndDataGiveOneLineErrors() throws Exception {
    TrainingOptions xgboost = TrainingOptions.of(Algorithm.GRADIENT_BOOSTED_TREES);
    assertThatThrownBy(() -> trainer.train(ChurnModel.DEFINITION, TrainingOptions.of(Algorithm.LOGISTIC_REGRESSION)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("supports xgboost only")
        .hasMessageContaining("LOCAL");
    assertThat(trainer.algorithms()).containsExactly(Algorithm.GRADIENT_BOOSTED_TREES);
    assertThatThrownBy(() -> trainer.train(ChurnModel.DEFINITION, xgboost.withParameters(Map.of("epochs", "3"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown parameter 'epochs'");
    assertThatThrownBy(() -> trainer.train(ChurnModel.DEFINITION, xgboost.withParameters(Map.of("eta", "fast"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Parameter eta of xgboost must be a number");
    assertThatThrownBy(() -> trainer(settings("xx-mars-1", null)).train(ChurnModel.DEFINITION, xgboost))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("No default SageMaker XGBoost image for region xx-mars-1");
    assertThatThrownBy(() -> AwsBackend.builder().lake("s3://tk-lake/takwimu").modelTraining(ModelTraining.SAGEMAKER)
        .settings()).isInstanceOf(InvalidInputException.class).hasMessageContaining("execution role");

    moto.queueAthenaResults(REGION, "[" + counts(CUSTOMERS, 5, 80, 1) + "]");
    assertThatThrownBy(() -> trainer.train(ChurnModel.DEFINITION, xgboost))
        .isInstanceOf(NotEnoughDataException.class).hasMessageContaining("5 positive and 395 negative rows");
    assertThat(clients.sageMaker().listTrainingJobs(r -> r.maxResults(10)).trainingJobSummaries()).isEmpty();

    Set<String> names = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String name = SageMakerJobs.jobName("a-very-long-model-name-that-goes-on-and-on-and-on-forever");
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
      names.add(name);
    }
    assertThat(names).hasSize(50);
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private List<QueryExecution> athenaStatements() {
    List<String> ids = clients.athena().listQueryExecutions(r -> r.workGroup(settings.workgroup())).queryExecutionIds();
    return ids.stream().map(id -> clients.athena().getQueryExecution(r -> r.queryExecutionId(id)).queryExecution())
        .toList();
  }

  private static QueryExecution statement(List<QueryExecution> statements, String start, String... containing) {
    List<QueryExecution> found = statements.stream().filter(s -> s.query().startsWith(start))
        .filter(s -> Arrays.stream(containing).allMatch(s.query()::contains)).toList();
    assertThat(found).as("statements starting with %s", start).hasSize(1);
    return found.get(0);
  }

  private void putGzip(S3Location prefix, String name, List<String> lines) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write(lines.stream().collect(Collectors.joining("\n", "", "\n")).getBytes(StandardCharsets.UTF_8));
    }
    clients.s3().putObject(r -> r.bucket(prefix.bucket()).key(prefix.key(name)),
        RequestBody.fromBytes(bytes.toByteArray()));
  }

  private void put(S3Location prefix, String name, List<String> lines) {
    clients.s3().putObject(r -> r.bucket(prefix.bucket()).key(prefix.key(name)),
        RequestBody.fromString(lines.stream().collect(Collectors.joining("\n", "", "\n"))));
  }

  /** moto's queued Athena result: a header row and one row of class counts. */
  private static String counts(long total, long positives, long testRows, long testPositives) {
    return "{\"rows\": [" + row("total", "positives", "test_rows", "test_positives") + ", "
        + row(total, positives, testRows, testPositives) + "], \"column_info\": ["
        + Stream.of("total", "positives", "test_rows", "test_positives").map(n -> column(n, "bigint"))
            .collect(Collectors.joining(", ")) + "]}";
  }

  private static String categories() {
    return "{\"rows\": [" + String.join(", ", row("feature", "value"), row("county", "Nairobi"),
        row("county", "Mombasa"), row("county", "Kisumu"), row("most_used_channel", "USSD"),
        row("most_used_channel", "M-PESA App"), row("most_used_channel", "Agent")) + "], \"column_info\": ["
        + column("feature", "varchar") + ", " + column("value", "varchar") + "]}";
  }

  private static String row(Object... values) {
    return "{\"Data\": [" + Arrays.stream(values).map(v -> "{\"VarCharValue\": \"" + v + "\"}")
        .collect(Collectors.joining(", ")) + "]}";
  }

  private static String column(String name, String type) {
    return "{\"CatalogName\": \"AwsDataCatalog\", \"SchemaName\": \"\", \"TableName\": \"\", \"Name\": \"" + name
        + "\", \"Label\": \"" + name + "\", \"Type\": \"" + type + "\", \"Precision\": 19, \"Scale\": 0,"
        + " \"Nullable\": \"UNKNOWN\", \"CaseSensitive\": false}";
  }

  /** A small cleaned/customer_features with every column the churn model reads; returns who churned. */
  private Map<String, Boolean> writeFeatures(LakeStore lake) {
    Random random = new Random(17);
    List<String> counties = List.of("Nairobi", "Mombasa", "Kisumu");
    List<String> channels = List.of("USSD", "M-PESA App", "Agent");
    Map<String, Boolean> churned = new TreeMap<>();
    List<List<?>> rows = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String id = String.format("C%05d", i);
      boolean inactive = random.nextDouble() < 0.3;
      churned.put(id, inactive);
      long txns = random.nextInt(40);
      rows.add(Arrays.asList(id, inactive ? "Inactive" : "Active", counties.get(random.nextInt(3)),
          txns == 0 ? null : channels.get(random.nextInt(3)), 500.0 * txns, txns == 0 ? null : 500.0, txns,
          (long) random.nextInt(3), txns == 0 ? null : (long) random.nextInt(60), (long) random.nextInt(5),
          1500.0 * random.nextInt(5), 1000.0, 0.5, (long) random.nextInt(2), 200L + random.nextInt(2000)));
    }
    Schema schema = ModelFeatures.SCHEMA;
    lake.write(SafaricomPipeline.CUSTOMER_FEATURES, WriteSource.rows(schema, rows), WriteOptions.overwrite());
    Row.Layout layout = Row.layout(schema.names());
    featureRows = rows.stream().map(values -> layout.row(values.toArray())).toList();
    return churned;
  }
}
