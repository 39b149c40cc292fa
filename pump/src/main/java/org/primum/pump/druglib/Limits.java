package org.primum.pump.druglib;

/**
 * Soft and hard limits for one programmed value: outside the hard range the value is refused (D1);
 * outside the soft range it needs a confirmed override (D2). The soft range lies inside the hard
 * range; all four are finite and not negative, and the hard maximum is above 0.
 */
public record Limits(double softMin, double softMax, double hardMin, double hardMax) {
  public Limits {
    requireLimit("soft min", softMin);
    requireLimit("soft max", softMax);
    requireLimit("hard min", hardMin);
    requireLimit("hard max", hardMax);
    if (hardMin > hardMax) {
      throw new IllegalArgumentException(
          "hard min " + Numbers.exact(hardMin) + " exceeds hard max " + Numbers.exact(hardMax));
    }
    if (softMin > softMax) {
      throw new IllegalArgumentException(
          "soft min " + Numbers.exact(softMin) + " exceeds soft max " + Numbers.exact(softMax));
    }
    if (softMax > hardMax) {
      throw new IllegalArgumentException(
          "soft max " + Numbers.exact(softMax) + " exceeds hard max " + Numbers.exact(hardMax));
    }
    if (softMin < hardMin) {
      throw new IllegalArgumentException(
          "soft min " + Numbers.exact(softMin) + " is below hard min " + Numbers.exact(hardMin));
    }
    if (hardMax == 0) {
      throw new IllegalArgumentException("hard max must be above 0");
    }
  }

  private static void requireLimit(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          name + " must be a finite number of at least 0, found " + Numbers.exact(value));
    }
  }
}
