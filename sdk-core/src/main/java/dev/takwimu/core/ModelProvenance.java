package dev.takwimu.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a trained model came from.
 *
 * @param modelVersion identifies this trained model; copied into every score it writes
 * @param model the definition's name
 * @param algorithm the algorithm's id
 * @param source the dataset trained on
 * @param sourceVersion the version of {@code source} trained on
 * @param sourceRows rows of that version
 * @param trainedAt when training finished
 * @param seed the seed of the hold-out split and the trainer
 * @param testFraction the hold-out share
 * @param parameters the algorithm's effective parameters
 * @param features the source columns the model reads
 * @param encodedFeatures the inputs the algorithm saw after encoding (one-hot categories, missing indicators)
 */
public record ModelProvenance(
    String modelVersion,
    String model,
    String algorithm,
    DatasetId source,
    long sourceVersion,
    long sourceRows,
    Instant trainedAt,
    long seed,
    double testFraction,
    Map<String, String> parameters,
    List<String> features,
    List<String> encodedFeatures) {
  public ModelProvenance {
    parameters = Map.copyOf(parameters);
    features = List.copyOf(features);
    encodedFeatures = List.copyOf(encodedFeatures);
  }
}
