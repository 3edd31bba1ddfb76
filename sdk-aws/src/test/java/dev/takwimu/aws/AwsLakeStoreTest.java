package dev.takwimu.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.aws.testing.AwsTestEnvironment;
import dev.takwimu.core.Backend;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.core.contract.LakeStoreContract;
import java.nio.file.Path;

class AwsLakeStoreTest extends LakeStoreContract {
  @Override
  protected Backend newBackend(Path lakeDirectory) {
    return AwsTestBackends.open(lakeDirectory);
  }

  /** On AWS a version's location is its Iceberg metadata file, which must exist in S3. */
  @Override
  protected void assertLocationHoldsVersion(DatasetInfo info) {
    S3Location location = S3Location.parse(info.location());
    assertThat(info.location()).endsWith(".metadata.json");
    assertThat(AwsTestEnvironment.get().s3Client()
        .headObject(r -> r.bucket(location.bucket()).key(location.prefix().replaceAll("/$", ""))).contentLength())
        .isPositive();
  }
}
