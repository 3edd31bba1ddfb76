package dev.takwimu.serving.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where reads get their connection: a store's own connection, one caller at a time, or a {@link DataSource} (a pool),
 * one connection per call, so that many threads read at once. Either way the work runs with the portable SQL's
 * settings ({@link PortableSql#SETTINGS}); on a borrowed connection they are set for the call's transaction only, so
 * the pool's other users never see them.
 */
public abstract class Sessions {
  /** Work on a connection. */
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private Sessions() {}

  /** Runs the work on a connection with the portable SQL's settings. */
  public abstract <T> T with(Work<T> work) throws SQLException;

  /** Runs the work on a connection, in autocommit: for plain SQL (a look-up by key). */
  public abstract <T> T plain(Work<T> work) throws SQLException;

  /** A connection shared by its owner's calls, which take turns; its session settings are made once. */
  public static Sessions shared(Connection connection) {
    return new Shared(connection);
  }

  /** A connection borrowed from the source for each call and closed (given back) after it. */
  public static Sessions pooled(DataSource source) {
    return new Pooled(source);
  }

  private static final class Shared extends Sessions {
    private final Connection connection;
    private boolean prepared;

    Shared(Connection connection) {
      this.connection = connection;
    }

    @Override
    public synchronized <T> T with(Work<T> work) throws SQLException {
      if (!prepared) {
        PortableSql.createFunctions(connection);
        Jdbc.execute(connection, PortableSql.SETTINGS.replace("SET LOCAL", "SET"));
        prepared = true;
      }
      return work.apply(connection);
    }

    @Override
    public synchronized <T> T plain(Work<T> work) throws SQLException {
      return work.apply(connection);
    }
  }

  private static final class Pooled extends Sessions {
    private final DataSource source;
    private volatile boolean functionsChecked;

    Pooled(DataSource source) {
      this.source = source;
    }

    @Override
    public <T> T with(Work<T> work) throws SQLException {
      try (Connection connection = source.getConnection()) {
        boolean autoCommit = connection.getAutoCommit();
        if (!functionsChecked) {
          connection.setAutoCommit(true);
          PortableSql.createFunctions(connection);
          functionsChecked = true;
        }
        connection.setAutoCommit(false);
        try {
          Jdbc.execute(connection, PortableSql.SETTINGS);
          T result = work.apply(connection);
          connection.commit();
          return result;
        } finally {
          if (!connection.getAutoCommit()) {
            try {
              connection.rollback();   // after a commit: nothing to undo; after a failure: the aborted transaction
            } finally {
              connection.setAutoCommit(autoCommit);
            }
          }
        }
      }
    }

    @Override
    public <T> T plain(Work<T> work) throws SQLException {
      try (Connection connection = source.getConnection()) {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
        return work.apply(connection);
      }
    }
  }
}
