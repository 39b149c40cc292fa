package org.primum.pump.druglib;

import java.util.Objects;

/**
 * A clinician's confirmation of one soft-limit warning (D2): it covers exactly one {@link
 * LimitName} at exactly the value that was confirmed, and only with a non-blank user and reason.
 * Changing the value after confirming it needs a new confirmation.
 *
 * @param limit the soft limit being overridden
 * @param confirmedValue the value the clinician saw and confirmed (in the warning's unit)
 * @param user who confirmed, as authenticated at the pump
 * @param reason why, as entered or chosen at the pump; at most {@value #MAX_TEXT} characters
 */
public record SoftLimitOverride(
    LimitName limit, double confirmedValue, String user, String reason) {
  /** Longest user or reason accepted. */
  public static final int MAX_TEXT = 200;

  public SoftLimitOverride {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(reason, "reason");
    requireText("user", user);
    requireText("reason", reason);
  }

  /** Whether this confirmation covers {@code warning}. */
  public boolean covers(SoftLimitWarning warning) {
    return limit == warning.limit()
        && Double.compare(confirmedValue, warning.value()) == 0
        && !user.isBlank()
        && !reason.isBlank();
  }

  private static void requireText(String field, String value) {
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_TEXT + " characters, found " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(field + " must not contain control characters");
      }
    }
  }
}
