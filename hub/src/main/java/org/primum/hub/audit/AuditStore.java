package org.primum.hub.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The audit trail's table: append and read, never update. */
final class AuditStore {
  private final Jdbi jdbi;

  AuditStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void append(AuditEvent event) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO audit_events (at, actor, action, target, outcome, detail, source)"
                        + " VALUES (:at, :actor, :action, :target, :outcome, :detail, :source)")
                .bind("at", event.at().toEpochMilli())
                .bind("actor", event.actor())
                .bind("action", event.action())
                .bind("target", event.target())
                .bind("outcome", event.outcome())
                .bind("detail", event.detail())
                .bind("source", event.source())
                .execute());
  }

  List<AuditEvent> latest(int limit, String actionPrefix) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, at, actor, action, target, outcome, detail, source FROM audit_events"
                        + " WHERE action LIKE :prefix ORDER BY id DESC LIMIT :limit")
                .bind("prefix", actionPrefix + "%")
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new AuditEvent(
                            rs.getLong("id"),
                            Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("target"),
                            rs.getString("outcome"),
                            rs.getString("detail"),
                            rs.getString("source")))
                .list());
  }
}
