package dev.takwimu.core;

/** One place data lives and is processed (local files and DuckDB, or AWS); obtain one from {@link Backends}. */
public interface Backend extends AutoCloseable {

  /** The name it is chosen by in configuration, e.g. {@code local}. */
  String name();

  LakeStore lake();

  Ingestor ingestor();

  StageRunner stages();

  InsightRunner insights();

  /** Trains and loads models over lake datasets. */
  ModelTrainer models();

  /** Releases what the backend opened; never throws. */
  @Override
  void close();
}
