package dev.takwimu.core;

import java.util.Map;
import java.util.Objects;

/**
 * How to train: the algorithm, the seed every random choice derives from, the stratified hold-out share, and
 * algorithm parameters overriding the backend's defaults (names as the backend documents them).
 */
public record TrainingOptions(Algorithm algorithm, long seed, double testFraction, Map<String, String> parameters) {
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_TEST_FRACTION = 0.2;

  public TrainingOptions {
    Objects.requireNonNull(algorithm, "algorithm");
    parameters = Map.copyOf(parameters);
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be between 0 and 1, got " + testFraction);
    }
  }

  /** Default seed (42) and a 20% hold-out. */
  public static TrainingOptions of(Algorithm algorithm) {
    return new TrainingOptions(algorithm, DEFAULT_SEED, DEFAULT_TEST_FRACTION, Map.of());
  }

  public TrainingOptions withSeed(long newSeed) {
    return new TrainingOptions(algorithm, newSeed, testFraction, parameters);
  }

  public TrainingOptions withParameters(Map<String, String> newParameters) {
    return new TrainingOptions(algorithm, seed, testFraction, newParameters);
  }
}
