package dev.takwimu.local.internal;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.ModelTrainer;
import dev.takwimu.core.Row;
import dev.takwimu.core.TrainedModel;
import dev.takwimu.core.TrainingOptions;
import dev.takwimu.core.spi.ModelSupport;
import dev.takwimu.engine.tribuo.TribuoModel;
import dev.takwimu.engine.tribuo.TribuoTrainer;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Trains Tribuo models on a lake dataset: DuckDB selects the source's current version in the training layout and
 * the Tribuo engine trains on it. The model scores any lake; scoring this lake right after training reuses the rows.
 */
public final class LocalModelTrainer implements ModelTrainer {
  private final LocalLakeStore lake;

  public LocalModelTrainer(LocalLakeStore lake) {
    this.lake = lake;
  }

  @Override
  public Set<Algorithm> algorithms() {
    return TribuoTrainer.algorithms();
  }

  @Override
  public TrainedModel train(ModelDefinition definition, TrainingOptions options) {
    TribuoTrainer trainer = TribuoTrainer.of(options);
    Manifest manifest = lake.requireCurrent(definition.source());
    ModelSupport.requireColumns(definition, manifest.toSchema(), true);
    try (Stream<Row> rows = lake.select(definition.source(), manifest, TribuoTrainer.selectList(definition),
        " ORDER BY 1")) {
      return trainer.train(definition, rows.iterator(), lake, manifest.version());
    }
  }

  @Override
  public TrainedModel load(Path file) {
    return TribuoModel.load(file);
  }
}
