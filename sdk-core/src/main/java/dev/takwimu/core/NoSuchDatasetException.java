package dev.takwimu.core;

/** A dataset that was asked for has never been written (or was deleted). */
public class NoSuchDatasetException extends TakwimuException {
  private final DatasetId dataset;

  public NoSuchDatasetException(DatasetId dataset) {
    super("Dataset " + dataset + " does not exist");
    this.dataset = dataset;
  }

  public NoSuchDatasetException(DatasetId dataset, String hint) {
    super("Dataset " + dataset + " does not exist; " + hint);
    this.dataset = dataset;
  }

  public DatasetId dataset() {
    return dataset;
  }
}
