package dev.takwimu.core;

/**
 * One row's prediction by a {@link TrainedModel}.
 *
 * @param id the row's id column, as text
 * @param probability the model's probability of the positive class, in [0, 1]
 * @param label whether {@code probability} reaches the model's threshold
 */
public record Prediction(String id, double probability, boolean label) {}
