/**
 * Test harness for the AWS backend: moto_server as S3, Glue, Athena and SageMaker, and Trino 406 (Athena engine v3)
 * executing the Athena statements on the emulator's Glue and S3. Entry point: {@link AwsTestEnvironment}.
 *
 * <p>Module {@code aws-testing}, used in test scope (it brings Trino with it). A module whose tests start Trino has the
 * marker file {@code src/test/starts-trino}, which makes the parent pom run its tests with Trino's Jackson.
 */
package dev.takwimu.aws.testing;
