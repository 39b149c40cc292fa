package org.primum.hub.supplychain.vex;

import java.util.Locale;
import java.util.Optional;

/**
 * The four VEX statuses (CISA "Minimum Requirements for VEX", CSAF 2.0 3.2.3.9 product_status,
 * OpenVEX "status"), each with its CycloneDX 1.6 analysis state.
 */
public enum VexStatus {
  NOT_AFFECTED("not_affected", "known_not_affected", "not_affected"),
  AFFECTED("affected", "known_affected", "exploitable"),
  FIXED("fixed", "fixed", "resolved"),
  UNDER_INVESTIGATION("under_investigation", "under_investigation", "in_triage");

  private final String label;
  private final String csafStatus;
  private final String cycloneDxState;

  VexStatus(String label, String csafStatus, String cycloneDxState) {
    this.label = label;
    this.csafStatus = csafStatus;
    this.cycloneDxState = cycloneDxState;
  }

  /** The OpenVEX / CISA spelling, which Primum stores. */
  public String label() {
    return label;
  }

  /** The CSAF 2.0 product_status member name (3.2.3.9). */
  public String csafStatus() {
    return csafStatus;
  }

  /** The CycloneDX 1.6 {@code analysis.state}. */
  public String cycloneDxState() {
    return cycloneDxState;
  }

  /** Whether a statement with this status means the release need not be refused for the flaw. */
  public boolean clearsFinding() {
    return this == NOT_AFFECTED || this == FIXED;
  }

  public static Optional<VexStatus> fromLabel(String text) {
    String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (VexStatus s : values()) {
      if (s.label.equals(key)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public static Optional<VexStatus> fromCsaf(String member) {
    for (VexStatus s : values()) {
      if (s.csafStatus.equals(member)) {
        return Optional.of(s);
      }
    }
    // CSAF 2.0 3.2.3.9: first_fixed counts as fixed, known_affected-like members as affected.
    if ("first_fixed".equals(member)) {
      return Optional.of(FIXED);
    }
    if ("first_affected".equals(member) || "last_affected".equals(member)) {
      return Optional.of(AFFECTED);
    }
    return Optional.empty();
  }

  public static Optional<VexStatus> fromCycloneDx(String state) {
    if (state == null) {
      return Optional.empty();
    }
    return switch (state) {
      case "not_affected", "false_positive" -> Optional.of(NOT_AFFECTED);
      case "exploitable" -> Optional.of(AFFECTED);
      case "resolved", "resolved_with_pedigree" -> Optional.of(FIXED);
      case "in_triage" -> Optional.of(UNDER_INVESTIGATION);
      default -> Optional.empty();
    };
  }
}
