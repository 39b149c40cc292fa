package org.primum.hub.advisories;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The notification tables: {@code advisory_subscribers}, {@code advisory_outbox} and {@code
 * advisory_deliveries} (the delivery log). The outbox lives in the database, so a notification
 * written with a publication survives any restart until it is delivered or has failed for good.
 */
final class NotificationStore {
  /** One subscriber row; the secret stays in this package. */
  record SubscriberRow(
      long id,
      String name,
      Optional<String> webhookUrl,
      Optional<String> webhookSecret,
      Optional<String> email,
      Instant createdAt,
      String createdBy,
      Optional<Instant> disabledAt,
      Optional<String> disabledBy) {}

  /** One notification to send: a publication, a subscriber, a channel. */
  record OutboxRow(
      long id,
      long advisoryId,
      String trackingId,
      int version,
      long subscriberId,
      String subscriberName,
      String channel,
      String payload,
      String state,
      int attempts,
      Instant nextAttemptAt,
      Instant createdAt,
      Optional<Instant> finishedAt,
      String lastError) {}

  /** One attempt in the delivery log. */
  record DeliveryRow(
      long id,
      long outboxId,
      String trackingId,
      int version,
      String subscriberName,
      String channel,
      int attempt,
      Instant at,
      String outcome,
      String detail) {}

  private static final String OUTBOX_SELECT =
      "SELECT o.*, a.tracking_id, s.name AS subscriber_name FROM advisory_outbox o"
          + " JOIN advisories a ON a.id = o.advisory_id"
          + " JOIN advisory_subscribers s ON s.id = o.subscriber_id";

  private final Jdbi jdbi;

  NotificationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  // ----------------------------------------------------------------------------- subscribers

  long insertSubscriber(
      String name,
      Optional<String> webhookUrl,
      Optional<String> webhookSecret,
      Optional<String> email,
      Instant now,
      String actor) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO advisory_subscribers (name, webhook_url, webhook_secret, email,"
                        + " created_at, created_by) VALUES (:n, :url, :secret, :email, :now, :by)")
                .bind("n", name)
                .bind("url", webhookUrl.orElse(null))
                .bind("secret", webhookSecret.orElse(null))
                .bind("email", email.orElse(null))
                .bind("now", now.toEpochMilli())
                .bind("by", actor)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
  }

  boolean disableSubscriber(long id, Instant now, String actor) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE advisory_subscribers SET disabled_at = :now, disabled_by = :by"
                            + " WHERE id = :id AND disabled_at IS NULL")
                    .bind("now", now.toEpochMilli())
                    .bind("by", actor)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  List<SubscriberRow> subscribers() {
    return jdbi.withHandle(h -> subscribers(h, false));
  }

  static List<SubscriberRow> activeSubscribers(Handle h) {
    return subscribers(h, true);
  }

  private static List<SubscriberRow> subscribers(Handle h, boolean activeOnly) {
    return h.createQuery(
            "SELECT * FROM advisory_subscribers"
                + (activeOnly ? " WHERE disabled_at IS NULL" : "")
                + " ORDER BY id")
        .map((rs, ctx) -> subscriberRow(rs))
        .list();
  }

  Optional<SubscriberRow> subscriber(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM advisory_subscribers WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> subscriberRow(rs))
                .findOne());
  }

  // ---------------------------------------------------------------------------------- outbox

  /** Queues one notification in the caller's transaction; false if it was already queued. */
  static boolean enqueue(
      Handle h,
      long advisoryId,
      int version,
      long subscriberId,
      String channel,
      String payload,
      Instant now) {
    return h.createUpdate(
                "INSERT INTO advisory_outbox (advisory_id, version, subscriber_id, channel,"
                    + " payload, state, attempts, next_attempt_at, lease_until, created_at)"
                    + " VALUES (:a, :v, :s, :c, :p, 'pending', 0, :now, 0, :now)"
                    + " ON CONFLICT (advisory_id, version, subscriber_id, channel) DO NOTHING")
            .bind("a", advisoryId)
            .bind("v", version)
            .bind("s", subscriberId)
            .bind("c", channel)
            .bind("p", payload)
            .bind("now", now.toEpochMilli())
            .execute()
        == 1;
  }

  /** Pending notifications due at {@code now} and not held by a worker, oldest first. */
  List<OutboxRow> due(Instant now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    OUTBOX_SELECT
                        + " WHERE o.state = 'pending' AND o.next_attempt_at <= :now"
                        + " AND o.lease_until <= :now ORDER BY o.next_attempt_at, o.id LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> outboxRow(rs))
                .list());
  }

  /**
   * Takes a due notification for one attempt until {@code until}; false if another worker (or
   * another hub replica) took it first.
   */
  boolean claim(long id, Instant now, Instant until) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE advisory_outbox SET lease_until = :until WHERE id = :id"
                            + " AND state = 'pending' AND next_attempt_at <= :now"
                            + " AND lease_until <= :now")
                    .bind("until", until.toEpochMilli())
                    .bind("id", id)
                    .bind("now", now.toEpochMilli())
                    .execute())
        == 1;
  }

  /**
   * Records one attempt: the outbox row's new state and the delivery log entry, in one transaction.
   */
  void recordAttempt(
      long id,
      int attempt,
      Instant at,
      String state,
      Instant nextAttemptAt,
      String outcome,
      String detail) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE advisory_outbox SET state = :state, attempts = :attempt,"
                      + " next_attempt_at = :next, lease_until = 0, last_error = :error,"
                      + " finished_at = :finished WHERE id = :id")
              .bind("state", state)
              .bind("attempt", attempt)
              .bind("next", nextAttemptAt.toEpochMilli())
              .bind("error", outcome.equals("delivered") ? "" : detail)
              .bind("finished", state.equals("pending") ? null : at.toEpochMilli())
              .bind("id", id)
              .execute();
          h.createUpdate(
                  "INSERT INTO advisory_deliveries (outbox_id, attempt, at, outcome, detail)"
                      + " VALUES (:o, :attempt, :at, :outcome, :detail)")
              .bind("o", id)
              .bind("attempt", attempt)
              .bind("at", at.toEpochMilli())
              .bind("outcome", outcome)
              .bind("detail", detail)
              .execute();
        });
  }

  /** The outbox, newest first. */
  List<OutboxRow> outbox(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(OUTBOX_SELECT + " ORDER BY o.id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> outboxRow(rs))
                .list());
  }

  /** The delivery log, newest first; optionally only for one advisory. */
  List<DeliveryRow> deliveries(Optional<String> trackingId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT d.*, o.version, o.channel, a.tracking_id, s.name AS subscriber_name"
                        + " FROM advisory_deliveries d"
                        + " JOIN advisory_outbox o ON o.id = d.outbox_id"
                        + " JOIN advisories a ON a.id = o.advisory_id"
                        + " JOIN advisory_subscribers s ON s.id = o.subscriber_id"
                        + (trackingId.isPresent() ? " WHERE a.tracking_id = :t" : "")
                        + " ORDER BY d.id DESC LIMIT :limit")
                .bindMap(
                    trackingId.isPresent()
                        ? java.util.Map.of("t", trackingId.get(), "limit", limit)
                        : java.util.Map.of("limit", limit))
                .map(
                    (rs, ctx) ->
                        new DeliveryRow(
                            rs.getLong("id"),
                            rs.getLong("outbox_id"),
                            rs.getString("tracking_id"),
                            rs.getInt("version"),
                            rs.getString("subscriber_name"),
                            rs.getString("channel"),
                            rs.getInt("attempt"),
                            Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("outcome"),
                            rs.getString("detail")))
                .list());
  }

  private static SubscriberRow subscriberRow(ResultSet rs) throws SQLException {
    long disabled = rs.getLong("disabled_at");
    boolean active = rs.wasNull();
    return new SubscriberRow(
        rs.getLong("id"),
        rs.getString("name"),
        Optional.ofNullable(rs.getString("webhook_url")),
        Optional.ofNullable(rs.getString("webhook_secret")),
        Optional.ofNullable(rs.getString("email")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        rs.getString("created_by"),
        active ? Optional.empty() : Optional.of(Instant.ofEpochMilli(disabled)),
        Optional.ofNullable(rs.getString("disabled_by")));
  }

  private static OutboxRow outboxRow(ResultSet rs) throws SQLException {
    long finished = rs.getLong("finished_at");
    boolean open = rs.wasNull();
    return new OutboxRow(
        rs.getLong("id"),
        rs.getLong("advisory_id"),
        rs.getString("tracking_id"),
        rs.getInt("version"),
        rs.getLong("subscriber_id"),
        rs.getString("subscriber_name"),
        rs.getString("channel"),
        rs.getString("payload"),
        rs.getString("state"),
        rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        open ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished)),
        rs.getString("last_error"));
  }
}
