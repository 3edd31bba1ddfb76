package dev.takwimu.safaricom;

import dev.takwimu.core.ModelDefinition;
import java.util.List;
import java.util.Optional;

/** The Safaricom report's models, by name. */
public final class SafaricomModels {
  private SafaricomModels() {}

  public static final List<ModelDefinition> ALL = List.of(ChurnModel.DEFINITION, LoanActivityModel.DEFINITION);

  public static Optional<ModelDefinition> byName(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ALL.stream().map(ModelDefinition::name).toList();
  }
}
