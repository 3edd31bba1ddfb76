package dev.takwimu.local;

import dev.takwimu.core.Backend;
import dev.takwimu.core.CompactionOptions;
import dev.takwimu.core.Ingestor;
import dev.takwimu.core.InsightRunner;
import dev.takwimu.core.LakeStore;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.StageRunner;
import dev.takwimu.core.TakwimuException;
import dev.takwimu.core.stream.StreamSinks;
import dev.takwimu.core.stream.SupportsStreaming;
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.local.internal.IoReasons;
import dev.takwimu.local.internal.LocalIngestor;
import dev.takwimu.local.internal.LocalInsightRunner;
import dev.takwimu.local.internal.LocalLakeStore;
import dev.takwimu.local.internal.LocalModelTrainer;
import dev.takwimu.local.internal.LocalStageRunner;
import dev.takwimu.local.internal.LocalStreamSink;
import dev.takwimu.local.internal.SpillDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The local backend: the lake is a directory of Parquet files and embedded DuckDB does the work, within a memory limit,
 * spilling to a directory of its own under {@code <lake>/.spill} when data outgrows it. No service to start. Any number
 * of backends, in one process or several, may use one lake at once.
 *
 * <pre>{@code
 * try (Backend backend = LocalBackend.builder().lake(Path.of("lake")).build()) { ... }
 * }</pre>
 */
public final class LocalBackend implements Backend, SupportsStreaming {
  /** Default DuckDB memory limit; large GROUP BYs spill to disk beyond it. */
  public static final String DEFAULT_MEMORY_LIMIT = "1GB";
  /** Committed versions kept per dataset (the current one included). */
  public static final int DEFAULT_RETAINED_VERSIONS = 3;
  /**
   * When a stream sink compacts after a flush: once a partition of its raw or quarantine dataset holds 100 files under
   * 96 MiB, into files of 128 MiB (docs/streaming.md, "Compaction").
   */
  public static final CompactionOptions DEFAULT_STREAM_COMPACTION = CompactionOptions.DEFAULT.withMinFiles(100);

  private final Path lake;
  private final SpillDirectory spill;
  private final DuckDb duck;
  private final LocalLakeStore lakeStore;
  private final LocalIngestor ingestor;
  private final LocalStageRunner stages;
  private final LocalInsightRunner insights;
  private final LocalModelTrainer models;
  private final CompactionOptions streamCompaction;

  private LocalBackend(Builder builder) {
    this.lake = builder.lake.toAbsolutePath().normalize();
    try {
      Files.createDirectories(lake);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot create the lake at %s: %s", lake, IoReasons.of(e));
    }
    // DuckDB's temporary files are not safe to share: each backend spills into a directory of its own
    this.spill = SpillDirectory.open(builder.spillDirectory != null ? builder.spillDirectory : lake.resolve(".spill"));
    DuckDb started = null;
    try {
      started = new DuckDb(builder.memoryLimit, builder.threads, spill.directory());
      this.lakeStore = new LocalLakeStore(lake, started, builder.retainedVersions, builder.lockWait);
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      spill.close();
      throw e;
    }
    this.duck = started;
    this.ingestor = new LocalIngestor(duck, lakeStore);
    this.stages = new LocalStageRunner(duck, lakeStore);
    this.insights = new LocalInsightRunner(duck, lakeStore);
    this.models = new LocalModelTrainer(lakeStore);
    this.streamCompaction = builder.streamCompaction;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A local backend on the given lake directory, with default settings. */
  public static LocalBackend open(Path lake) {
    return builder().lake(lake).build();
  }

  /** The lake's root directory. */
  public Path lakeDirectory() {
    return lake;
  }

  /** The directory this backend spills into: its own, deleted on close. */
  public Path spillDirectory() {
    return spill.directory();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public LakeStore lake() {
    return lakeStore;
  }

  @Override
  public Ingestor ingestor() {
    return ingestor;
  }

  @Override
  public StageRunner stages() {
    return stages;
  }

  @Override
  public InsightRunner insights() {
    return insights;
  }

  @Override
  public ModelTrainer models() {
    return models;
  }

  /**
   * Stream sinks appending to this lake, exactly once per offset, one commit per flush; they compact the datasets
   * after a flush as {@link Builder#streamCompaction} says.
   */
  @Override
  public StreamSinks streams() {
    return (format, hints, clock) -> new LocalStreamSink(duck, lakeStore, format, hints, clock, streamCompaction);
  }

  @Override
  public void close() {
    try {
      duck.close();
    } finally {
      spill.close();
    }
  }

  /** Settings of a local backend; only the lake directory is required. */
  public static final class Builder {
    private Path lake;
    private String memoryLimit = DEFAULT_MEMORY_LIMIT;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Path spillDirectory;
    private int retainedVersions = DEFAULT_RETAINED_VERSIONS;
    private java.time.Duration lockWait;
    private CompactionOptions streamCompaction = DEFAULT_STREAM_COMPACTION;

    private Builder() {}

    public Builder lake(Path directory) {
      this.lake = directory;
      return this;
    }

    /** DuckDB's memory limit, e.g. {@code 512MB} or {@code 4GB}. */
    public Builder memoryLimit(String limit) {
      this.memoryLimit = Objects.requireNonNull(limit, "memoryLimit");
      return this;
    }

    public Builder threads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + count);
      }
      this.threads = count;
      return this;
    }

    /**
     * Where DuckDB spills when memory runs short, defaults to {@code <lake>/.spill}. Each backend uses a subdirectory
     * of its own, deleted on close; those of killed processes are deleted by the next backend opened on it.
     */
    public Builder spillDirectory(Path directory) {
      this.spillDirectory = directory;
      return this;
    }

    /** How many committed versions each dataset keeps, at least 2 so readers of the previous one are not cut off. */
    public Builder retainedVersions(int count) {
      if (count < 2) {
        throw new IllegalArgumentException("retainedVersions must be at least 2, got " + count);
      }
      this.retainedVersions = count;
      return this;
    }

    /**
     * How long a commit waits for another writer of the same dataset (in this or another process) before it fails with
     * a {@link dev.takwimu.core.DatasetBusyException}; zero fails at once. By default it waits as long as it takes:
     * a commit holds the lock only while it renames files, not while it computes the data.
     */
    public Builder lockWait(java.time.Duration wait) {
      if (wait != null && wait.isNegative()) {
        throw new IllegalArgumentException("lockWait must not be negative, got " + wait);
      }
      this.lockWait = wait;
      return this;
    }

    /**
     * When stream sinks compact their datasets, on the flushing thread, after a flush that committed: once a partition
     * holds {@code minFiles} small files (default {@link #DEFAULT_STREAM_COMPACTION}); null never compacts.
     */
    public Builder streamCompaction(CompactionOptions options) {
      this.streamCompaction = options;
      return this;
    }

    public LocalBackend build() {
      Objects.requireNonNull(lake, "lake directory");
      return new LocalBackend(this);
    }
  }
}
