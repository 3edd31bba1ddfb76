package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.AwsBackend;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.AwsTestBackends;
import dev.takwimu.aws.ModelFeatures;
import dev.takwimu.aws.S3Location;
import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Row;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.safaricom.ChurnModel;
import dev.takwimu.safaricom.SafaricomPipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SageMakerExport's UNLOADs run on the harness (Athena on Trino, which writes UNLOAD output as Athena documents it:
 * TEXTFILE always gzip-compressed, {@code <query id>_<uuid>.gz}), and the files read the way the jobs are told to
 * read them: training and validation as Parquet (XGBoost's {@code application/x-parquet}, File mode), the scoring
 * export as gzip CSV (the transform's {@code CompressionType Gzip}), the hold-out labels through TransformOutput.
 */
class SageMakerExportTest {
  private static final int CUSTOMERS = 120;

  @TempDir
  Path work;

  @Test
  void theExportsAreWhatTheJobsAreToldTheyRead() throws Exception {
    AwsTestEnvironment env = AwsTestEnvironment.get();
    try (AwsBackend backend = AwsTestBackends.open(work.resolve("lake"))) {
      AwsSettings settings = backend.settings();
      Map<String, Row> customers = writeFeatures((AwsLakeStore) backend.lake());
      AthenaExecutor athena = new AthenaExecutor(env.athenaClient(), settings);
      SageMakerExport export = new SageMakerExport(ChurnModel.DEFINITION, settings.database(Zone.CLEANED), 42, 0.25);
      SageMakerExport.Encoding encoding = new SageMakerExport.Encoding(Map.of("county", List.of("Kisumu", "Nairobi"),
          "most_used_channel", List.of("USSD")));
      int columns = encoding.encodedNames(ChurnModel.DEFINITION).size();
      S3Location base = settings.work().resolve("sagemaker/export-test/");

      List<Object> counts = athena.execute(export.counts()).rows().get(0);
      long total = ((Number) counts.get(0)).longValue();
      long testRows = ((Number) counts.get(2)).longValue();
      assertThat(total).isEqualTo(CUSTOMERS);
      assertThat(testRows).isBetween(10L, 50L);

      athena.execute(export.training(encoding, false, base.resolve("train/")));
      athena.execute(export.training(encoding, true, base.resolve("validation/")));
      athena.execute(export.holdOutLabels(base.resolve("holdout/")));
      athena.execute(export.scoring(encoding, base.resolve("scoring/")));

      S3Client s3 = env.s3Client();
      // Training and validation: Parquet, label first, then one column per encoded feature, null numbers as null
      // (XGBoost's missing value once pyarrow reads them as NaN)
      Path train = download(s3, base.resolve("train/"), work.resolve("train"));
      Path validation = download(s3, base.resolve("validation/"), work.resolve("validation"));
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement sql = duck.createStatement()) {
        assertThat(parquetColumns(sql, train)).hasSize(1 + columns);
        long trainRows = count(sql, train, "true");
        assertThat(trainRows).isEqualTo(total - testRows);
        assertThat(count(sql, validation, "true")).isEqualTo(testRows);
        long inactive = customers.values().stream().filter(r -> r.getString("status").equals("Inactive")).count();
        assertThat(count(sql, train, "_col0 = 1") + count(sql, validation, "_col0 = 1")).isEqualTo(inactive);
        long silent = customers.values().stream().filter(r -> r.get("days_since_last_txn") == null).count();
        String daysColumn = parquetColumns(sql, train).get(1 + encoding.encodedNames(ChurnModel.DEFINITION)
            .indexOf("days_since_last_txn"));
        assertThat(count(sql, train, daysColumn + " IS NULL") + count(sql, validation, daysColumn + " IS NULL"))
            .isEqualTo(silent).isPositive();
      }

      // Hold-out labels: gzip text, read back by TransformOutput, exactly the validation rows
      TransformOutput output = new TransformOutput(s3, settings);
      assertThat(output.keys(base.resolve("holdout/"))).allSatisfy(key -> assertThat(key).endsWith(".gz"));
      Map<String, Double> labels = new TreeMap<>();
      output.forEach(base.resolve("holdout/"), labels::put);
      assertThat(labels).hasSize((int) testRows);
      labels.forEach((id, label) -> assertThat(label)
          .isEqualTo(customers.get(id).getString("status").equals("Inactive") ? 1.0 : 0.0));

      // Scoring: gzip CSV, id first, every customer, numbers empty for null
      List<String> keys = output.keys(base.resolve("scoring/"));
      assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(key).endsWith(".gz"));
      List<String> lines = new ArrayList<>();
      for (String key : keys) {
        byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(base.bucket()).key(key)).asByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
      }
      assertThat(lines).hasSize(CUSTOMERS);
      assertThat(lines).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(1 + columns));
      assertThat(lines.stream().map(line -> line.substring(0, line.indexOf(','))).sorted().toList())
          .isEqualTo(new ArrayList<>(customers.keySet()));
    }
  }

  private static Path download(S3Client s3, S3Location prefix, Path to) throws IOException {
    Files.createDirectories(to);
    List<S3Object> objects = s3.listObjectsV2Paginator(r -> r.bucket(prefix.bucket()).prefix(prefix.prefix()))
        .contents().stream().toList();
    assertThat(objects).as("objects under %s", prefix.uri()).isNotEmpty();
    for (S3Object object : objects) {
      String name = object.key().substring(object.key().lastIndexOf('/') + 1);
      assertThat(name).as("Athena's Parquet files have no extension").doesNotContain(".");
      byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(prefix.bucket()).key(object.key())).asByteArray();
      assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
      Files.write(to.resolve(name + ".parquet"), bytes);
    }
    return to;
  }

  private static List<String> parquetColumns(Statement sql, Path dir) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + dir + "/*.parquet')")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static long count(Statement sql, Path dir, String where) throws SQLException {
    try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/*.parquet') WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** cleaned/customer_features with every column the churn model reads; rows by customer id. */
  private static Map<String, Row> writeFeatures(AwsLakeStore lake) {
    Random random = new Random(23);
    List<String> counties = List.of("Nairobi", "Mombasa", "Kisumu");
    List<String> channels = List.of("USSD", "M-PESA App", "Agent");
    List<List<?>> rows = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      long txns = random.nextInt(30);
      rows.add(Arrays.asList(String.format("C%05d", i), random.nextDouble() < 0.3 ? "Inactive" : "Active",
          counties.get(random.nextInt(3)), txns == 0 ? null : channels.get(random.nextInt(3)), 400.0 * txns,
          txns == 0 ? null : 400.0, txns, (long) random.nextInt(3), txns == 0 ? null : (long) random.nextInt(60),
          (long) random.nextInt(5), 1500.0 * random.nextInt(5), 1000.0, 0.5, (long) random.nextInt(2),
          200L + random.nextInt(2000)));
    }
    lake.write(SafaricomPipeline.CUSTOMER_FEATURES, WriteSource.rows(ModelFeatures.SCHEMA, rows),
        WriteOptions.overwrite());
    Row.Layout layout = Row.layout(ModelFeatures.SCHEMA.names());
    Map<String, Row> byId = new TreeMap<>();
    rows.forEach(values -> byId.put((String) values.get(0), layout.row(values.toArray())));
    return byId;
  }
}
