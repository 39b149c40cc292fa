package org.primum.hub.supplychain.sbom;

import java.util.Locale;
import java.util.Optional;

/**
 * How a component's supplier supports it, as FDA premarket cybersecurity guidance asks each SBOM
 * entry to state ("level of support", beside the end-of-support date).
 */
public enum SupportLevel {
  /** Maintained by its supplier, with security fixes. */
  ACTIVE,
  /** Only security fixes are still made. */
  SECURITY_ONLY,
  /** Nobody maintains it any more. */
  UNSUPPORTED,
  /** The SBOM does not say. */
  UNKNOWN;

  /**
   * Reads the value of a {@code primum:support-level} property; empty when it is not one of ours.
   */
  public static Optional<SupportLevel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (SupportLevel level : values()) {
      if (level.name().equals(key)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  /** Lower-case words for people and for the property value, e.g. {@code security-only}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
