package dev.takwimu.aws.internal;

import java.time.Duration;

/**
 * What one Athena execution cost.
 *
 * @param executionId Athena's query execution id
 * @param bytesScanned data scanned, which Athena bills by
 * @param engineTime time the engine spent executing
 * @param reused whether Athena answered from a previous execution's result (result reuse)
 */
public record QueryStats(String executionId, long bytesScanned, Duration engineTime, boolean reused) {
  public static final QueryStats NONE = new QueryStats("", 0, Duration.ZERO, false);

  /** The sum of two executions' costs (the id is the later one's). */
  public QueryStats plus(QueryStats other) {
    return new QueryStats(other.executionId, bytesScanned + other.bytesScanned, engineTime.plus(other.engineTime),
        reused && other.reused);
  }
}
