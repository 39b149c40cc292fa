package org.primum.pump.druglib;

import java.util.Objects;

/**
 * A soft-limit warning that a clinician overrode, as carried by the accepted program so that it is
 * logged with user, value and limit (D2).
 *
 * @param warning the value, the soft limit and the unit
 * @param user who confirmed
 * @param reason why
 */
public record AppliedOverride(SoftLimitWarning warning, String user, String reason) {
  public AppliedOverride {
    Objects.requireNonNull(warning, "warning");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(reason, "reason");
  }

  /** E.g. {@code "dose rate 2500 units/h is above the soft max 2000 units/h; confirmed by ..."}. */
  public String message() {
    return warning.message() + "; confirmed by " + user + ": " + reason;
  }
}
