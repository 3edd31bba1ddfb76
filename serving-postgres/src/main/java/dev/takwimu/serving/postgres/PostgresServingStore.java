package dev.takwimu.serving.postgres;

import dev.takwimu.core.Column;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.InsightQuery;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.Row;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.serving.MigratedDataset;
import dev.takwimu.core.serving.MigrationReport;
import dev.takwimu.core.serving.MigrationReport.Outcome;
import dev.takwimu.core.serving.ServingStore;
import dev.takwimu.core.serving.TableSpec;
import dev.takwimu.serving.postgres.internal.Bookkeeping;
import dev.takwimu.serving.postgres.internal.Jdbc;
import dev.takwimu.serving.postgres.internal.PgNames;
import dev.takwimu.serving.postgres.internal.PgTypes;
import dev.takwimu.serving.postgres.internal.PortableSql;
import dev.takwimu.serving.postgres.internal.RowEncoder;
import dev.takwimu.serving.postgres.internal.Sessions;
import dev.takwimu.serving.postgres.internal.StoredInsights;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Lake datasets served from PostgreSQL: dataset {@code zone/name} becomes table {@code zone.name}, with the lake's
 * types, the spec's primary key and indexes, replaced whole by each migration (docs/serving.md).
 *
 * <p>A migration loads the lake's current version with COPY into a new table, checks its row count and checksum
 * against the rows read from the lake, builds the key and indexes, then drops the old table, renames the new one and
 * records the version in {@code takwimu.migrations}, all in one transaction: readers see the old table or the new
 * one, and a failed or killed migration leaves the old one (PostgreSQL rolls the new table back). The insights given to
 * {@link Builder#storeInsights} are computed in the same transaction and kept in schema {@code takwimu_insights}, so
 * that {@link #insights()} serves them without running them. One connection: for many threads, read through a
 * {@link PostgresServingReader}.
 */
public final class PostgresServingStore implements ServingStore {
  private static final int COPY_BUFFER = 1 << 16;
  private static final int ATTEMPTS = 3;

  private final String url;
  private final Connection connection;
  private final List<InsightQuery<?>> storedInsights;
  private final PostgresServingReader reader;

  private PostgresServingStore(String url, Connection connection, List<InsightQuery<?>> storedInsights) {
    this.url = url;
    this.connection = connection;
    this.storedInsights = storedInsights;
    this.reader = PostgresServingReader.shared(Sessions.shared(connection), url);
  }

  /** A store at a JDBC URL ({@code jdbc:postgresql://host:port/database}). */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /** Settings of a store; {@link #open()} connects. */
  public static final class Builder {
    private final String url;
    private String user;
    private String password;
    private List<InsightQuery<?>> storedInsights = List.of();

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** The user to connect as (default: the URL's, else the driver's default). */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The password (default: the URL's, or none). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Insights whose results each migration of one of their inputs computes and stores, so that
     * {@link PostgresServingStore#insights()} (any reader's) serves them without running them (default: none).
     * Names must differ.
     */
    public Builder storeInsights(Collection<? extends InsightQuery<?>> insights) {
      List<InsightQuery<?>> list = List.copyOf(insights);
      if (list.stream().map(InsightQuery::name).distinct().count() != list.size()) {
        throw new IllegalArgumentException("Two stored insights have the same name: "
            + list.stream().map(InsightQuery::name).toList());
      }
      this.storedInsights = list;
      return this;
    }

    /**
     * Connects and creates the bookkeeping table {@code takwimu.migrations} when missing.
     *
     * @throws TakwimuException when the server cannot be reached, refuses the login, or is not UTF-8
     */
    public PostgresServingStore open() {
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new TakwimuException("Not a PostgreSQL JDBC URL: '" + url
            + "' (expected jdbc:postgresql://HOST:PORT/DATABASE)");
      }
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      properties.setProperty("ApplicationName", "takwimu migrate");
      Connection connection;
      try {
        connection = DriverManager.getConnection(url, properties);
      } catch (SQLException e) {
        throw new TakwimuException(e, "Cannot connect to %s: %s", url, firstLine(e));
      }
      PostgresServingStore store = new PostgresServingStore(url, connection, storedInsights);
      try {
        store.prepare();
      } catch (SQLException | RuntimeException e) {
        store.close();
        throw e instanceof TakwimuException t ? t
            : new TakwimuException(e, "Cannot prepare %s for migrations: %s", url, firstLine(e));
      }
      return store;
    }
  }

  private void prepare() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SHOW server_encoding")) {
        rs.next();
        if (!"UTF8".equalsIgnoreCase(rs.getString(1))) {
          throw new TakwimuException(String.format("Database at %s has encoding %s; Takwimu serves text in UTF8 "
              + "only (create the database with ENCODING 'UTF8')", url, rs.getString(1)));
        }
      }
      statement.execute("SET DateStyle = 'ISO, YMD'");
    }
    Bookkeeping.create(connection);
    StoredInsights.create(connection);
    PortableSql.createFunctions(connection);
  }

  /**
   * Insights on this store's connection: served from the results stored at migration when they are current, else
   * run live on the served tables (docs/serving.md). For many threads, use {@link PostgresServingReader#of}.
   */
  public InsightRunner insights() {
    return reader.insights();
  }

  /** Insights always run on the served tables, never from stored results. */
  public InsightRunner liveInsights() {
    return reader.liveInsights();
  }

  /** The JDBC URL this store is connected to. */
  public String url() {
    return url;
  }

  @Override
  public MigrationReport migrate(LakeStore lake, TableSpec spec) {
    long start = System.nanoTime();
    DatasetId id = spec.dataset();
    long version = -1;
    try {
      for (int attempt = 1; ; attempt++) {
        DatasetInfo info = lake.describe(id).orElseThrow(() -> new Failure("no such dataset in the lake"));
        version = info.version();
        try {
          return migrate(lake, spec, info, start);
        } catch (LakeChanged e) {
          if (attempt == ATTEMPTS) {
            throw new Failure("the lake dataset changed " + ATTEMPTS + " times while it was read; run again");
          }
        }
      }
    } catch (Failure e) {
      rollbackQuietly();
      return failed(id, version, start, e.getMessage());
    } catch (RowEncoder.BadValueException e) {
      rollbackQuietly();
      return failed(id, version, start, e.getMessage());
    } catch (SQLException e) {
      rollbackQuietly();
      if (connectionLost(e)) {
        throw new TakwimuException(e, "Lost the connection to %s while migrating %s: %s", url, id, firstLine(e));
      }
      return failed(id, version, start, firstLine(e));
    } catch (TakwimuException e) {   // the lake could not be read
      rollbackQuietly();
      return failed(id, version, start, firstLine(e));
    }
  }

  private MigrationReport migrate(LakeStore lake, TableSpec spec, DatasetInfo info, long start)
      throws SQLException {
    DatasetId id = spec.dataset();
    List<Column> columns = info.schema().columns();
    check(spec, columns);
    Jdbc.createIfMissing(connection, "CREATE SCHEMA IF NOT EXISTS " + PgNames.quote(id.zone().id()));
    List<InsightQuery<?>> affected = storedInsights.stream().filter(q -> q.inputs().containsValue(id)).toList();
    connection.setAutoCommit(false);
    try {
      if (!affected.isEmpty()) {
        // before the dataset's lock: two migrations storing insights, each waiting for the other's table, never
        // deadlock
        Jdbc.execute(connection, "SELECT pg_advisory_xact_lock(hashtext('takwimu.insights'))");
      }
      // one migration of a dataset at a time; another waits here, then finds the version already migrated
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "takwimu.migrate:" + id);
        lock.execute();
      }
      Optional<MigratedDataset> current = migrated(id);
      if (current.isPresent() && current.get().lakeVersion() == info.version()
          && current.get().lakeCommittedAt().equals(info.committedAt()) && tableExists(id)) {
        StoredInsights.refresh(connection, affected, id);
        connection.commit();
        MigratedDataset done = current.get();
        return new MigrationReport(id, PgNames.display(id), Outcome.UP_TO_DATE, done.lakeVersion(), done.rows(),
            done.checksum(), seconds(start), "");
      }
      String staging = PgNames.qualified(id, PgNames.staging(id));
      execute("DROP TABLE IF EXISTS " + staging);
      execute("CREATE TABLE " + staging + " (" + columns.stream()
          .map(c -> PgNames.quote(c.name()) + " " + PgTypes.sqlType(c.type()))
          .collect(Collectors.joining(", ")) + ")");
      RowEncoder encoder = new RowEncoder(columns);
      long copied = copy(lake, id, columns, staging, encoder);
      long[] server = serverChecksum(staging, columns);
      if (encoder.rows() != copied || server[0] != copied) {
        throw new Failure("row counts differ: " + encoder.rows() + " read from the lake, " + server[0]
            + " in the table");
      }
      if (!RowEncoder.hex(server[1]).equals(encoder.checksum())) {
        throw new Failure(String.format("checksums differ: %s on the lake, %s in the table (%d rows)",
            encoder.checksum(), RowEncoder.hex(server[1]), copied));
      }
      if (encoder.rows() != info.rows()) {
        throw new Failure(String.format("the lake returned %d rows, its version %d says %d", encoder.rows(),
            info.version(), info.rows()));
      }
      buildIndexes(spec, staging);
      execute("ANALYZE " + staging);
      DatasetInfo after = lakeDescribe(lake, id);
      if (after.version() != info.version() || !after.committedAt().equals(info.committedAt())) {
        connection.rollback();
        throw new LakeChanged();
      }
      replace(spec, info, encoder, seconds(start));
      StoredInsights.refresh(connection, affected, id);
      connection.commit();
      return new MigrationReport(id, PgNames.display(id), Outcome.MIGRATED, info.version(), encoder.rows(),
          encoder.checksum(), seconds(start), "");
    } finally {
      if (!connection.getAutoCommit()) {
        rollbackQuietly();
        connection.setAutoCommit(true);
      }
    }
  }

  private static DatasetInfo lakeDescribe(LakeStore lake, DatasetId id) {
    return lake.describe(id).orElseThrow(() -> new Failure("the dataset was deleted from the lake while it was read"));
  }

  /** Names a spec or schema problem before anything is loaded. */
  private static void check(TableSpec spec, List<Column> columns) {
    DatasetId id = spec.dataset();
    if (!PgNames.fits(id.name()) || !PgNames.fits(id.zone().id())) {
      throw new Failure("its name is longer than PostgreSQL's " + PgNames.MAX_IDENTIFIER_BYTES + "-byte limit");
    }
    List<String> names = columns.stream().map(Column::name).toList();
    for (String name : names) {
      if (!PgNames.fits(name)) {
        throw new Failure("column " + name + " is longer than PostgreSQL's " + PgNames.MAX_IDENTIFIER_BYTES
            + "-byte limit");
      }
    }
    List<List<String>> keys = new ArrayList<>(spec.indexes());
    keys.add(spec.primaryKey());
    for (List<String> key : keys) {
      for (String column : key) {
        if (!names.contains(column)) {
          throw new Failure("key or index column " + column + " is not in the dataset (columns: "
              + String.join(", ", names) + ")");
        }
      }
    }
  }

  /** Streams the lake's rows into the staging table; returns the rows COPY stored. */
  private long copy(LakeStore lake, DatasetId id, List<Column> columns, String staging, RowEncoder encoder)
      throws SQLException {
    String sql = "COPY " + staging + " (" + columns.stream().map(c -> PgNames.quote(c.name()))
        .collect(Collectors.joining(", ")) + ") FROM STDIN";
    List<String> names = columns.stream().map(Column::name).toList();
    PGCopyOutputStream out = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, COPY_BUFFER);
    try (Stream<Row> rows = lake.stream(id)) {
      Iterator<Row> iterator = rows.iterator();
      while (iterator.hasNext()) {
        Row row = iterator.next();
        if (encoder.rows() == 0 && !row.names().equals(names)) {
          throw new LakeChanged();
        }
        out.write(encoder.encode(row));
      }
      return out.endCopy();
    } catch (IOException e) {
      throw e.getCause() instanceof SQLException sql2 ? sql2 : new SQLException(e.getMessage(), "08006", e);
    } finally {
      if (out.isActive()) {
        try {
          out.cancelCopy();
        } catch (SQLException e) {
          // the transaction is rolled back anyway
        }
      }
    }
  }

  private long[] serverChecksum(String staging, List<Column> columns) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(PgTypes.checksumQuery(staging, columns))) {
      rs.next();
      BigDecimal sum = rs.getBigDecimal(2);
      return new long[] {rs.getLong(1), sum == null ? 0 : sum.toBigInteger().longValue()};
    }
  }

  private void buildIndexes(TableSpec spec, String staging) throws SQLException {
    DatasetId id = spec.dataset();
    if (!spec.primaryKey().isEmpty()) {
      try {
        execute("ALTER TABLE " + staging + " ADD CONSTRAINT " + PgNames.quote(PgNames.stagingIndex(id, 0))
            + " PRIMARY KEY (" + columnList(spec.primaryKey()) + ")");
      } catch (SQLException e) {
        if ("23505".equals(e.getSQLState()) || "23502".equals(e.getSQLState())) {
          throw new Failure("primary key (" + String.join(", ", spec.primaryKey()) + ") does not hold: "
              + firstLine(e));
        }
        throw e;
      }
    }
    for (int n = 1; n <= spec.indexes().size(); n++) {
      execute("CREATE INDEX " + PgNames.quote(PgNames.stagingIndex(id, n)) + " ON " + staging + " ("
          + columnList(spec.indexes().get(n - 1)) + ")");
    }
  }

  /** Drops the old table, puts the new one in its place and records the version: the caller commits. */
  private void replace(TableSpec spec, DatasetInfo info, RowEncoder encoder, double seconds) throws SQLException {
    DatasetId id = spec.dataset();
    String schema = PgNames.quote(id.zone().id()) + ".";
    try {
      execute("DROP TABLE IF EXISTS " + PgNames.table(id));
    } catch (SQLException e) {
      if ("2BP01".equals(e.getSQLState())) {
        throw new Failure("other objects depend on table " + PgNames.display(id) + " (" + firstLine(e)
            + "); drop them, migrate, then create them again");
      }
      throw e;
    }
    execute("ALTER TABLE " + PgNames.qualified(id, PgNames.staging(id)) + " RENAME TO " + PgNames.quote(id.name()));
    if (!spec.primaryKey().isEmpty()) {
      execute("ALTER INDEX " + schema + PgNames.quote(PgNames.stagingIndex(id, 0)) + " RENAME TO "
          + PgNames.quote(PgNames.primaryKeyIndex(id)));
    }
    for (int n = 1; n <= spec.indexes().size(); n++) {
      execute("ALTER INDEX " + schema + PgNames.quote(PgNames.stagingIndex(id, n)) + " RENAME TO "
          + PgNames.quote(PgNames.index(id, n, spec.indexes().get(n - 1))));
    }
    Bookkeeping.record(connection, info, PgNames.display(id), encoder.rows(), encoder.checksum(), seconds);
  }

  @Override
  public Optional<Row> lookup(TableSpec table, Object... key) {
    return reader.lookup(table, key);
  }

  @Override
  public List<MigratedDataset> migrated() {
    try {
      return Bookkeeping.read(connection, null);
    } catch (SQLException e) {
      throw new TakwimuException(e, "Cannot read %s at %s: %s", Bookkeeping.TABLE, url, firstLine(e));
    }
  }

  private Optional<MigratedDataset> migrated(DatasetId id) throws SQLException {
    return Bookkeeping.read(connection, id).stream().findFirst();
  }

  private boolean tableExists(DatasetId id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      statement.setString(1, PgNames.table(id));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    Jdbc.execute(connection, sql);
  }

  private static String columnList(List<String> columns) {
    return columns.stream().map(PgNames::quote).collect(Collectors.joining(", "));
  }

  private MigrationReport failed(DatasetId id, long version, long start, String error) {
    return new MigrationReport(id, PgNames.display(id), Outcome.FAILED, version, 0, "", seconds(start),
        "Cannot migrate " + id + ": " + error);
  }

  private void rollbackQuietly() {
    try {
      if (!connection.isClosed() && !connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      // the connection is gone: the server has rolled back
    }
  }

  private boolean connectionLost(SQLException e) {
    try {
      return (e.getSQLState() != null && e.getSQLState().startsWith("08")) || connection.isClosed()
          || !connection.isValid(5);
    } catch (SQLException ignored) {
      return true;
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static String firstLine(Throwable e) {
    return Jdbc.firstLine(e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing left to do
    }
  }

  /** A problem with one dataset: the migration of that dataset fails with this message. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** The lake committed a new version of the dataset while it was read: roll back and read again. */
  private static final class LakeChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LakeChanged() {
      super(null, null, false, false);
    }
  }
}
