package dev.takwimu.core;

/**
 * A write could not commit because another writer (in this or another process) held the dataset's lock for longer than
 * the backend was configured to wait. Nothing was committed; the write can be retried.
 */
public class DatasetBusyException extends TakwimuException {
  private final DatasetId dataset;

  public DatasetBusyException(DatasetId dataset, String message) {
    super(message);
    this.dataset = dataset;
  }

  /** The dataset another writer was committing to. */
  public DatasetId dataset() {
    return dataset;
  }
}
