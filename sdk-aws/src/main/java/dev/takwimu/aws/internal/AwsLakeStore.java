package dev.takwimu.aws.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.PartitionInfo;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.core.spi.StageInputs;
import dev.takwimu.engine.duckdb.ParquetStaging;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The lake on AWS: every dataset is an Apache Iceberg table (Parquet data) in its zone's Glue database, and every write
 * is one Athena statement, so one Iceberg commit: CTAS for a new dataset, INSERT for an append, and for a replace a
 * MERGE that deletes the old rows and inserts the new ones in the same commit. Readers see the previous snapshot until
 * the commit, and a failed statement commits nothing. Rows supplied by Java code are first written as a Parquet file,
 * uploaded, and read through a temporary Glue table. See docs/aws.md.
 */
public final class AwsLakeStore implements LakeStore {
  /** Athena writes at most this many partitions per CTAS or INSERT. */
  static final int MAX_PARTITIONS_PER_STATEMENT = 100;
  static final String STAGING_PREFIX = "tk_stage_";
  static final String SCRATCH_PREFIX = "tk_scratch_";
  /**
   * Kept with each snapshot's provenance: the dataset's version, one more per Takwimu write. Iceberg's sequence number
   * is not that count (a schema change or a MERGE can advance it by more than one).
   */
  private static final String VERSION_KEY = "takwimu.version";
  private static final Pattern LEADING_WITH = Pattern.compile("(?is)\\s*WITH\\s+(?!RECURSIVE\\b)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsSettings settings;
  private final GlueCatalog glue;
  private final S3Objects s3;
  private final AthenaExecutor athena;
  private final ParquetStaging staging;
  private final Map<String, List<PartitionInfo>> partitionsByMetadata =
      Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<PartitionInfo>> eldest) {
          return size() > 256;
        }
      });

  public AwsLakeStore(AwsSettings settings, GlueCatalog glue, S3Objects s3, AthenaExecutor athena,
      ParquetStaging staging) {
    this.settings = settings;
    this.glue = glue;
    this.s3 = s3;
    this.athena = athena;
    this.staging = staging;
  }

  public AthenaExecutor athena() {
    return athena;
  }

  public String database(Zone zone) {
    return settings.database(zone);
  }

  /** Creates the zone's Glue database when it does not exist yet. */
  public void ensureDatabase(Zone zone) {
    glue.ensureDatabase(settings.database(zone));
  }

  /** The table a dataset lives in, quoted for SQL: {@code "takwimu_curated"."customers"}. */
  public String tableName(DatasetId id) {
    return quote(settings.database(id.zone())) + "." + quote(id.name());
  }

  /** An identifier for Athena's Trino path (SELECT, INSERT, CTAS, MERGE, UNLOAD): double quotes. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * An identifier for a statement Athena runs on its Hive DDL path ({@code ALTER TABLE}, {@code DROP TABLE},
   * {@code CREATE DATABASE}, {@code SHOW}...): backticks, a backtick in the name doubled. Double quotes fail there.
   */
  public static String ddlQuote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  /** The table a dataset lives in, quoted for Athena's Hive DDL: {@code `takwimu_curated`.`customers`}. */
  public String ddlTableName(DatasetId id) {
    return ddlQuote(settings.database(id.zone())) + "." + ddlQuote(id.name());
  }

  // ---- reading ----------------------------------------------------------------------------------------------------

  @Override
  public List<DatasetInfo> list() {
    List<DatasetInfo> infos = new ArrayList<>();
    for (Zone zone : Zone.values()) {
      List<String> names = new ArrayList<>();
      for (Table table : glue.tables(settings.database(zone))) {
        if (isIceberg(table) && isDatasetName(table.name())) {
          names.add(table.name());
        }
      }
      Collections.sort(names);
      for (String name : names) {
        describe(DatasetId.of(zone, name)).ifPresent(infos::add);
      }
    }
    return infos;
  }

  private static boolean isDatasetName(String name) {
    return name.matches("[a-z][a-z0-9_]{0,127}") && !name.startsWith(STAGING_PREFIX)
        && !name.startsWith(SCRATCH_PREFIX);
  }

  private static boolean isIceberg(Table table) {
    return table.parameters() != null && "ICEBERG".equalsIgnoreCase(table.parameters().get("table_type"));
  }

  /** The Iceberg metadata of the dataset's current snapshot, or empty when it does not exist. */
  public Optional<IcebergTable> current(DatasetId id) {
    Optional<Table> table = glue.table(settings.database(id.zone()), id.name());
    if (table.isEmpty()) {
      return Optional.empty();
    }
    if (!isIceberg(table.get())) {
      throw new InvalidInputException(String.format("Glue table %s.%s is not an Iceberg table; Takwimu only writes "
          + "Iceberg tables in its databases", settings.database(id.zone()), id.name()));
    }
    String metadata = table.get().parameters().get("metadata_location");
    S3Location location = S3Location.parse(metadata);
    byte[] json = s3.get(location).orElseThrow(() -> new TakwimuException(
        "Iceberg metadata of " + id + " is missing at " + metadata));
    return Optional.of(IcebergTable.parse(metadata, json));
  }

  @Override
  public Optional<DatasetInfo> describe(DatasetId id) {
    return current(id).map(table -> info(id, table));
  }

  /** The version number {@link #describe} gives the given snapshot of a dataset. */
  long version(DatasetId id, IcebergTable table) {
    String version = provenance(id, table.writeSnapshotId()).get(VERSION_KEY);
    return version != null ? Long.parseLong(version) : Math.max(1, table.sequenceNumber());
  }

  /**
   * What the given snapshot of a dataset holds. Rows are the rows a reader sees (see {@link #rows}); files are the
   * data files (delete files are not files of rows); bytes are every file the snapshot reads, delete files included.
   */
  DatasetInfo info(DatasetId id, IcebergTable table) {
    List<PartitionInfo> partitions = table.partitionColumns().isEmpty() ? List.of()
        : partitionsByMetadata.computeIfAbsent(table.metadataLocation(), k -> partitions(id, table));
    Map<String, String> properties = new LinkedHashMap<>(provenance(id, table.writeSnapshotId()));
    String version = properties.remove(VERSION_KEY);
    return new DatasetInfo(id, version != null ? Long.parseLong(version) : Math.max(1, table.sequenceNumber()),
        table.schema(), table.partitionColumns(), rows(id, table), table.dataFiles(), table.bytes(), partitions,
        table.metadataLocation(), table.committedAt(), properties);
  }

  /**
   * The rows a reader of the given snapshot sees: Iceberg's {@code total-records} minus the position-deleted rows,
   * which is exact for what Athena and Trino write ({@link IcebergTable}); when the snapshot has equality deletes, a
   * {@code count(*)} of exactly that snapshot through Athena.
   */
  public long rows(DatasetId id, IcebergTable table) {
    if (table.recordsExact() || table.snapshotId() < 0) {
      return table.records();
    }
    AthenaResult counted = athena.execute(AthenaStatement.pinnedQuery("SELECT count(*) FROM " + pinned(id, table),
        List.of(), settings.database(id.zone())));
    return number(counted.rows().get(0).get(0));
  }

  /**
   * One entry per partition of the snapshot, from the {@code $partitions} metadata table. Its {@code record_count}
   * sums the data files' rows, deleted ones included: when the snapshot has delete files the rows are counted per
   * partition by a query pinned to the snapshot instead. A partition whose rows are all deleted keeps its files until
   * they are rewritten (OPTIMIZE) and is listed with no rows.
   */
  private List<PartitionInfo> partitions(DatasetId id, IcebergTable table) {
    if (table.snapshotId() < 0) {
      return List.of();
    }
    String database = settings.database(id.zone());
    String values = table.partitionColumns().stream()
        .map(c -> "CAST(\"partition\"." + quote(c) + " AS varchar)").collect(Collectors.joining(", "));
    AthenaResult result = athena.execute(AthenaStatement.query("SELECT " + values
        + ", record_count, file_count, total_size FROM " + quote(database) + "."
        + quote(id.name() + "$partitions"), List.of(), database));
    int n = table.partitionColumns().size();
    Map<List<String>, Long> liveRows = null;
    if (table.hasDeletes()) {
      String columns = table.partitionColumns().stream().map(c -> "CAST(" + quote(c) + " AS varchar)")
          .collect(Collectors.joining(", "));
      String groups = java.util.stream.IntStream.rangeClosed(1, n).mapToObj(Integer::toString)
          .collect(Collectors.joining(", "));
      liveRows = new java.util.HashMap<>();
      for (List<Object> row : athena.execute(AthenaStatement.pinnedQuery("SELECT " + columns + ", count(*) FROM "
          + pinned(id, table) + " GROUP BY " + groups, List.of(), database)).rows()) {
        liveRows.put(partitionKey(row, n), number(row.get(n)));
      }
    }
    List<PartitionInfo> partitions = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      List<String> key = partitionKey(row, n);
      Map<String, String> partition = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        partition.put(table.partitionColumns().get(i), key.get(i));
      }
      long rows = liveRows == null ? number(row.get(n)) : liveRows.getOrDefault(key, 0L);
      partitions.add(new PartitionInfo(partition, rows, number(row.get(n + 1)), number(row.get(n + 2))));
    }
    partitions.sort(java.util.Comparator.comparing(p -> String.valueOf(p.values())));
    return partitions;
  }

  /** The first {@code n} values of a row as partition values; NULL reads as DuckDB names its directory locally. */
  private static List<String> partitionKey(List<Object> row, int n) {
    List<String> key = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      key.add(row.get(i) == null ? "NULL" : row.get(i).toString());
    }
    return key;
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private S3Location provenanceLocation(DatasetId id, long snapshotId) {
    return settings.work().resolve("provenance/" + id.zone().id() + "/" + id.name() + "/" + snapshotId + ".json");
  }

  private Map<String, String> provenance(DatasetId id, long snapshotId) {
    if (snapshotId < 0) {
      return Map.of();
    }
    return s3.get(provenanceLocation(id, snapshotId)).map(bytes -> {
      try {
        return JSON.readValue(bytes, new TypeReference<Map<String, String>>() {});
      } catch (IOException e) {
        return Map.<String, String>of();
      }
    }).orElse(Map.of());
  }

  @Override
  public Stream<Row> stream(DatasetId id) {
    IcebergTable table = current(id).orElseThrow(() -> new NoSuchDatasetException(id));
    AthenaExecutor.StreamedResult result = athena.stream(AthenaStatement.pinnedQuery(
        "SELECT * FROM " + pinned(id, table), List.of(), settings.database(id.zone())));
    Row.Layout layout = Row.layout(result.schema().names());
    return result.rows().map(values -> layout.row(values.toArray()));
  }

  /** The dataset at exactly the given snapshot, for a FROM clause. */
  public String pinned(DatasetId id, IcebergTable table) {
    return tableName(id) + (table.snapshotId() < 0 ? "" : " FOR VERSION AS OF " + table.snapshotId());
  }

  @Override
  public boolean delete(DatasetId id) {
    Optional<IcebergTable> table = current(id);
    if (table.isEmpty()) {
      return false;
    }
    athena.execute(AthenaStatement.write("DROP TABLE IF EXISTS " + ddlTableName(id), List.of(),
        settings.database(id.zone()), lockKey(id)));
    // Athena's DROP TABLE removes an Iceberg table's files too; this also catches any it left behind
    s3.deletePrefix(S3Location.parse(withSlash(table.get().location())));
    s3.deletePrefix(settings.work().resolve("provenance/" + id.zone().id() + "/" + id.name() + "/"));
    return true;
  }

  // ---- writing ----------------------------------------------------------------------------------------------------

  /**
   * Input aliases bound to their datasets' current snapshots: a WITH clause to put in front of a query, the snapshots
   * it reads, and the rows in each.
   */
  public record BoundInputs(String with, Map<DatasetId, IcebergTable> tables) {
    /**
     * The query with the inputs' definitions in front. They join the query's own WITH list when it has one; the query
     * is never nested in a subquery, where Trino would drop its ORDER BY.
     */
    public String wrap(String sql) {
      if (with.isEmpty()) {
        return sql;
      }
      java.util.regex.Matcher leadingWith = LEADING_WITH.matcher(sql);
      if (leadingWith.lookingAt()) {
        return with + ", " + sql.substring(leadingWith.end());
      }
      return with + " " + sql;
    }
  }

  /**
   * Binds each alias to its dataset's current snapshot.
   *
   * @throws NoSuchDatasetException when an input does not exist
   */
  public BoundInputs bind(Map<String, DatasetId> inputs) {
    return bind(null, inputs, Map.of());
  }

  /**
   * Binds each alias to its dataset's current snapshot; an optional input that does not exist becomes no rows with its
   * declared columns (and is absent from {@link BoundInputs#tables()}), an existing one must have those columns.
   *
   * @throws NoSuchDatasetException when an input that is not optional does not exist
   */
  public BoundInputs bind(String stage, Map<String, DatasetId> inputs, Map<String, Schema> optional) {
    List<String> ctes = new ArrayList<>();
    Map<DatasetId, IcebergTable> tables = new LinkedHashMap<>();
    for (Map.Entry<String, DatasetId> input : inputs.entrySet()) {
      DatasetId id = input.getValue();
      Schema declared = optional.get(input.getKey());
      IcebergTable table = tables.get(id);
      if (table == null) {
        Optional<IcebergTable> found = current(id);
        if (found.isEmpty() && declared == null) {
          throw new NoSuchDatasetException(id);
        }
        if (found.isEmpty()) {
          ctes.add(quote(input.getKey()) + " AS (SELECT " + declared.columns().stream()
              .map(c -> "CAST(NULL AS " + sqlType(c.type()) + ") AS " + quote(c.name()))
              .collect(Collectors.joining(", ")) + " FROM (VALUES 0) tk_none (tk_none) WHERE false)");
          continue;
        }
        table = found.get();
        tables.put(id, table);
      }
      if (declared != null) {
        StageInputs.checkColumns(stage, id, declared, table.schema().names());
      }
      ctes.add(quote(input.getKey()) + " AS (SELECT * FROM " + pinned(id, table) + ")");
    }
    return new BoundInputs(ctes.isEmpty() ? "" : "WITH " + String.join(", ", ctes), tables);
  }

  @Override
  public DatasetInfo write(DatasetId id, WriteSource source, WriteOptions options) {
    if (source instanceof WriteSource.Query query) {
      BoundInputs inputs = bind(query.inputs());
      return commit(id, TrinoDialect.INSTANCE.expand(inputs.wrap(query.sql())), query.params(), null, options);
    }
    WriteSource.Rows rows = (WriteSource.Rows) source;
    try (StagedTable staged = stage(rows, id.zone())) {
      return commit(id, staged.select(), List.of(), staged.schema(), options);
    }
  }

  /**
   * A temporary Glue table over uploaded Parquet; dropped (catalog entry and files) on close. Timestamps travel as
   * text ({@code 2024-04-22 08:18:00.123456}) because Athena reads Hive Parquet timestamps with milliseconds only;
   * {@link #select()} turns them back into microsecond timestamps.
   */
  public final class StagedTable implements AutoCloseable {
    private final String database;
    private final String table;
    private final S3Location location;
    private final Schema schema;

    private StagedTable(String database, String table, S3Location location, Schema schema) {
      this.database = database;
      this.table = table;
      this.location = location;
      this.schema = schema;
    }

    public String name() {
      return quote(database) + "." + quote(table);
    }

    /** The columns as the caller gave them (timestamps as timestamps). */
    public Schema schema() {
      return schema;
    }

    /** A query over the staged rows with the caller's column types. */
    public String select() {
      return "SELECT " + schema.columns().stream().map(c -> c.type() == DataType.TIMESTAMP
              ? "CAST(" + quote(c.name()) + " AS timestamp(6)) AS " + quote(c.name()) : quote(c.name()))
          .collect(Collectors.joining(", ")) + " FROM " + name();
    }

    @Override
    public void close() {
      glue.deleteTable(database, table);
      s3.deletePrefix(location);
    }
  }

  public StagedTable stage(WriteSource.Rows rows, Zone zone) {
    ParquetStaging.ParquetFile file = staging.rows(TextTimestamps.of(rows));
    return stage(file, rows.schema(), zone);
  }

  /** Uploads a Parquet file and registers a temporary table over it in the zone's database. */
  public StagedTable stage(ParquetStaging.ParquetFile file, Zone zone) {
    return stage(file, file.schema(), zone);
  }

  private StagedTable stage(ParquetStaging.ParquetFile file, Schema schema, Zone zone) {
    String name = STAGING_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    S3Location location = settings.work().resolve("staging/" + name + "/");
    String database = settings.database(zone);
    glue.ensureDatabase(database);
    try {
      s3.put(location.resolve("part-0.parquet"), file.file());
      glue.createParquetTable(database, name, file.schema(), location.uri());
      return new StagedTable(database, name, location, schema);
    } catch (RuntimeException e) {
      s3.deletePrefix(location);
      throw e;
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(file.file());
      } catch (IOException ignored) {
        // the staging directory is removed on close anyway
      }
    }
  }

  /** The columns a query returns, from Athena's result metadata of the query with no rows. */
  public Schema schemaOf(String sql, List<Object> params, String database) {
    return athena.execute(AthenaStatement.query("SELECT * FROM (" + sql + ") tk_probe LIMIT 0", params, database))
        .schema();
  }

  /**
   * Commits the query's rows as the dataset's next version, as one Iceberg commit (several when more than
   * {@value #MAX_PARTITIONS_PER_STATEMENT} partitions are written, Athena's limit per statement).
   *
   * @param schema the query's columns when already known, else null (then asked from Athena)
   */
  public DatasetInfo commit(DatasetId id, String sql, List<Object> params, Schema schema, WriteOptions options) {
    if (id.zone() == Zone.RAW && options.mode() != WriteMode.APPEND) {
      throw new InvalidInputException("The raw zone is append-only: cannot " + options.mode().name().toLowerCase()
          + " " + id + "; delete the dataset first to start it over");
    }
    String database = settings.database(id.zone());
    Schema written = schema != null ? schema : schemaOf(sql, params, database);
    Set<String> seen = new HashSet<>();
    for (String name : written.names()) {
      if (!seen.add(name)) {
        throw new InvalidInputException("Cannot write " + id + ": column " + name + " appears twice");
      }
      if (!IDENTIFIER.matcher(name).matches()) {
        throw new InvalidInputException("Cannot write " + id + ": column name '" + name
            + "' must be letters, digits and underscores, starting with a letter or underscore");
      }
    }
    for (String column : options.partitionBy()) {
      if (written.column(column).isEmpty()) {
        throw new InvalidInputException(String.format("Cannot partition %s by %s: no such column (columns: %s)",
            id, column, String.join(", ", written.names())));
      }
    }
    Schema ordered = readOrder(written, options.partitionBy());
    List<List<String>> batches = partitionBatches(sql, params, database, options.partitionBy());
    Optional<IcebergTable> existing = current(id);
    Optional<DatasetInfo> before = existing.map(t -> info(id, t));
    if (existing.isPresent() && options.mode() == WriteMode.OVERWRITE
        && !existing.get().partitionColumns().equals(options.partitionBy())) {
      return replaceTable(id, sql, params, ordered, options, before.orElseThrow());
    }
    if (existing.isPresent() && existing.get().snapshotId() >= 0) {
      evolve(id, existing.get(), ordered, options);
    }
    Schema target = existing.isPresent() ? current(id).orElseThrow().schema() : ordered;
    for (int batch = 0; batch < batches.size(); batch++) {
      List<String> values = batches.get(batch);
      String filtered = sql;
      List<Object> filteredParams = new ArrayList<>(params);
      if (values != null) {
        String column = quote(options.partitionBy().get(0));
        List<String> nonNull = values.stream().filter(java.util.Objects::nonNull).toList();
        filtered = "SELECT * FROM (" + sql + ") tk_batch WHERE CAST(" + column + " AS varchar) IN ("
            + nonNull.stream().map(v -> "?").collect(Collectors.joining(", ")) + ")"
            + (values.contains(null) ? " OR " + column + " IS NULL" : "");
        filteredParams.addAll(nonNull);
      }
      boolean first = batch == 0;
      if (first && existing.isEmpty()) {
        create(id, filtered, filteredParams, ordered, options.partitionBy());
      } else if (first && options.mode() == WriteMode.OVERWRITE) {
        replace(id, filtered, filteredParams, target, ordered, List.of());
      } else if (options.mode() == WriteMode.OVERWRITE_PARTITIONS) {
        replace(id, filtered, filteredParams, target, ordered, options.partitionBy());
      } else {
        insert(id, filtered, filteredParams, target, ordered);
      }
    }
    return recordProvenance(id, options, before);
  }

  private DatasetInfo recordProvenance(DatasetId id, WriteOptions options, Optional<DatasetInfo> before) {
    IcebergTable committed = current(id).orElseThrow();
    Map<String, String> properties = new LinkedHashMap<>();
    if (options.mode() == WriteMode.APPEND) {
      properties.putAll(before.map(DatasetInfo::properties).orElse(Map.of()));
    }
    properties.putAll(options.properties());
    properties.put("mode", options.mode().name().toLowerCase());
    properties.put(VERSION_KEY, Long.toString(before.map(DatasetInfo::version).orElse(0L) + 1));
    try {
      s3.put(provenanceLocation(id, committed.snapshotId()), JSON.writeValueAsBytes(properties));
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot record the provenance of %s: %s", id, e.getMessage());
    }
    return info(id, committed);
  }

  /**
   * An overwrite that changes the partitioning, which Athena cannot evolve in place: the rows are written to a new
   * Iceberg table, and the dataset's Glue entry is switched to the new table's metadata in one UpdateTable (the same
   * catalog operation every Iceberg commit on Glue is), guarded by the entry's version. Readers see the old table or
   * the new one; the old table's files are deleted afterwards. The new table starts a new Iceberg history.
   */
  private DatasetInfo replaceTable(DatasetId id, String sql, List<Object> params, Schema schema, WriteOptions options,
      DatasetInfo before) {
    String database = settings.database(id.zone());
    String temporary = SCRATCH_PREFIX + "new_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    DatasetId temporaryId = DatasetId.of(id.zone(), temporary);
    List<List<String>> batches = partitionBatches(sql, params, database, options.partitionBy());
    if (batches.size() > 1) {
      throw new InvalidInputException(String.format("Cannot re-partition %s by %s while writing more than %d "
          + "partitions; delete the dataset first", id, options.partitionBy(), MAX_PARTITIONS_PER_STATEMENT));
    }
    Table old = glue.table(database, id.name()).orElseThrow();
    create(temporaryId, sql, params, schema, options.partitionBy());
    try {
      Table created = glue.table(database, temporary).orElseThrow();
      glue.switchMetadata(database, old, created);
    } finally {
      glue.deleteTable(database, temporary);
    }
    S3Location oldFiles = S3Location.parse(withSlash(IcebergTable.parse(before.location(),
        s3.get(S3Location.parse(before.location())).orElseThrow()).location()));
    s3.deletePrefix(oldFiles);
    return recordProvenance(id, options, Optional.of(before));
  }

  /** Partition values in batches Athena accepts, or one batch (null: no filter) when they fit in one statement. */
  private List<List<String>> partitionBatches(String sql, List<Object> params, String database,
      List<String> partitionBy) {
    List<List<String>> single = Collections.singletonList(null);
    if (partitionBy.isEmpty()) {
      return single;
    }
    String column = quote(partitionBy.get(0));
    String keys = partitionBy.stream().map(AwsLakeStore::quote).collect(Collectors.joining(", "));
    AthenaResult counted = athena.execute(AthenaStatement.query("SELECT count(*) FROM (SELECT DISTINCT " + keys
        + " FROM (" + sql + ") tk_src) tk_partitions", params, database));
    long partitions = number(counted.rows().get(0).get(0));
    if (partitions <= MAX_PARTITIONS_PER_STATEMENT) {
      return single;
    }
    if (partitionBy.size() > 1) {
      throw new InvalidInputException(String.format("Writing %d partitions of more than one column in one write is "
          + "not supported on Athena (at most %d per statement); write fewer partitions at a time", partitions,
          MAX_PARTITIONS_PER_STATEMENT));
    }
    AthenaResult distinct = athena.execute(AthenaStatement.query("SELECT DISTINCT CAST(" + column
        + " AS varchar) AS tk_value FROM (" + sql + ") tk_src ORDER BY 1", params, database));
    List<List<String>> batches = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    for (List<Object> row : distinct.rows()) {
      if (row.get(0) == null) {
        continue;
      }
      batch.add((String) row.get(0));
      if (batch.size() == MAX_PARTITIONS_PER_STATEMENT) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    // rows whose partition value is NULL match no IN list: they go with the first batch
    batches.set(0, withNull(batches.get(0)));
    return batches;
  }

  private static List<String> withNull(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.add(null);
    return copy;
  }

  private void create(DatasetId id, String sql, List<Object> params, Schema schema, List<String> partitionBy) {
    String database = settings.database(id.zone());
    glue.ensureDatabase(database);
    S3Location location = settings.zone(id.zone()).resolve(id.name() + "/"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "/");
    StringBuilder with = new StringBuilder("table_type = 'ICEBERG', is_external = false, location = '")
        .append(location.uri()).append("', format = 'PARQUET'");
    if (!partitionBy.isEmpty()) {
      with.append(", partitioning = ARRAY[").append(partitionBy.stream().map(p -> "'" + p + "'")
          .collect(Collectors.joining(", "))).append("]");
    }
    String statement = "CREATE TABLE " + tableName(id) + " WITH (" + with + ") AS SELECT " + casts(schema, schema)
        + " FROM (" + sql + ") tk_src";
    try {
      athena.execute(AthenaStatement.write(statement, params, database, lockKey(id)));
    } catch (RuntimeException e) {
      // a failed CTAS must not leave files that would make the next attempt fail with "path already exists"
      s3.deletePrefix(location);
      throw e;
    }
  }

  private void insert(DatasetId id, String sql, List<Object> params, Schema target, Schema source) {
    athena.execute(AthenaStatement.write("INSERT INTO " + tableName(id) + " (" + columnList(target) + ") SELECT "
        + casts(target, source) + " FROM (" + sql + ") tk_src", params, settings.database(id.zone()),
        lockKey(id)));
  }

  /**
   * Replaces the dataset's rows (all of them, or those in the partitions the new rows fall into) in one commit: a MERGE
   * whose source is the new rows plus marker rows ({@code tk_replace = 1}) that every old row matches exactly once.
   * Matched old rows are deleted; new rows match nothing (their keys are NULL) and are inserted; a marker that matches
   * nothing is not inserted. Only documented MERGE syntax is used (Athena "MERGE INTO": {@code ON search_condition},
   * {@code WHEN NOT MATCHED AND condition}); no hidden column.
   *
   * <p>The {@code ON} condition is made of equalities between a target expression and a source column, so the engine
   * plans a hash join; a condition on the source alone ({@code ON s.tk_replace = 1}) would compare every old row with
   * every new one. Keys: for a full replace, whether the first column is NULL (two markers: true and false); for a
   * partition replace, per partition column its value as text and whether it is NULL, one marker per distinct
   * partition of the new rows (so the NULL partition is replaced too, as locally).
   */
  private void replace(DatasetId id, String sql, List<Object> params, Schema target, Schema source,
      List<String> partitionBy) {
    List<Object> allParams = new ArrayList<>(params);
    List<String> on = new ArrayList<>();
    List<String> newRowKeys = new ArrayList<>();
    List<String> markerKeys = new ArrayList<>();
    String markerFrom;
    if (partitionBy.isEmpty()) {
      on.add("(tk_t." + quote(target.columns().get(0).name()) + " IS NULL) = tk_s.tk_null_0");
      newRowKeys.add("CAST(NULL AS boolean) AS tk_null_0");
      markerKeys.add("tk_null_0");
      markerFrom = " FROM (VALUES true, false) tk_keys (tk_null_0)";
    } else {
      List<String> distinct = new ArrayList<>();
      for (int i = 0; i < partitionBy.size(); i++) {
        String column = quote(partitionBy.get(i));
        String type = sqlType(target.column(partitionBy.get(i)).orElseThrow().type());
        on.add("coalesce(CAST(tk_t." + column + " AS varchar), '') = tk_s.tk_key_" + i);
        on.add("(tk_t." + column + " IS NULL) = tk_s.tk_null_" + i);
        newRowKeys.add("CAST(NULL AS varchar) AS tk_key_" + i);
        newRowKeys.add("CAST(NULL AS boolean) AS tk_null_" + i);
        markerKeys.add("tk_key_" + i);
        markerKeys.add("tk_null_" + i);
        distinct.add("coalesce(CAST(CAST(" + column + " AS " + type + ") AS varchar), '') AS tk_key_" + i);
        distinct.add("(" + column + " IS NULL) AS tk_null_" + i);
      }
      markerFrom = " FROM (SELECT DISTINCT " + String.join(", ", distinct) + " FROM (" + sql + ") tk_new) tk_keys";
      allParams.addAll(params);
    }
    String nulls = target.columns().stream().map(c -> "CAST(NULL AS " + sqlType(c.type()) + ") AS " + quote(c.name()))
        .collect(Collectors.joining(", "));
    String merge = "MERGE INTO " + tableName(id) + " tk_t USING (SELECT " + casts(target, source)
        + ", CAST(NULL AS integer) AS tk_replace, " + String.join(", ", newRowKeys) + " FROM (" + sql
        + ") tk_src UNION ALL SELECT " + nulls + ", 1 AS tk_replace, " + String.join(", ", markerKeys) + markerFrom
        + ") tk_s ON (" + String.join(" AND ", on) + ") WHEN MATCHED THEN DELETE"
        + " WHEN NOT MATCHED AND tk_s.tk_replace IS NULL THEN INSERT (" + columnList(target) + ") VALUES ("
        + target.columns().stream().map(c -> "tk_s." + quote(c.name())).collect(Collectors.joining(", ")) + ")";
    // Athena takes execution parameters in SELECT, INSERT INTO, CTAS and UNLOAD only: a MERGE gets its values inline
    athena.execute(AthenaStatement.write(AthenaExecutor.inline(merge, allParams), List.of(),
        settings.database(id.zone()), lockKey(id)));
  }

  /**
   * Brings the table's schema to what a write needs. New columns are added (older rows read them as null). An
   * overwrite also drops the columns its rows do not have and re-creates a column whose type changes, so the dataset
   * ends with exactly the new rows' schema; an append or a partition overwrite may not change a column's type. Schema
   * changes are metadata-only commits made just before the data commit. The partitioning cannot change in place.
   */
  private void evolve(DatasetId id, IcebergTable table, Schema incoming, WriteOptions options) {
    if (!table.partitionColumns().equals(options.partitionBy())) {
      throw new InvalidInputException(String.format("Cannot %s %s: it is partitioned by %s, the write by %s%s",
          options.mode().name().toLowerCase(), id, table.partitionColumns(), options.partitionBy(),
          options.mode() == WriteMode.OVERWRITE ? "; on AWS an Iceberg table keeps its partitioning: delete the "
              + "dataset first to change it" : ""));
    }
    boolean overwrite = options.mode() == WriteMode.OVERWRITE;
    List<String> changed = new ArrayList<>();
    for (Column column : incoming.columns()) {
      Optional<Column> existing = table.schema().column(column.name());
      if (existing.isPresent() && existing.get().type() != column.type()
          && !(existing.get().type() == DataType.LONG && column.type() == DataType.INT)) {
        if (!overwrite) {
          throw new InvalidInputException(String.format(
              "Cannot write to %s: column %s is %s there but %s in the new rows", id, column.name(),
              existing.get().type(), column.type()));
        }
        changed.add(column.name());
      }
    }
    // added before anything is dropped: a table never has no columns
    for (Column column : incoming.columns()) {
      if (table.schema().column(column.name()).isEmpty()) {
        alter(id, "ADD COLUMNS (" + ddlQuote(column.name()) + " " + GlueCatalog.hiveType(column.type()) + ")");
      }
    }
    for (String name : changed) {
      alter(id, "DROP COLUMN " + ddlQuote(name));
      alter(id, "ADD COLUMNS (" + ddlQuote(name) + " "
          + GlueCatalog.hiveType(incoming.column(name).orElseThrow().type()) + ")");
    }
    if (overwrite) {
      for (Column column : table.schema().columns()) {
        if (incoming.column(column.name()).isEmpty()) {
          alter(id, "DROP COLUMN " + ddlQuote(column.name()));
        }
      }
    }
  }

  private void alter(DatasetId id, String change) {
    athena.execute(AthenaStatement.write("ALTER TABLE " + ddlTableName(id) + " " + change, List.of(),
        settings.database(id.zone()), lockKey(id)));
  }

  /** The source's columns cast to the target's types, in the target's order; columns the source lacks are NULL. */
  private static String casts(Schema target, Schema source) {
    return target.columns().stream().map(c -> source.column(c.name()).isPresent()
            ? "CAST(" + quote(c.name()) + " AS " + sqlType(c.type()) + ") AS " + quote(c.name())
            : "CAST(NULL AS " + sqlType(c.type()) + ") AS " + quote(c.name()))
        .collect(Collectors.joining(", "));
  }

  private static String columnList(Schema schema) {
    return schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
  }

  /** Athena's SQL type for a column type; timestamps with microseconds, as Iceberg stores them. */
  public static String sqlType(DataType type) {
    return switch (type) {
      case STRING -> "varchar";
      case INT -> "integer";
      case LONG -> "bigint";
      case DOUBLE -> "double";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp(6)";
    };
  }

  private static Schema readOrder(Schema schema, List<String> partitionColumns) {
    List<Column> ordered = new ArrayList<>();
    schema.columns().stream().filter(c -> !partitionColumns.contains(c.name())).forEach(ordered::add);
    partitionColumns.forEach(p -> ordered.add(schema.column(p).orElseThrow()));
    return new Schema(ordered);
  }

  /** Writes to one table never overlap inside this process (the emulator's Glue, and Athena, need it). */
  public String lockKey(DatasetId id) {
    return settings.database(id.zone()) + "." + id.name();
  }

  private static String withSlash(String location) {
    return location.endsWith("/") ? location : location + "/";
  }
}
