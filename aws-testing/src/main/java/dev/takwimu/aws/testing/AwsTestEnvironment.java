package dev.takwimu.aws.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The AWS of the tests: one moto_server and one Trino on it per JVM, both started on first {@link #get()}, and real
 * AWS SDK clients pointed at them. Athena clients from {@link #athenaClient()} run their statements on Trino (see
 * {@link AthenaOnTrino}).
 *
 * <p>The clients carry endpoint, region and credentials themselves, so nothing depends on the default provider chain
 * and no system property is set. Each factory call builds a new client, which the caller closes.
 *
 * <pre>{@code
 * AwsTestEnvironment aws = AwsTestEnvironment.get();
 * try (S3Client s3 = aws.s3Client(); GlueClient glue = aws.glueClient(); AthenaClient athena = aws.athenaClient()) {
 *   AwsBackend backend = AwsBackend.builder()...s3(s3).glue(glue).athena(athena)...build();
 * }
 * }</pre>
 */
public final class AwsTestEnvironment {
  private static AwsTestEnvironment instance;

  private final MotoServer moto;
  private final TrinoOnMoto trino;
  private final S3Client unloadS3;
  private final AthenaOnTrino athenaOnTrino;

  private AwsTestEnvironment(MotoServer moto, TrinoOnMoto trino) {
    this.moto = moto;
    this.trino = trino;
    this.unloadS3 = s3Client();
    this.athenaOnTrino = new AthenaOnTrino(trino, unloadS3, configure(AthenaClient.builder()).build());
  }

  /**
   * The JVM's environment; the first call starts moto (2 to 5 seconds) and Trino (20 to 55 seconds).
   *
   * @throws IllegalStateException if moto is not installed or either server does not start
   */
  public static synchronized AwsTestEnvironment get() {
    if (instance == null) {
      instance = new AwsTestEnvironment(MotoServer.get(), TrinoOnMoto.get());
    }
    return instance;
  }

  /**
   * Empties the emulator (buckets, Glue databases and tables, work groups, executions) and forgets the recorded
   * Athena statements. Trino keeps no state of its own besides caches that expire with the tables.
   */
  public void reset() {
    athenaOnTrino.clear();
    moto.reset();
  }

  /** The endpoint of every emulated service. */
  public URI endpoint() {
    return moto.endpoint();
  }

  public Region region() {
    return moto.region();
  }

  /** Dummy static credentials ({@code testing}/{@code testing}). */
  public AwsCredentialsProvider credentials() {
    return moto.credentials();
  }

  /**
   * A new S3 client for the emulator (path-style addressing, as an endpoint override needs), with the given
   * interceptors (a {@link PermissionRecorder}, say).
   */
  public S3Client s3Client(ExecutionInterceptor... interceptors) {
    return configure(S3Client.builder(), interceptors).forcePathStyle(true).build();
  }

  public GlueClient glueClient(ExecutionInterceptor... interceptors) {
    return configure(GlueClient.builder(), interceptors).build();
  }

  /** A new Athena client for the emulator whose statements run on Trino, after the given interceptors. */
  public AthenaClient athenaClient(ExecutionInterceptor... interceptors) {
    ExecutionInterceptor[] all = Arrays.copyOf(interceptors, interceptors.length + 1);
    all[interceptors.length] = athenaOnTrino;
    return configure(AthenaClient.builder(), all).build();
  }

  /**
   * A new Firehose client for the emulator, with the given interceptors (a {@link FirehoseRules} for Firehose's limits
   * and failures, which moto lacks).
   */
  public FirehoseClient firehoseClient(ExecutionInterceptor... interceptors) {
    return configure(FirehoseClient.builder(), interceptors).build();
  }

  public SageMakerClient sageMakerClient() {
    return configure(SageMakerClient.builder()).build();
  }

  /** The interceptor of every {@link #athenaClient()}: its records of the statements run. */
  public AthenaOnTrino athenaOnTrino() {
    return athenaOnTrino;
  }

  /** The Trino that Athena statements run on. */
  public TrinoOnMoto trino() {
    return trino;
  }

  /**
   * A new JDBC connection to Trino in catalog {@value TrinoOnMoto#CATALOG}, for checks that bypass Athena.
   *
   * @param schema the Glue database unqualified names resolve in, or null
   * @throws SQLException if Trino refuses the connection
   */
  public Connection trinoConnection(String schema) throws SQLException {
    return trino.connect(schema);
  }

  /** The emulator's endpoint, region and credentials, and the interceptors (all in one override: a second replaces). */
  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, ExecutionInterceptor... interceptors) {
    return builder.endpointOverride(moto.endpoint()).region(moto.region()).credentialsProvider(moto.credentials())
        .overrideConfiguration(c -> {
          for (ExecutionInterceptor interceptor : interceptors) {
            c.addExecutionInterceptor(interceptor);
          }
        });
  }
}
