package org.primum.pump.druglib;

import java.util.Objects;

/**
 * A programmed value outside a hard limit (D1; P3 for a bolus): the program is refused, no override
 * exists.
 *
 * @param limit which limit
 * @param value the programmed value
 * @param hardLimit the hard limit it passes
 * @param unit the unit of both
 */
public record HardLimitViolation(LimitName limit, double value, double hardLimit, String unit)
    implements RejectionReason {
  public HardLimitViolation {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(unit, "unit");
  }

  /**
   * {@code "bolus-above-maximum"} for a bolus above its maximum (P3), else {@code "hard-limit"}.
   */
  @Override
  public String code() {
    return limit == LimitName.BOLUS_MAX ? "bolus-above-maximum" : "hard-limit";
  }

  /** E.g. {@code "bolus 12000 units exceeds the hard max 10000 units"}. */
  @Override
  public String message() {
    return limit.label()
        + " "
        + Numbers.exact(value)
        + " "
        + unit
        + (limit.isMax() ? " exceeds the hard max " : " is below the hard min ")
        + Numbers.exact(hardLimit)
        + " "
        + unit;
  }
}
