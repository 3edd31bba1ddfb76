package dev.takwimu.aws.internal;

import dev.takwimu.aws.S3Location;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.serving.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Exports one dataset's current Iceberg snapshot where a DMS S3 source reads it: Athena {@code UNLOAD}s the snapshot
 * ({@code FOR VERSION AS OF}) as Parquet to a scratch prefix, and each file is then copied to
 * {@code <run>/<zone>/<name>/LOAD00000001.parquet}, ... (DMS's full-load file naming), so the table's folder holds
 * only complete files of one snapshot. Parquet keeps NULL apart from the empty string and needs no quoting, which
 * Athena's TEXTFILE (unquoted, gzip-compressed) cannot give a CSV reader. Athena writes Parquet timestamps in
 * milliseconds: timestamps are exported as {@code timestamp(3)}, and a version holding finer values is refused rather
 * than rounded.
 */
public final class DmsExport {
  private final AwsLakeStore lake;
  private final AthenaExecutor athena;
  private final S3Objects s3;

  public DmsExport(AwsLakeStore lake, AthenaExecutor athena, S3Objects s3) {
    this.lake = lake;
    this.athena = athena;
    this.s3 = s3;
  }

  /**
   * One dataset's current version as DMS will see it.
   *
   * @param info what the lake says of the version
   * @param table the Iceberg metadata of exactly that snapshot, which the export reads
   * @param snapshotId the Iceberg snapshot exported (-1 for an empty table without snapshot)
   * @param stringBytes per STRING column, the longest value in UTF-8 bytes
   * @param subMillisecond per TIMESTAMP column, how many values have a fraction finer than milliseconds
   */
  public record Version(DatasetInfo info, IcebergTable table, long snapshotId, Map<String, Long> stringBytes,
      Map<String, Long> subMillisecond) {}

  /**
   * The dataset's current version and its string lengths (one pinned query).
   *
   * @throws NoSuchDatasetException when the dataset does not exist
   */
  public Version current(DatasetId id) {
    IcebergTable table = lake.current(id).orElseThrow(() -> new NoSuchDatasetException(id));
    DatasetInfo info = lake.info(id, table);
    List<Column> measured = info.schema().columns().stream()
        .filter(c -> c.type() == DataType.STRING || c.type() == DataType.TIMESTAMP).toList();
    Map<String, Long> lengths = new LinkedHashMap<>();
    Map<String, Long> finer = new LinkedHashMap<>();
    if (!measured.isEmpty() && info.rows() > 0) {
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < measured.size(); i++) {
        String column = AwsLakeStore.quote(measured.get(i).name());
        sql.append(i == 0 ? "" : ", ").append(measured.get(i).type() == DataType.STRING
            ? "max(length(to_utf8(" + column + ")))"
            : "count_if(CAST(" + column + " AS timestamp(3)) <> " + column + ")");
      }
      sql.append(" FROM ").append(lake.pinned(id, table));
      List<Object> row = athena.execute(AthenaStatement.pinnedQuery(sql.toString(), List.of(),
          lake.database(id.zone()))).rows().get(0);
      for (int i = 0; i < measured.size(); i++) {
        long value = row.get(i) == null ? 0L : ((Number) row.get(i)).longValue();
        (measured.get(i).type() == DataType.STRING ? lengths : finer).put(measured.get(i).name(), value);
      }
    }
    return new Version(info, table, table.snapshotId(), lengths, finer);
  }

  /**
   * Writes the version's rows under {@code run/<zone>/<name>/}; returns the files' locations, in load order.
   *
   * @throws TakwimuException when Athena or S3 fail
   */
  public List<S3Location> export(DatasetId id, Version version, S3Location run) {
    S3Location scratch = run.resolve("_unload/" + id.zone().id() + "/" + id.name() + "/");
    S3Location folder = run.resolve(id.zone().id() + "/" + id.name() + "/");
    s3.deletePrefix(scratch); // an earlier attempt of this run; UNLOAD refuses a prefix holding objects
    s3.deletePrefix(folder);
    IcebergTable table = version.table(); // the snapshot described, even if the dataset has moved on since
    version.subMillisecond().forEach((column, values) -> {
      if (values > 0) {
        throw new TakwimuException(String.format("%s: column %s has %d values with microseconds, which Athena's "
            + "UNLOAD (Parquet timestamps in milliseconds) cannot export without rounding; serve this dataset with "
            + "'takwimu migrate --to JDBC_URL', which copies them exactly", id, column, values));
      }
    });
    StringBuilder select = new StringBuilder("SELECT ");
    List<Column> columns = version.info().schema().columns();
    for (int i = 0; i < columns.size(); i++) {
      String column = AwsLakeStore.quote(columns.get(i).name());
      select.append(i == 0 ? "" : ", ").append(columns.get(i).type() == DataType.TIMESTAMP
          ? "CAST(" + column + " AS timestamp(3)) AS " + column : column);
    }
    select.append(" FROM ").append(lake.pinned(id, table));
    athena.execute(AthenaStatement.query("UNLOAD (" + select + ") TO " + AthenaExecutor.literal(scratch.uri())
        + " WITH (format = 'PARQUET', compression = 'SNAPPY')", List.of(), lake.database(id.zone())));
    List<S3Location> files = new ArrayList<>();
    for (S3Object object : s3.list(scratch)) {
      if (object.size() == 0 || object.key().endsWith("/")) {
        continue;
      }
      S3Location file = folder.resolve(String.format(Locale.ROOT, "LOAD%08X.parquet", files.size() + 1));
      s3.copy(new S3Location(scratch.bucket(), object.key()), file);
      files.add(file);
    }
    s3.deletePrefix(scratch);
    return files;
  }

  /** The spec's primary key, checked against the version's columns. */
  public static DmsTableDefinition.Table table(TableSpec spec, Version version) {
    return new DmsTableDefinition.Table(spec.dataset(), version.info().schema(), spec.primaryKey(),
        version.stringBytes());
  }
}
