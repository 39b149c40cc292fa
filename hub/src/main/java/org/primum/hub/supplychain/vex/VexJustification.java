package org.primum.hub.supplychain.vex;

import java.util.Optional;

/**
 * Why a product is not affected: the five CISA VEX status justifications, which CSAF 2.0 uses as
 * flag labels (3.2.3.5) and OpenVEX as {@code justification}; CycloneDX 1.6 has its own list,
 * mapped here both ways (CycloneDX's is finer, so the original value is kept in the detail).
 */
public enum VexJustification {
  COMPONENT_NOT_PRESENT("component_not_present", "code_not_present"),
  VULNERABLE_CODE_NOT_PRESENT("vulnerable_code_not_present", "code_not_present"),
  VULNERABLE_CODE_NOT_IN_EXECUTE_PATH("vulnerable_code_not_in_execute_path", "code_not_reachable"),
  VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY(
      "vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"),
  INLINE_MITIGATIONS_ALREADY_EXIST("inline_mitigations_already_exist", "protected_at_runtime");

  private final String label;
  private final String cycloneDx;

  VexJustification(String label, String cycloneDx) {
    this.label = label;
    this.cycloneDx = cycloneDx;
  }

  /** The CISA / CSAF / OpenVEX label Primum stores. */
  public String label() {
    return label;
  }

  /** The closest CycloneDX 1.6 {@code analysis.justification}. */
  public String cycloneDx() {
    return cycloneDx;
  }

  public static Optional<VexJustification> fromLabel(String text) {
    for (VexJustification j : values()) {
      if (j.label.equals(text)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }

  /** Maps a CycloneDX 1.6 justification onto the CISA labels. */
  public static Optional<VexJustification> fromCycloneDx(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value) {
      case "code_not_present" -> Optional.of(VULNERABLE_CODE_NOT_PRESENT);
      case "code_not_reachable" -> Optional.of(VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
      case "requires_configuration", "requires_dependency", "requires_environment" ->
          Optional.of(VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY);
      case "protected_by_compiler",
          "protected_at_runtime",
          "protected_at_perimeter",
          "protected_by_mitigating_control" ->
          Optional.of(INLINE_MITIGATIONS_ALREADY_EXIST);
      default -> Optional.empty();
    };
  }
}
