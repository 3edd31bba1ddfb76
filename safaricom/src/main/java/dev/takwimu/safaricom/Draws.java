package dev.takwimu.safaricom;

import java.util.SplittableRandom;

/**
 * One random stream of the synthetic data: uniform draws from {@link SplittableRandom}, and normal draws by the polar
 * method with {@link StrictMath}, so the numbers are the same on every JVM and platform (the JDK's own
 * {@code nextGaussian} changed algorithm in Java 17, and {@code Math.log} may differ in the last bit between
 * platforms).
 */
final class Draws {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  Draws(long seed) {
    random = new SplittableRandom(seed);
  }

  /** Uniform in [0, 1). */
  double uniform() {
    return random.nextDouble();
  }

  /** Uniform in [0, bound). */
  int below(int bound) {
    return random.nextInt(bound);
  }

  boolean coin() {
    return random.nextBoolean();
  }

  /** Standard normal. */
  double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double scale = Math.sqrt(-2 * StrictMath.log(s) / s); // sqrt is exact in IEEE arithmetic, as is StrictMath
    spare = v * scale;
    hasSpare = true;
    return u * scale;
  }

  /** Poisson-distributed count with the given mean (normal approximation from a mean of 30 on). */
  int poisson(double mean) {
    if (mean < 30) {
      double limit = StrictMath.exp(-mean);
      double product = random.nextDouble();
      int k = 0;
      while (product > limit) {
        product *= random.nextDouble();
        k++;
      }
      return k;
    }
    return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
  }

  /** One of 65,536 equally likely values: a draw from a distribution given by its quantiles ({@link #quantiles}). */
  double from(double[] quantiles) {
    return quantiles[(int) (random.nextLong() >>> 48)];
  }

  /**
   * {@code f} of the standard normal's quantiles at the midpoints of 65,536 equal slices of probability: drawing from
   * the table is drawing {@code f(Z)} for a normal {@code Z}, truncated at about 4.3 standard deviations.
   */
  static double[] quantiles(java.util.function.DoubleUnaryOperator f) {
    double[] table = new double[1 << 16];
    for (int i = 0; i < table.length; i++) {
      table[i] = f.applyAsDouble(normalQuantile((i + 0.5) / table.length));
    }
    return table;
  }

  /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
  static double normalQuantile(double p) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    if (p < 0.02425 || p > 1 - 0.02425) {
      double q = Math.sqrt(-2 * StrictMath.log(p < 0.5 ? p : 1 - p));
      double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
      return p < 0.5 ? x : -x;
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /** A well-mixed seed from two numbers (SplitMix64's finalizer), so neighbouring customers get unrelated streams. */
  static long mix(long seed, long number) {
    long z = seed * 0x9E3779B97F4A7C15L + number * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
