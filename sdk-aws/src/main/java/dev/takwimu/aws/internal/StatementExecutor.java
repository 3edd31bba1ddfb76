package dev.takwimu.aws.internal;

/** Runs one Athena statement to completion; {@link AthenaExecutor#execute} is the implementation. */
@FunctionalInterface
interface StatementExecutor {
  AthenaResult execute(AthenaStatement statement);
}
