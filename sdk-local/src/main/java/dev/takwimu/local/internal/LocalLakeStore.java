package dev.takwimu.local.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.CompactionReport;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Row;
import dev.takwimu.core.Schema;
import dev.takwimu.core.SupportsCompaction;
import dev.takwimu.core.SupportsParquetExport;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import dev.takwimu.core.spi.StageInputs;
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.engine.duckdb.DuckDbDialect;
import dev.takwimu.engine.duckdb.RowsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The local lake: datasets as directories of Parquet files with versioned manifests, written and read by DuckDB. */
public final class LocalLakeStore implements LakeStore, SupportsParquetExport, SupportsCompaction {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
  private final Path root;
  private final DuckDb duck;
  private final int retainVersions;
  private final java.time.Duration lockWait;
  private final LocalCompactor compactor;

  /** A lake whose commits wait at most {@code lockWait} for another writer of a dataset (null: as long as it takes). */
  public LocalLakeStore(Path root, DuckDb duck, int retainVersions, java.time.Duration lockWait) {
    this.root = root;
    this.duck = duck;
    this.retainVersions = retainVersions;
    this.lockWait = lockWait;
    DatasetDirectory.requireAtomicMoves(root);
    this.compactor = new LocalCompactor(duck, this, retainVersions);
  }

  /**
   * Rows written by one commit and the version it produced; or, when {@code committed} is false, the current one (null
   * when the dataset does not exist).
   */
  public record WriteResult(DatasetInfo info, long rowsWritten, boolean committed) {}

  @Override
  public List<DatasetInfo> list() {
    List<DatasetInfo> all = new ArrayList<>();
    for (Zone zone : Zone.values()) {
      Path zoneDirectory = root.resolve(zone.id());
      if (!Files.isDirectory(zoneDirectory)) {
        continue;
      }
      try (Stream<Path> children = Files.list(zoneDirectory)) {
        for (Path child : children.sorted().toList()) {
          String name = child.getFileName().toString();
          if (Files.isDirectory(child) && !name.startsWith(".") && IDENTIFIER.matcher(name).matches()) {
            describe(DatasetId.of(zone, name)).ifPresent(all::add);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  @Override
  public Optional<DatasetInfo> describe(DatasetId id) {
    DatasetDirectory directory = directory(id);
    return directory.current().map(m -> m.toInfo(directory.versionDirectory(m.version())));
  }

  @Override
  public DatasetInfo write(DatasetId id, WriteSource source, WriteOptions options) {
    duck.lock().lock();
    try {
      if (source instanceof WriteSource.Query query) {
        bindInputs(query.inputs());
        return writeQuery(id, query.sql(), query.params(), options).info();
      }
      try (RowsTable table = RowsTable.load(duck, (WriteSource.Rows) source)) {
        return writeQuery(id, "SELECT * FROM " + table.name(), List.of(), options).info();
      }
    } finally {
      duck.lock().unlock();
    }
  }

  @Override
  public Stream<Row> stream(DatasetId id) {
    Manifest manifest = requireCurrent(id);
    return select(id, manifest, columnList(manifest), "");
  }

  /**
   * Streams {@code SELECT selectList FROM <version> tail} over exactly the given committed version, on a connection
   * of its own (later commits and writes on the main connection do not disturb it). The caller builds selectList and
   * tail from validated column names only.
   */
  Stream<Row> select(DatasetId id, Manifest manifest, String selectList, String tail) {
    DatasetDirectory directory = directory(id);
    Connection connection = duck.duplicate();
    try {
      PreparedStatement statement = connection.prepareStatement(
          "SELECT " + selectList + " FROM " + scan(manifest, "$1") + tail);
      if (!manifest.files().isEmpty()) {
        statement.setObject(1, directory.versionDirectory(manifest.version()) + "/**/*.parquet");
      }
      ResultSet result = statement.executeQuery();
      Row.Layout layout = Row.layout(DuckDb.columnNames(result.getMetaData()));
      Class<?>[] readTypes = DuckDb.readTypes(result.getMetaData());
      Spliterator<Row> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
        @Override
        public boolean tryAdvance(Consumer<? super Row> action) {
          try {
            if (!result.next()) {
              return false;
            }
            action.accept(layout.row(DuckDb.values(result, readTypes)));
            return true;
          } catch (SQLException e) {
            throw DuckDb.translate(e, "read " + id);
          }
        }
      };
      return StreamSupport.stream(rows, false).onClose(() -> closeQuietly(result, statement, connection));
    } catch (SQLException e) {
      closeQuietly(null, null, connection);
      throw DuckDb.translate(e, "read " + id);
    }
  }

  @Override
  public long exportParquet(DatasetId id, Path target) {
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    duck.lock().lock();
    try {
      Files.createDirectories(absolute.getParent());
      Manifest manifest = requireCurrent(id);
      List<Object> params = new ArrayList<>();
      if (!manifest.files().isEmpty()) {
        params.add(directory(id).versionDirectory(manifest.version()) + "/**/*.parquet");
      }
      params.add(temp.toString());
      long rows = duck.executeCount("COPY (SELECT " + columnList(manifest) + " FROM " + scan(manifest, "?")
          + ") TO ? (FORMAT parquet)", params);
      Files.move(temp, absolute, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return rows;
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot export %s to %s: %s", id, target, e.getMessage());
    } finally {
      deleteQuietly(temp);
      duck.lock().unlock();
    }
  }

  @Override
  public CompactionReport compact(DatasetId id, CompactionOptions options) {
    java.util.Objects.requireNonNull(options, "options");
    return compactor.compact(id, options, false).orElseThrow(() -> new NoSuchDatasetException(id, hint(id)));
  }

  /** Compacts the dataset when it exists, tiered as after a stream's flush; empty when it does not. */
  Optional<CompactionReport> compactIfExists(DatasetId id, CompactionOptions options) {
    return compactor.compact(id, options, true);
  }

  LocalCompactor compactor() {
    return compactor;
  }

  @Override
  public boolean delete(DatasetId id) {
    return directory(id).delete();
  }

  /** Makes each alias a view of its dataset's current version, for the statements that follow; returns rows per input. */
  public Map<DatasetId, Long> bindInputs(Map<String, DatasetId> inputs) {
    Map<DatasetId, Long> rows = new LinkedHashMap<>();
    for (Map.Entry<String, DatasetId> input : inputs.entrySet()) {
      rows.put(input.getValue(), bindInput(input.getKey(), input.getValue()));
    }
    return rows;
  }

  private long bindInput(String alias, DatasetId id) {
    checkAlias(alias);
    Manifest manifest = directory(id).current().orElseThrow(() -> new NoSuchDatasetException(id, hint(id)));
    return bindInput(alias, id, manifest);
  }

  /** A stage's inputs as bound: rows of each (0 for a missing optional one), version of each existing one. */
  public record BoundInputs(Map<DatasetId, Long> rows, Map<DatasetId, Long> versions) {}

  /**
   * Makes each alias a view of its dataset's current version, or, for a missing optional input, of no rows with the
   * declared columns; an existing optional input must have them.
   *
   * @throws NoSuchDatasetException when an input that is not optional does not exist
   */
  public BoundInputs bindStageInputs(String stage, Map<String, DatasetId> inputs, Map<String, Schema> optional) {
    Map<DatasetId, Long> rows = new LinkedHashMap<>();
    Map<DatasetId, Long> versions = new LinkedHashMap<>();
    for (Map.Entry<String, DatasetId> input : inputs.entrySet()) {
      String alias = input.getKey();
      DatasetId id = input.getValue();
      checkAlias(alias);
      Optional<Manifest> manifest = directory(id).current();
      Schema declared = optional.get(alias);
      if (manifest.isEmpty() && declared == null) {
        throw new NoSuchDatasetException(id, hint(id));
      }
      if (manifest.isEmpty()) {
        duck.execute("CREATE OR REPLACE TEMP VIEW " + alias + " AS SELECT " + declared.columns().stream()
            .map(c -> "CAST(NULL AS " + DuckDb.sqlType(c.type()) + ") AS " + quote(c.name()))
            .collect(Collectors.joining(", ")) + " LIMIT 0");
        rows.putIfAbsent(id, 0L);
        continue;
      }
      if (declared != null) {
        StageInputs.checkColumns(stage, id, declared, manifest.get().schema().stream().map(c -> c.name()).toList());
      }
      rows.put(id, bindInput(alias, id, manifest.get()));
      versions.put(id, manifest.get().version());
    }
    return new BoundInputs(rows, versions);
  }

  private static void checkAlias(String alias) {
    if (!IDENTIFIER.matcher(alias).matches()) {
      throw new IllegalArgumentException("Invalid input alias '" + alias + "': use lower-case letters, digits and _");
    }
  }

  private long bindInput(String alias, DatasetId id, Manifest manifest) {
    String variable = "tk_in_" + alias;
    if (!manifest.files().isEmpty()) {
      duck.execute("SET VARIABLE " + variable + " = ?",
          List.of(directory(id).versionDirectory(manifest.version()) + "/**/*.parquet"));
    }
    duck.execute("CREATE OR REPLACE TEMP VIEW " + alias + " AS SELECT " + columnList(manifest) + " FROM "
        + scan(manifest, "getvariable('" + variable + "')"));
    return manifest.rows();
  }

  private static String hint(DatasetId id) {
    return switch (id.zone()) {
      case RAW -> "ingest the export first (takwimu ingest)";
      case CURATED -> "run the curate stages first (takwimu curate)";
      case CLEANED -> "run the features stage first (takwimu features)";
      case QUARANTINE -> "no stage has quarantined rows into it yet";
    };
  }

  /**
   * Runs the query and commits its rows as the dataset's next version. The caller holds the DuckDB lock and has bound
   * the query's inputs.
   */
  public WriteResult writeQuery(DatasetId id, String sql, List<Object> params, WriteOptions options) {
    return writeQuery(id, sql, params, options, current -> false);
  }

  /**
   * As {@link #writeQuery(DatasetId, String, List, WriteOptions)}, but commits nothing when {@code skip} accepts the
   * properties of the current version, decided under the dataset's lock that every process's writers take.
   */
  public WriteResult writeQuery(DatasetId id, String sql, List<Object> params, WriteOptions options,
      Predicate<Map<String, String>> skip) {
    try (PreparedWrite write = prepare(id, sql, params, options, skip)) {
      return commit(List.of(write)).get(0);
    }
  }

  /**
   * A write whose files are staged but not committed: {@link #commit(List)} makes it (with others) visible; closing it
   * removes whatever was not committed.
   */
  public static final class PreparedWrite implements AutoCloseable {
    private final DatasetId id;
    private final Schema schema;
    private final WriteOptions options;
    private final Predicate<Map<String, String>> skip;
    private final Map<String, Long> rowsByFile;
    private final DatasetDirectory.Staging staging;

    private PreparedWrite(DatasetId id, Schema schema, WriteOptions options, Predicate<Map<String, String>> skip,
        Map<String, Long> rowsByFile, DatasetDirectory.Staging staging) {
      this.id = id;
      this.schema = schema;
      this.options = options;
      this.skip = skip;
      this.rowsByFile = rowsByFile;
      this.staging = staging;
    }

    public DatasetId id() {
      return id;
    }

    @Override
    public void close() {
      staging.close();
    }
  }

  /**
   * Runs the query into a staging directory of the dataset, committing nothing yet. The caller holds the DuckDB lock
   * and has bound the query's inputs; {@code skip} is asked at commit time, under the dataset's lock.
   */
  public PreparedWrite prepare(DatasetId id, String sql, List<Object> params, WriteOptions options,
      Predicate<Map<String, String>> skip) {
    if (id.zone() == Zone.RAW && options.mode() != WriteMode.APPEND) {
      throw new InvalidInputException("The raw zone is append-only: cannot " + options.mode().name().toLowerCase()
          + " " + id + "; delete the dataset first to start it over");
    }
    Schema schema = duck.describe(sql, params);
    for (String column : options.partitionBy()) {
      if (!IDENTIFIER.matcher(column).matches() || schema.column(column).isEmpty()) {
        throw new InvalidInputException(String.format("Cannot partition %s by %s: no such column (columns: %s)",
            id, column, String.join(", ", schema.names())));
      }
    }
    Set<String> seen = new java.util.HashSet<>();
    for (String name : schema.names()) {
      if (!seen.add(name)) {
        throw new InvalidInputException("Cannot write " + id + ": column " + name + " appears twice");
      }
    }
    String typed = "SELECT " + schema.columns().stream()
        .map(c -> "CAST(" + quote(c.name()) + " AS " + DuckDb.sqlType(c.type()) + ") AS " + quote(c.name()))
        .collect(Collectors.joining(", ")) + " FROM (" + sql + ") tk_source";
    String writeId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    DatasetDirectory.Staging staging = directory(id).stage(writeId);
    try {
      // RETURN_STATS reports the rows of every file written, which the manifest records
      Map<String, Long> rowsByFile;
      if (options.partitionBy().isEmpty()) {
        List<Object> copyParams = new ArrayList<>(params);
        copyParams.add(staging.directory().resolve("part-" + writeId + ".parquet").toString());
        rowsByFile = duck.copyWithStats("COPY (" + typed + ") TO ? (FORMAT parquet, RETURN_STATS true)", copyParams);
      } else {
        List<Object> copyParams = new ArrayList<>(params);
        copyParams.add(staging.directory().toString());
        rowsByFile = duck.copyWithStats("COPY (" + typed + ") TO ? (FORMAT parquet, PARTITION_BY ("
            + String.join(", ", options.partitionBy()) + "), FILENAME_PATTERN 'part-" + writeId
            + "-{i}', OVERWRITE_OR_IGNORE, RETURN_STATS true)", copyParams);
      }
      return new PreparedWrite(id, schema, options, skip, rowsByFile, staging);
    } catch (RuntimeException e) {
      staging.close();
      throw e;
    }
  }

  /**
   * Commits prepared writes of different datasets so that readers see all of them or none of them (one write is one
   * ordinary commit). A write whose {@code skip} accepts its dataset's current properties (empty when the dataset does
   * not exist) commits nothing; its result then describes the current version with {@code committed} false.
   */
  public List<WriteResult> commit(List<PreparedWrite> writes) {
    Manifest[] skippedFor = new Manifest[writes.size()];
    List<DatasetDirectory.Part> parts = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      PreparedWrite write = writes.get(i);
      int index = i;
      parts.add(new DatasetDirectory.Part(directory(write.id), write.staging.directory(),
          (previous, version, stagingDir) -> {
            if (write.skip.test(previous.map(Manifest::properties).orElse(Map.of()))) {
              skippedFor[index] = previous.orElse(null);
              return null;
            }
            return manifest(write.id, version, previous, stagingDir, write.schema, write.options, write.rowsByFile);
          }));
    }
    List<Manifest> committed = DatasetDirectory.commitAll(parts, retainVersions);
    List<WriteResult> results = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      DatasetDirectory directory = directory(writes.get(i).id);
      Manifest manifest = committed.get(i);
      if (manifest == null) {
        Manifest skipped = skippedFor[i];
        results.add(new WriteResult(skipped == null ? null
            : skipped.toInfo(directory.versionDirectory(skipped.version())), 0, false));
      } else {
        long rows = writes.get(i).rowsByFile.values().stream().mapToLong(Long::longValue).sum();
        results.add(new WriteResult(manifest.toInfo(directory.versionDirectory(manifest.version())), rows, true));
      }
    }
    return results;
  }

  private Manifest manifest(DatasetId id, long version, Optional<Manifest> previous, Path staging, Schema written,
      WriteOptions options, Map<String, Long> rowsByFile) throws IOException {
    List<String> partitionColumns = options.partitionBy();
    List<Manifest.FileEntry> files = new ArrayList<>(newFiles(staging, partitionColumns, rowsByFile));
    Schema schema = readOrder(written, partitionColumns);
    Map<String, String> properties = new LinkedHashMap<>();
    if (previous.isPresent() && options.mode() != WriteMode.OVERWRITE) {
      Manifest before = previous.get();
      if (!before.partitionColumns().equals(partitionColumns)) {
        throw new InvalidInputException(String.format("Cannot %s %s: it is partitioned by %s, the write by %s",
            options.mode().name().toLowerCase(), id, before.partitionColumns(), partitionColumns));
      }
      schema = merge(id, before.toSchema(), schema, partitionColumns);
      Set<Map<String, String>> replaced = options.mode() == WriteMode.OVERWRITE_PARTITIONS
          ? files.stream().map(Manifest.FileEntry::partition).collect(Collectors.toSet()) : Set.of();
      Path previousDirectory = directory(id).versionDirectory(before.version());
      for (Manifest.FileEntry file : before.files()) {
        if (!replaced.contains(file.partition())) {
          DatasetDirectory.linkOrCopy(previousDirectory.resolve(file.path()), staging.resolve(file.path()));
          files.add(file);
        }
      }
      if (options.mode() == WriteMode.APPEND) {
        properties.putAll(before.properties());
      }
    }
    properties.putAll(options.properties());
    properties.put("mode", options.mode().name().toLowerCase());
    return new Manifest(Manifest.FORMAT, id.toString(), version, Instant.now().toString(), Manifest.entries(schema),
        partitionColumns, files, properties);
  }

  /** The files a write put in its staging directory, with the row counts its COPY reported. */
  private List<Manifest.FileEntry> newFiles(Path staging, List<String> partitionColumns, Map<String, Long> written)
      throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(staging)) {
      paths = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
    if (paths.isEmpty()) {
      return List.of();
    }
    Map<String, Long> rowsByFile = new HashMap<>();
    written.forEach((file, rows) -> rowsByFile.put(Path.of(file).toString(), rows));
    if (paths.stream().anyMatch(p -> !rowsByFile.containsKey(p.toString()))) {
      rowsByFile.clear(); // not expected: then count from the files' footers
      readRowCounts(staging, rowsByFile);
    }
    List<Manifest.FileEntry> files = new ArrayList<>();
    for (Path path : paths) {
      Path relative = staging.relativize(path);
      Map<String, String> partition = new LinkedHashMap<>();
      if (!partitionColumns.isEmpty()) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
          String segment = relative.getName(i).toString();
          int eq = segment.indexOf('=');
          if (eq > 0) {
            partition.put(segment.substring(0, eq), java.net.URLDecoder.decode(segment.substring(eq + 1),
                java.nio.charset.StandardCharsets.UTF_8));
          }
        }
      }
      files.add(new Manifest.FileEntry(relative.toString().replace('\\', '/'),
          rowsByFile.getOrDefault(path.toString(), 0L), Files.size(path), partition));
    }
    return files;
  }

  private void readRowCounts(Path staging, Map<String, Long> rowsByFile) {
    for (Row row : duck.query("SELECT file_name, sum(row_group_num_rows) FROM (SELECT DISTINCT file_name, row_group_id,"
        + " row_group_num_rows FROM parquet_metadata(?)) GROUP BY file_name", List.of(staging + "/**/*.parquet"))) {
      rowsByFile.put(Path.of((String) row.get(0)).toString(), ((Number) row.get(1)).longValue());
    }
  }

  private static Schema readOrder(Schema schema, List<String> partitionColumns) {
    List<Column> ordered = new ArrayList<>();
    schema.columns().stream().filter(c -> !partitionColumns.contains(c.name())).forEach(ordered::add);
    partitionColumns.forEach(p -> ordered.add(schema.column(p).orElseThrow()));
    return new Schema(ordered);
  }

  /** Columns of an append: the existing ones, then new ones; a column may not change type. */
  private static Schema merge(DatasetId id, Schema before, Schema added, List<String> partitionColumns) {
    Map<String, Column> columns = new LinkedHashMap<>();
    before.columns().stream().filter(c -> !partitionColumns.contains(c.name())).forEach(c -> columns.put(c.name(), c));
    for (Column column : added.columns()) {
      Column existing = columns.get(column.name());
      if (existing != null && existing.type() != column.type()) {
        throw new InvalidInputException(String.format("Cannot write to %s: column %s is %s there but %s in the new rows",
            id, column.name(), existing.type(), column.type()));
      }
      if (!partitionColumns.contains(column.name())) {
        columns.putIfAbsent(column.name(), column);
      }
    }
    partitionColumns.forEach(p -> columns.put(p, added.column(p).orElseThrow()));
    return new Schema(new ArrayList<>(columns.values()));
  }

  /** A table expression reading a version; {@code pathExpression} yields the glob of its directory. */
  String scan(Manifest manifest, String pathExpression) {
    if (manifest.files().isEmpty()) {
      return "(SELECT " + manifest.schema().stream()
          .map(c -> "CAST(NULL AS " + DuckDb.sqlType(c.type()) + ") AS " + quote(c.name()))
          .collect(Collectors.joining(", ")) + " LIMIT 0) tk_empty";
    }
    if (manifest.partitionColumns().isEmpty()) {
      return "read_parquet(" + pathExpression + ", union_by_name = true)";
    }
    Map<String, DataType> types = new HashMap<>();
    manifest.schema().forEach(c -> types.put(c.name(), c.type()));
    String hiveTypes = manifest.partitionColumns().stream()
        .map(p -> "'" + p + "': '" + DuckDb.sqlType(types.get(p)) + "'")
        .collect(Collectors.joining(", "));
    return "read_parquet(" + pathExpression + ", hive_partitioning = true, union_by_name = true, hive_types = {"
        + hiveTypes + "})";
  }

  private static String columnList(Manifest manifest) {
    return manifest.schema().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
  }

  Manifest requireCurrent(DatasetId id) {
    return directory(id).current().orElseThrow(() -> new NoSuchDatasetException(id, hint(id)));
  }

  DatasetDirectory directory(DatasetId id) {
    return new DatasetDirectory(root, id, lockWait);
  }

  static String quote(String identifier) {
    return DuckDbDialect.INSTANCE.quote(identifier);
  }

  private static void deleteQuietly(Path path) {
    try {
      DatasetDirectory.deleteRecursively(path);
    } catch (IOException ignored) {
      // staging debris is also removed by later commits
    }
  }

  private static void closeQuietly(ResultSet result, PreparedStatement statement, Connection connection) {
    for (AutoCloseable closeable : new AutoCloseable[] {result, statement, connection}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // nothing useful to do while releasing a reader
        }
      }
    }
  }
}
