package dev.takwimu.core;

import java.time.Duration;

/**
 * What one scoring run wrote.
 *
 * @param output the scores dataset
 * @param version its committed version
 * @param rows customers scored
 * @param positives customers whose probability reached the model's threshold
 * @param modelVersion the model that scored
 * @param duration wall-clock time
 */
public record ScoreReport(DatasetId output, long version, long rows, long positives, String modelVersion, Duration duration) {}
