package org.primum.hub.audit;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: every administrative action and every refused enrollment is recorded here and in
 * the structured log. Records are append-only; nothing in the hub updates or deletes them.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("primum.audit");

  private final AuditStore store;
  private final Clock clock;

  public AuditLog(Jdbi jdbi, Clock clock) {
    this.store = new AuditStore(jdbi);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records a successful action. */
  public void ok(String actor, String action, String target, String detail, String source) {
    record(actor, action, target, "ok", detail, source);
  }

  /** Records a refused action. */
  public void refused(String actor, String action, String target, String detail, String source) {
    record(actor, action, target, "refused", detail, source);
  }

  private void record(
      String actor, String action, String target, String outcome, String detail, String source) {
    AuditEvent event =
        new AuditEvent(0, clock.instant(), actor, action, target, outcome, detail, source);
    store.append(event);
    LOG.atInfo()
        .addKeyValue("actor", actor)
        .addKeyValue("action", action)
        .addKeyValue("target", target)
        .addKeyValue("outcome", outcome)
        .addKeyValue("source", source)
        .log(detail);
  }

  /** The most recent events, newest first, optionally only actions starting with a prefix. */
  public List<AuditEvent> latest(int limit, String actionPrefix) {
    return store.latest(Math.max(1, Math.min(limit, 1000)), actionPrefix);
  }
}
