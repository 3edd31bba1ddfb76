package dev.takwimu.aws.testing;

import io.trino.jdbc.TrinoDriver;
import io.trino.plugin.hive.HiveConnectorFactory;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.server.testing.TestingTrinoServer;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * An in-process Trino 406 (the engine of Athena engine v3) whose catalogs live in the emulator: Glue is the metastore,
 * S3 the file system. Started once per JVM on first use.
 *
 * <p>Catalog {@value #CATALOG} is the Iceberg connector, which is what Athena's {@code AwsDataCatalog} is for Iceberg
 * tables. Athena also reads plain Hive tables (for example a staging table of uploaded Parquet files) in the same
 * catalog; Trino does the same through table redirection: {@code iceberg.hive-catalog-name=hive} sends a non-Iceberg
 * table of {@value #CATALOG} to catalog {@value #HIVE_CATALOG} (the Hive connector on the same Glue and S3), and
 * {@code hive.iceberg-catalog-name} sends Iceberg tables the other way. So
 * {@code INSERT INTO iceberg_table SELECT * FROM staging_table} runs as one statement, as on Athena.
 */
public final class TrinoOnMoto {
  /** The catalog Athena's {@code AwsDataCatalog} maps to (Trino lower-cases catalog names). */
  public static final String CATALOG = "awsdatacatalog";
  /** The Hive connector that {@value #CATALOG} redirects plain Hive tables to. */
  public static final String HIVE_CATALOG = "hive";
  /** The Hive connector UNLOAD's temporary tables are created in (a file metastore; files on the emulator's S3). */
  static final String UNLOAD_CATALOG = "unload";

  private static TrinoOnMoto instance;

  private final TestingTrinoServer server;
  private final String jdbcUrl;
  private final Duration startTime;

  private TrinoOnMoto(TestingTrinoServer server, Duration startTime) {
    this.server = server;
    this.jdbcUrl = "jdbc:trino://" + server.getAddress() + "/" + CATALOG;
    this.startTime = startTime;
  }

  /** The JVM's Trino on the JVM's emulator, both started on first call. */
  public static synchronized TrinoOnMoto get() {
    if (instance == null) {
      instance = start(MotoServer.get());
    }
    return instance;
  }

  private static TrinoOnMoto start(MotoServer moto) {
    quietLogging();
    long started = System.nanoTime();
    TestingTrinoServer server = TestingTrinoServer.builder()
        // one small node (TestingTrinoServer already sets task.concurrency and task.writer-count low)
        .setProperties(Map.of(
            "query.max-memory", "1GB",
            "query.max-memory-per-node", "1GB"))
        .build();
    server.installPlugin(new IcebergPlugin());
    server.installPlugin(new HiveOnlyPlugin());

    Map<String, String> iceberg = new HashMap<>(awsProperties(moto));
    iceberg.put("iceberg.catalog.type", "glue");
    iceberg.put("iceberg.file-format", "PARQUET");
    iceberg.put("iceberg.hive-catalog-name", HIVE_CATALOG);
    server.createCatalog(CATALOG, "iceberg", iceberg);

    Map<String, String> hive = new HashMap<>(awsProperties(moto));
    hive.put("hive.metastore", "glue");
    hive.put("hive.iceberg-catalog-name", CATALOG);
    hive.put("hive.non-managed-table-writes-enabled", "true");
    // moto's Glue has no GetColumnStatisticsForTable (HTTP 500); real Glue does, Athena reads them
    hive.put("hive.table-statistics-enabled", "false");
    server.createCatalog(HIVE_CATALOG, "hive", hive);

    // UNLOAD's temporary tables: moto's Glue returns Hive tables without NumberOfBuckets, which Trino's Glue
    // metastore cannot read back, so they live in a file metastore of their own; their files go to moto's S3
    Map<String, String> unload = new HashMap<>(s3Properties(moto));
    unload.put("hive.metastore", "file");
    unload.put("hive.metastore.catalog.dir", unloadMetastore().toUri().toString());
    unload.put("hive.non-managed-table-writes-enabled", "true");
    unload.put("hive.security", "allow-all"); // the temporary table is dropped after the write
    server.createCatalog(UNLOAD_CATALOG, "hive", unload);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "trino-on-moto-stop"));
    return new TrinoOnMoto(server, Duration.ofNanos(System.nanoTime() - started));
  }

  /** Loggers of the engine, kept so that their level holds (java.util.logging keeps loggers weakly). */
  private static final List<Logger> QUIET = new ArrayList<>();

  /**
   * Trino and its libraries log their whole configuration at INFO, and the in-process node warns about its own HTTP
   * resources on every start; only errors reach the test output.
   */
  private static void quietLogging() {
    for (String name : List.of("io.airlift", "io.trino", "org.apache", "com.amazonaws", "org.eclipse.jetty",
        "org.glassfish", "Bootstrap")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.SEVERE);
      QUIET.add(logger);
    }
  }

  /** The Hive connector alone (Trino 406 ships its {@code HivePlugin} in trino-hive-hadoop2, not in trino-hive). */
  private static final class HiveOnlyPlugin implements Plugin {
    @Override
    public Iterable<ConnectorFactory> getConnectorFactories() {
      return List.of(new HiveConnectorFactory("hive"));
    }
  }

  /** Glue and S3 of the emulator (Trino 406 talks to both with the AWS SDK v1). */
  private static Map<String, String> awsProperties(MotoServer moto) {
    String endpoint = moto.endpoint().toString();
    Map<String, String> properties = new HashMap<>(s3Properties(moto));
    properties.put("hive.metastore.glue.region", moto.region().id());
    properties.put("hive.metastore.glue.endpoint-url", endpoint);
    properties.put("hive.metastore.glue.aws-access-key", MotoServer.ACCESS_KEY);
    properties.put("hive.metastore.glue.aws-secret-key", MotoServer.SECRET_KEY);
    return properties;
  }

  /** S3 of the emulator. */
  private static Map<String, String> s3Properties(MotoServer moto) {
    String endpoint = moto.endpoint().toString();
    Map<String, String> properties = new HashMap<>();
    properties.put("hive.s3.endpoint", endpoint);
    properties.put("hive.s3.region", moto.region().id());
    properties.put("hive.s3.path-style-access", "true");
    properties.put("hive.s3.ssl.enabled", "false");
    properties.put("hive.s3.aws-access-key", MotoServer.ACCESS_KEY);
    properties.put("hive.s3.aws-secret-key", MotoServer.SECRET_KEY);
    // one part per file: the emulator fails to complete Trino's streamed multipart uploads of small parts
    properties.put("hive.s3.streaming.part-size", "256MB");
    return properties;
  }

  /** A directory for the UNLOAD catalog's file metastore, removed when the JVM exits. */
  private static Path unloadMetastore() {
    try {
      Path directory = Files.createTempDirectory("trino-unload-metastore");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (Stream<Path> paths = Files.walk(directory)) {
          paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
          // a temporary directory left behind
        }
      }, "trino-unload-metastore-cleanup"));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for Trino's UNLOAD metastore", e);
    }
  }

  private static void close(TestingTrinoServer server) {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      // the JVM is exiting; nothing is left to clean up that the OS does not
    }
  }

  /**
   * A new JDBC connection (user {@code test}, the JVM's time zone) with {@value #CATALOG} as catalog.
   *
   * @param schema the schema (Glue database) unqualified names resolve in, or null for none
   * @throws SQLException if Trino refuses the connection
   */
  public Connection connect(String schema) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "test");
    String url = schema == null ? jdbcUrl : jdbcUrl + "/" + schema.toLowerCase(java.util.Locale.ROOT);
    return new TrinoDriver().connect(url, properties);
  }

  /** The server, for what JDBC does not tell (query statistics from its query manager). */
  public TestingTrinoServer server() {
    return server;
  }

  /** How long the start took (server and both catalogs). */
  public Duration startTime() {
    return startTime;
  }
}
