package org.primum.hub.supplychain.osv;

import java.util.Objects;

/**
 * A record or component that could not be evaluated, with the reason.
 *
 * @param subject what was flagged: a record id, or a component reference
 * @param flag why
 * @param detail a human sentence: what was expected, what was found
 */
public record Flagged(String subject, Flag flag, String detail) {
  public Flagged {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(detail, "detail");
  }
}
