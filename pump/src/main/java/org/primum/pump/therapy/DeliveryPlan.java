package org.primum.pump.therapy;

import java.time.Duration;
import java.util.Optional;

/**
 * The numbers the delivery loop runs on, derived from the verified program and nothing else.
 *
 * @param rateMlH the basal rate
 * @param vtbiMl the volume to be infused; delivery stops (or keeps the vein open) when reached
 * @param bolus a clinician bolus, when the program has one
 * @param pca patient-controlled analgesia settings, when the program has them
 */
public record DeliveryPlan(
    double rateMlH, double vtbiMl, Optional<Bolus> bolus, Optional<Pca> pca) {
  /**
   * A bolus of {@code volumeMl} at {@code rateMlH}, on top of the basal (which does not change).
   */
  public record Bolus(double volumeMl, double rateMlH) {}

  /** PCA: demand dose, lockout, and the 1 h and 4 h maxima counting basal and boluses (mL). */
  public record Pca(double doseMl, Duration lockout, double max1hMl, double max4hMl) {}
}
