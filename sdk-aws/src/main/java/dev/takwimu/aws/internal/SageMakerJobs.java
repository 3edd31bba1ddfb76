package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsPermissions;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.TakwimuException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.BatchStrategy;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CompressionType;
import software.amazon.awssdk.services.sagemaker.model.DataProcessing;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTransformJobResponse;
import software.amazon.awssdk.services.sagemaker.model.JoinSource;
import software.amazon.awssdk.services.sagemaker.model.S3DataDistribution;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SplitType;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sagemaker.model.TrainingInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TransformInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TransformJobStatus;
import software.amazon.awssdk.services.sagemaker.waiters.SageMakerWaiter;

/**
 * The SageMaker requests of one model: a training job of the built-in XGBoost, a model over its artifact, batch
 * transforms that append each row's probability to its id. Waits with the SDK's waiters; failures, stops and denied
 * permissions become one-line {@link TakwimuException}s.
 */
final class SageMakerJobs {
  /** Longest a training job may run before SageMaker stops it. */
  static final Duration MAX_TRAINING_TIME = Duration.ofHours(4);
  static final int VOLUME_GB = 30;
  /**
   * The training channels' data: SageMakerExport's Parquet (label first), which the XGBoost container reads in File
   * mode; gzip CSV would not do there, since SageMaker decompresses channels only in Pipe mode.
   */
  static final String TRAINING_CONTENT_TYPE = "application/x-parquet";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();
  // The SDK's defaults give up on a transform after an hour; large scoring runs take longer.
  private static final int TRANSFORM_WAIT_ATTEMPTS = 6 * 60;

  private final SageMakerClient sageMaker;
  private final AwsSettings settings;
  private final String image;

  SageMakerJobs(SageMakerClient sageMaker, AwsSettings settings, String image) {
    this.sageMaker = sageMaker;
    this.settings = settings;
    this.image = image;
  }

  String image() {
    return image;
  }

  /** A unique, valid job name: {@code tk-<model>-<UTC timestamp>-<6 random>} of at most 63 characters. */
  static String jobName(String model) {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    String random = Long.toString(Math.floorMod(RANDOM.nextLong(), 36L * 36 * 36 * 36 * 36 * 36), 36);
    random = "0".repeat(6 - random.length()) + random;
    String prefix = model.length() > 38 ? model.substring(0, 38) : model;
    return (AwsPermissions.SAGEMAKER_PREFIX + prefix + "-" + stamp + "-" + random).replaceAll("-+", "-");
  }

  /** Runs a training job to completion and returns the S3 URI of its model artifact. */
  String train(String jobName, Map<String, String> hyperparameters, S3Location train, S3Location validation,
      S3Location output) {
    call("CreateTrainingJob", "training job " + jobName, () -> sageMaker.createTrainingJob(r -> {
      r.trainingJobName(jobName)
          .algorithmSpecification(AlgorithmSpecification.builder()
              .trainingImage(image).trainingInputMode(TrainingInputMode.FILE).build())
          .roleArn(settings.sageMakerRole())
          .hyperParameters(hyperparameters)
          .inputDataConfig(channel("train", train), channel("validation", validation))
          .outputDataConfig(o -> o.s3OutputPath(output.uri()).kmsKeyId(settings.kmsKeyId()))
          .resourceConfig(c -> c.instanceType(TrainingInstanceType.fromValue(settings.sageMakerInstanceType()))
              .instanceCount(1).volumeSizeInGB(VOLUME_GB).volumeKmsKeyId(settings.kmsKeyId()))
          .stoppingCondition(s -> s.maxRuntimeInSeconds((int) MAX_TRAINING_TIME.toSeconds()));
    }));
    DescribeTrainingJobResponse job;
    try (SageMakerWaiter waiter = SageMakerWaiter.builder().client(sageMaker).build()) {
      job = waiter.waitUntilTrainingJobCompletedOrStopped(r -> r.trainingJobName(jobName)).matched().response()
          .orElseGet(() -> describeTraining(jobName));
    } catch (SdkClientException e) {
      // The waiter fails on status Failed; the job says why.
      job = describeTraining(jobName);
    }
    if (job.trainingJobStatus() != TrainingJobStatus.COMPLETED) {
      throw new TakwimuException("SageMaker training job " + jobName + " " + job.trainingJobStatusAsString()
          + ": " + (job.failureReason() == null ? "no reason given" : job.failureReason())
          + " (see the job's CloudWatch logs, /aws/sagemaker/TrainingJobs)");
    }
    return job.modelArtifacts().s3ModelArtifacts();
  }

  /** Registers the artifact as a SageMaker model for batch transform. */
  void createModel(String modelName, String artifact) {
    call("CreateModel", "model " + modelName, () -> sageMaker.createModel(r -> r.modelName(modelName)
        .executionRoleArn(settings.sageMakerRole())
        .primaryContainer(c -> c.image(image).modelDataUrl(artifact))));
  }

  /**
   * Scores id-first CSV rows: the model sees every field but the first, and each output line is the input's id and
   * the probability ({@code id,probability}), in objects named {@code <input object>.out}.
   */
  void transform(String jobName, String modelName, S3Location input, S3Location output) {
    call("CreateTransformJob", "transform job " + jobName + " of model " + modelName,
        () -> sageMaker.createTransformJob(r -> r.transformJobName(jobName)
            .modelName(modelName)
            .batchStrategy(BatchStrategy.MULTI_RECORD)
            .transformInput(i -> i.contentType("text/csv").splitType(SplitType.LINE)
                .compressionType(CompressionType.GZIP) // Athena writes the scoring export gzip-compressed
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType(S3DataType.S3_PREFIX).s3Uri(input.uri()))))
            .transformOutput(o -> o.s3OutputPath(output.uri()).accept("text/csv").assembleWith("Line")
                .kmsKeyId(settings.kmsKeyId()))
            .transformResources(t -> t.instanceType(TransformInstanceType.fromValue(settings.sageMakerInstanceType()))
                .instanceCount(1).volumeKmsKeyId(settings.kmsKeyId()))
            .dataProcessing(DataProcessing.builder().inputFilter("$[1:]").joinSource(JoinSource.INPUT)
                .outputFilter("$[0,-1]").build())));
    DescribeTransformJobResponse job;
    try (SageMakerWaiter waiter = SageMakerWaiter.builder().client(sageMaker).build()) {
      job = waiter.waitUntilTransformJobCompletedOrStopped(r -> r.transformJobName(jobName),
          w -> w.maxAttempts(TRANSFORM_WAIT_ATTEMPTS))
          .matched().response().orElseGet(() -> describeTransform(jobName));
    } catch (SdkClientException e) {
      job = describeTransform(jobName);
    }
    if (job.transformJobStatus() != TransformJobStatus.COMPLETED) {
      throw new TakwimuException("SageMaker transform job " + jobName + " " + job.transformJobStatusAsString()
          + ": " + (job.failureReason() == null || job.failureReason().isEmpty() ? "no reason given"
              : job.failureReason()) + " (see the job's CloudWatch logs, /aws/sagemaker/TransformJobs)");
    }
  }

  private DescribeTrainingJobResponse describeTraining(String jobName) {
    return call("DescribeTrainingJob", "training job " + jobName,
        () -> sageMaker.describeTrainingJob(r -> r.trainingJobName(jobName)));
  }

  private DescribeTransformJobResponse describeTransform(String jobName) {
    return call("DescribeTransformJob", "transform job " + jobName,
        () -> sageMaker.describeTransformJob(r -> r.transformJobName(jobName)));
  }

  private static Channel channel(String name, S3Location location) {
    return Channel.builder().channelName(name).contentType(TRAINING_CONTENT_TYPE)
        .dataSource(d -> d.s3DataSource(s -> s.s3DataType(S3DataType.S3_PREFIX).s3Uri(location.uri())
            .s3DataDistributionType(S3DataDistribution.FULLY_REPLICATED)))
        .build();
  }

  /** Calls SageMaker, turning a denied permission or a bad role into a one-line error naming action and resource. */
  private <T> T call(String action, String resource, Supplier<T> request) {
    try {
      return request.get();
    } catch (SageMakerException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      if (e.statusCode() == 403 || "AccessDeniedException".equals(code) || "AccessDenied".equals(code)) {
        throw new TakwimuException(e, "SageMaker %s denied for %s (role %s): grant sagemaker:%s and iam:PassRole on"
            + " the role", action, resource, settings.sageMakerRole(), action);
      }
      if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("role")) {
        throw new TakwimuException(e, "SageMaker %s of %s rejected role %s: %s (the role must exist, trust"
            + " sagemaker.amazonaws.com, and be passable by you: iam:PassRole)", action, resource,
            settings.sageMakerRole(), message);
      }
      throw new TakwimuException(e, "SageMaker %s of %s failed: %s", action, resource, message);
    }
  }
}
