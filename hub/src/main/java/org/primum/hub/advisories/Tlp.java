package org.primum.hub.advisories;

import java.util.Locale;
import java.util.Optional;

/**
 * The Traffic Light Protocol label of an advisory (CSAF 2.0 3.2.1.5.1, which still uses the TLP 1.0
 * labels). Only {@link #WHITE} is distributed publicly (CSAF 2.0 7.1.4); the others stay inside the
 * hub, visible to staff only (7.1.5).
 */
public enum Tlp {
  /** Disclosure is not limited (TLP 2.0 calls it CLEAR). */
  WHITE,
  /** Limited to the community. */
  GREEN,
  /** Limited to the recipients' organisations. */
  AMBER,
  /** For the named recipients only. */
  RED;

  /** Whether advisories with this label go into the public provider directory. */
  public boolean isPublic() {
    return this == WHITE;
  }

  /** The label as CSAF writes it. */
  public String csafLabel() {
    return name();
  }

  /** Parses a label case-insensitively; {@code CLEAR} (TLP 2.0) is {@link #WHITE}. */
  public static Optional<Tlp> parse(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String upper = label.strip().toUpperCase(Locale.ROOT);
    if (upper.equals("CLEAR")) {
      return Optional.of(WHITE);
    }
    for (Tlp tlp : values()) {
      if (tlp.name().equals(upper)) {
        return Optional.of(tlp);
      }
    }
    return Optional.empty();
  }
}
