package dev.takwimu.aws;

/** Where the AWS backend trains models. */
public enum ModelTraining {
  /** Tribuo in this process over rows read through Athena; scores are uploaded to the lake. */
  LOCAL,
  /** SageMaker's built-in XGBoost training job and batch transform. */
  SAGEMAKER
}
