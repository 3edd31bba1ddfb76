package dev.takwimu.safaricom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The random draws the synthetic data is made of: right distributions, same numbers for the same seed. */
class DrawsTest {
  @Test
  void normalQuantilesAreAccurateAndSymmetric() {
    assertThat(Draws.normalQuantile(0.5)).isZero();
    assertThat(Draws.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(Draws.normalQuantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    assertThat(Draws.normalQuantile(0.2) + Draws.normalQuantile(0.8)).isCloseTo(0, within(1e-12));
  }

  @Test
  void drawsHaveTheirDistributionsMeanAndSpread() {
    Draws draws = new Draws(Draws.mix(42, 1));
    int n = 200_000;
    double sum = 0;
    double squares = 0;
    double poissonSmall = 0;
    double poissonLarge = 0;
    double table = 0;
    double[] identity = Draws.quantiles(z -> z);
    for (int i = 0; i < n; i++) {
      double z = draws.gaussian();
      sum += z;
      squares += z * z;
      poissonSmall += draws.poisson(2.4);
      poissonLarge += draws.poisson(80);
      table += draws.from(identity);
    }
    assertThat(sum / n).isCloseTo(0, within(0.01));
    assertThat(squares / n).isCloseTo(1, within(0.02));
    assertThat(poissonSmall / n).isCloseTo(2.4, within(0.02));
    assertThat(poissonLarge / n).isCloseTo(80, within(0.1));
    assertThat(table / n).isCloseTo(0, within(0.01));
  }

  @Test
  void theSameSeedGivesTheSameNumbers() {
    Draws a = new Draws(Draws.mix(7, 3));
    Draws b = new Draws(Draws.mix(7, 3));
    for (int i = 0; i < 1000; i++) {
      assertThat(a.gaussian()).isEqualTo(b.gaussian());
      assertThat(a.below(1000)).isEqualTo(b.below(1000));
    }
    assertThat(Draws.mix(7, 3)).isNotEqualTo(Draws.mix(7, 4)).isNotEqualTo(Draws.mix(8, 3));
  }
}
