/**
 * Test harness for the AWS backend: moto_server as S3, Glue, Athena and SageMaker, and Trino 406 (Athena engine v3)
 * executing the Athena statements on the emulator's Glue and S3. Entry point: {@link AwsTestEnvironment}.
 *
 * <p>Another module's tests use it through sdk-aws's test-jar (type {@code test-jar}, scope {@code test}) plus, since
 * a test-jar brings none of its test dependencies, trino-main, trino-iceberg, trino-hive and trino-jdbc in test scope,
 * and the surefire configuration of sdk-aws's pom that runs the tests with Trino's Jackson.
 */
package dev.takwimu.aws.testing;
