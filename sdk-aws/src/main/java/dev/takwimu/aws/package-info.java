/** The AWS backend: Iceberg tables in the Glue catalog on S3, written and queried by Athena, models on SageMaker. */
package dev.takwimu.aws;
