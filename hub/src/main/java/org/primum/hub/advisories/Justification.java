package org.primum.hub.advisories;

import java.util.Locale;
import java.util.Optional;

/** Why a product is not affected: the CSAF flag labels (CSAF 2.0 3.2.3.5). */
public enum Justification {
  COMPONENT_NOT_PRESENT,
  INLINE_MITIGATIONS_ALREADY_EXIST,
  VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY,
  VULNERABLE_CODE_NOT_IN_EXECUTE_PATH,
  VULNERABLE_CODE_NOT_PRESENT;

  /** The label as CSAF writes it, e.g. {@code vulnerable_code_not_present}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The justification with this label (case-insensitive). */
  public static Optional<Justification> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String upper = label.strip().toUpperCase(Locale.ROOT);
    for (Justification j : values()) {
      if (j.name().equals(upper)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }
}
