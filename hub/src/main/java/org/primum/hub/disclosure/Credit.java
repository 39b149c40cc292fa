package org.primum.hub.disclosure;

import java.util.Objects;
import java.util.Optional;

/**
 * How the finder wants to be credited: anonymously, or under a name or handle of their choosing,
 * which the acknowledgements page and the advisory show.
 */
public record Credit(Optional<String> name) {
  /** Longest name or handle. */
  public static final int MAX_NAME = 80;

  public Credit {
    Objects.requireNonNull(name, "name");
    name = name.map(n -> TextFields.line("credit name", n, MAX_NAME));
  }

  public static Credit anonymous() {
    return new Credit(Optional.empty());
  }

  /** Credit under {@code name}; a blank name means anonymous. */
  public static Credit as(String name) {
    return name == null || name.isBlank() ? anonymous() : new Credit(Optional.of(name));
  }

  public boolean isAnonymous() {
    return name.isEmpty();
  }

  /** How pages describe the choice. */
  public String describe() {
    return name.map(n -> "credited as " + n).orElse("anonymous (no credit)");
  }
}
