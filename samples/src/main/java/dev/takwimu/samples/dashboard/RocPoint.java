package dev.takwimu.samples.dashboard;

/** One point of a ROC curve, both rates between 0 and 1. */
public record RocPoint(double falsePositiveRate, double truePositiveRate) {}
