package org.primum.pump.druglib;

import java.util.Objects;

/**
 * A programmed value outside a soft limit (D2): it needs explicit confirmation with a reason.
 *
 * @param limit which limit
 * @param value the programmed value
 * @param softLimit the soft limit it passes
 * @param unit the unit of both, e.g. {@code "units/h"}
 */
public record SoftLimitWarning(LimitName limit, double value, double softLimit, String unit) {
  public SoftLimitWarning {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(unit, "unit");
  }

  /** E.g. {@code "dose rate 2500 units/h is above the soft max 2000 units/h"}. */
  public String message() {
    return limit.label()
        + " "
        + Numbers.exact(value)
        + " "
        + unit
        + (limit.isMax() ? " is above the soft max " : " is below the soft min ")
        + Numbers.exact(softLimit)
        + " "
        + unit;
  }
}
