package org.primum.hub.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded action: who did what to which target, with what outcome.
 *
 * @param actor {@code staff:<name>}, {@code device:<serial>}, {@code cli:<os user>} or {@code hub}
 * @param action a dotted name such as {@code fleet.revoke}
 * @param outcome {@code ok} or {@code refused}
 * @param source where the request came from (an address, or {@code local})
 */
public record AuditEvent(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String outcome,
    String detail,
    String source) {
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(source, "source");
  }
}
