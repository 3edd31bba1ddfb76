package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.aws.GlueJobReport;
import dev.takwimu.core.TakwimuException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.JobRun;

/** How a GetJobRun answer is read (moto cannot make a run fail, so the failure states are checked on the SDK's objects). */
class GlueJobStatesTest {

  @ParameterizedTest
  @ValueSource(strings = {"FAILED", "TIMEOUT", "STOPPED", "ERROR", "EXPIRED"})
  void aRunThatEndedBadlyIsOneLineWithGluesMessage(String state) {
    JobRun run = JobRun.builder().id("jr_1").jobRunState(state)
        .errorMessage("An error occurred while calling o93.pyWriteDynamicFrame.\n  Access Denied").build();

    assertThatThrownBy(() -> GlueJobs.finished("takwimu-extract", run))
        .isInstanceOf(TakwimuException.class)
        .hasMessage("Glue job takwimu-extract run jr_1 ended " + state
            + ": An error occurred while calling o93.pyWriteDynamicFrame. Access Denied");
  }

  @Test
  void aRunWithoutAnErrorMessageSaysSo() {
    assertThatThrownBy(() -> GlueJobs.finished("takwimu-x", JobRun.builder().id("jr_2").jobRunState("STOPPED").build()))
        .hasMessage("Glue job takwimu-x run jr_2 ended STOPPED: no error message");
  }

  @ParameterizedTest
  @ValueSource(strings = {"STARTING", "RUNNING", "STOPPING", "WAITING"})
  void aRunStillGoingHasNoReport(String state) {
    assertThat(GlueJobs.finished("takwimu-x", JobRun.builder().id("jr_3").jobRunState(state).build())).isEmpty();
  }

  @Test
  void aSucceededRunReportsItsDurationAndDpuSeconds() {
    Instant started = Instant.parse("2025-01-01T10:00:00Z");
    GlueJobReport report = GlueJobs.finished("takwimu-x", JobRun.builder().id("jr_4").jobRunState("SUCCEEDED")
        .startedOn(started).completedOn(started.plusSeconds(95)).dpuSeconds(380.0).build()).orElseThrow();

    assertThat(report.duration()).isEqualTo(Duration.ofSeconds(95));
    assertThat(report.dpuSeconds()).hasValue(380.0);
    assertThat(GlueJobs.finished("takwimu-x", JobRun.builder().id("jr_5").jobRunState("SUCCEEDED").executionTime(61)
        .build()).orElseThrow().duration()).isEqualTo(Duration.ofSeconds(61));
  }
}
