package dev.takwimu.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Stages run in order; each stage sees what the ones before it committed. */
public record Pipeline(List<EtlStage> stages) {
  public Pipeline {
    stages = List.copyOf(stages);
  }

  public static Pipeline of(EtlStage... stages) {
    return new Pipeline(List.of(stages));
  }

  /** Runs every stage, telling the listener about each finished one; stops at the first failure. */
  public List<StageReport> run(StageRunner runner, Consumer<StageReport> listener) {
    List<StageReport> reports = new ArrayList<>();
    for (EtlStage stage : stages) {
      StageReport report = runner.run(stage);
      listener.accept(report);
      reports.add(report);
    }
    return reports;
  }

  public List<StageReport> run(StageRunner runner) {
    return run(runner, report -> {});
  }
}
