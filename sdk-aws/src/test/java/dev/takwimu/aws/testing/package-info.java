/**
 * Test harness for the AWS backend: moto_server as S3, Glue, Athena and SageMaker, and Trino 406 (Athena engine v3)
 * executing the Athena statements on the emulator's Glue and S3. Entry point: {@link AwsTestEnvironment}.
 */
package dev.takwimu.aws.testing;
