package dev.takwimu.aws.internal;

import dev.takwimu.core.InvalidInputException;
import java.util.Map;

/**
 * SageMaker's built-in XGBoost algorithm image per region: {@code <account>.dkr.ecr.<region>.amazonaws.com/
 * sagemaker-xgboost:1.7-1}, with the registry accounts SageMaker documents for the built-in algorithms.
 */
final class XgboostImages {
  private XgboostImages() {}

  static final String REPOSITORY_AND_TAG = "sagemaker-xgboost:1.7-1";

  private static final Map<String, String> ACCOUNTS = Map.ofEntries(
      Map.entry("us-east-1", "683313688378"),
      Map.entry("us-east-2", "257758044811"),
      Map.entry("us-west-1", "746614075791"),
      Map.entry("us-west-2", "246618743249"),
      Map.entry("ca-central-1", "341280168497"),
      Map.entry("sa-east-1", "737474898029"),
      Map.entry("eu-west-1", "141502667606"),
      Map.entry("eu-west-2", "764974769150"),
      Map.entry("eu-west-3", "659782779980"),
      Map.entry("eu-central-1", "492215442770"),
      Map.entry("eu-north-1", "662702820516"),
      Map.entry("af-south-1", "510948584623"),
      Map.entry("me-south-1", "801668240914"),
      Map.entry("ap-south-1", "720646828776"),
      Map.entry("ap-northeast-1", "354813040037"),
      Map.entry("ap-northeast-2", "366743142698"),
      Map.entry("ap-southeast-1", "121021644041"),
      Map.entry("ap-southeast-2", "783357654285"));

  /**
   * The configured image, or the region's default.
   *
   * @throws InvalidInputException when no image is configured and the region is not in the table
   */
  static String image(String configured, String region) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String account = region == null ? null : ACCOUNTS.get(region);
    if (account == null) {
      throw new InvalidInputException("No default SageMaker XGBoost image for region " + region
          + ": set the image (takwimu.aws.sagemaker.xgboost-image, AwsBackend.builder().xgboostImage(...)) to the"
          + " region's " + REPOSITORY_AND_TAG + " image URI");
    }
    return account + ".dkr.ecr." + region + ".amazonaws.com/" + REPOSITORY_AND_TAG;
  }
}
