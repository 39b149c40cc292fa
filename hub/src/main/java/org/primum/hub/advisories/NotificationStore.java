package org.primum.hub.advisories;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The notification tables: {@code advisory_subscribers}, the hub's outbox {@code notices} (advisory
 * publications, rollout and disclosure notices) and its delivery log {@code notice_deliveries}. The
 * outbox lives in the database, so a notice written with what it tells survives any restart until
 * it is delivered or has failed for good.
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

  /**
   * One notice in the outbox. An advisory publication's notice names its advisory and subscriber
   * (whose webhook secret signs it and who must still be active when it is sent); any other notice
   * carries its destination, secret, subject and body itself.
   */
  record OutboxRow(
      long id,
      String event,
      String topic,
      String ref,
      String channel,
      String recipient,
      String destination,
      Optional<String> webhookSecret,
      String subject,
      String body,
      Optional<Long> advisoryId,
      Optional<String> trackingId,
      int advisoryVersion,
      Optional<Long> subscriberId,
      String state,
      int attempts,
      Instant nextAttemptAt,
      Instant createdAt,
      Optional<Instant> finishedAt,
      String lastError) {
    @Override
    public String toString() {
      return "OutboxRow[" + id + ", " + event + ", " + ref + ", " + channel + ", " + state + "]";
    }
  }

  /** A notice to queue. */
  record NewNotice(
      String event,
      String topic,
      String ref,
      String channel,
      String recipient,
      String destination,
      Optional<String> webhookSecret,
      String subject,
      String body,
      Optional<Long> advisoryId,
      Optional<Integer> advisoryVersion,
      Optional<Long> subscriberId) {
    @Override
    public String toString() {
      return "NewNotice[" + event + ", " + ref + ", " + channel + "]";
    }
  }

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
      "SELECT n.*, a.tracking_id FROM notices n LEFT JOIN advisories a ON a.id = n.advisory_id";

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

  /**
   * Queues one notice in the caller's transaction, due at once; or, with a {@code refusal}, records
   * it as failed for good with that reason as its one logged attempt (an unusable address must not
   * undo what the notice tells). False if a notice with the same ref and channel was queued before.
   */
  static boolean enqueue(Handle h, NewNotice n, Optional<String> refusal, Instant now) {
    boolean queued =
        h.createUpdate(
                    "INSERT INTO notices (event, topic, ref, channel, recipient, destination,"
                        + " webhook_secret, subject, body, advisory_id, advisory_version,"
                        + " subscriber_id, state, attempts, next_attempt_at, lease_until,"
                        + " created_at, finished_at, last_error) VALUES (:event, :topic, :ref,"
                        + " :channel, :recipient, :destination, :secret, :subject, :body,"
                        + " :advisory, :version, :subscriber, :state, :attempts, :now, 0, :now,"
                        + " :finished, :error) ON CONFLICT (ref, channel) DO NOTHING")
                .bind("event", n.event())
                .bind("topic", n.topic())
                .bind("ref", n.ref())
                .bind("channel", n.channel())
                .bind("recipient", n.recipient())
                .bind("destination", n.destination())
                .bind("secret", n.webhookSecret().orElse(null))
                .bind("subject", n.subject())
                .bind("body", n.body())
                .bind("advisory", n.advisoryId().orElse(null))
                .bind("version", n.advisoryVersion().orElse(null))
                .bind("subscriber", n.subscriberId().orElse(null))
                .bind("state", refusal.isPresent() ? "failed" : "pending")
                .bind("attempts", refusal.isPresent() ? 1 : 0)
                .bind("now", now.toEpochMilli())
                .bind("finished", refusal.isPresent() ? now.toEpochMilli() : null)
                .bind("error", refusal.orElse(""))
                .execute()
            == 1;
    if (!queued) {
      return false;
    }
    if (refusal.isPresent()) {
      long id =
          h.createQuery("SELECT id FROM notices WHERE ref = :ref AND channel = :channel")
              .bind("ref", n.ref())
              .bind("channel", n.channel())
              .mapTo(Long.class)
              .one();
      insertDelivery(h, id, 1, now, "failed", refusal.get());
    }
    return true;
  }

  /** Pending notices due at {@code now} and not held by a worker, oldest first. */
  List<OutboxRow> due(Instant now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    OUTBOX_SELECT
                        + " WHERE n.state = 'pending' AND n.next_attempt_at <= :now"
                        + " AND n.lease_until <= :now ORDER BY n.next_attempt_at, n.id LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> outboxRow(rs))
                .list());
  }

  /**
   * Takes a due notice for one attempt until {@code until}; false if another worker (or another hub
   * replica) took it first.
   */
  boolean claim(long id, Instant now, Instant until) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE notices SET lease_until = :until WHERE id = :id"
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
                  "UPDATE notices SET state = :state, attempts = :attempt,"
                      + " next_attempt_at = :next, lease_until = 0, last_error = :error,"
                      + " finished_at = :finished WHERE id = :id")
              .bind("state", state)
              .bind("attempt", attempt)
              .bind("next", nextAttemptAt.toEpochMilli())
              .bind("error", outcome.equals("delivered") ? "" : detail)
              .bind("finished", state.equals("pending") ? null : at.toEpochMilli())
              .bind("id", id)
              .execute();
          insertDelivery(h, id, attempt, at, outcome, detail);
        });
  }

  private static void insertDelivery(
      Handle h, long id, int attempt, Instant at, String outcome, String detail) {
    h.createUpdate(
            "INSERT INTO notice_deliveries (notice_id, attempt, at, outcome, detail)"
                + " VALUES (:o, :attempt, :at, :outcome, :detail)")
        .bind("o", id)
        .bind("attempt", attempt)
        .bind("at", at.toEpochMilli())
        .bind("outcome", outcome)
        .bind("detail", detail)
        .execute();
  }

  /** The advisory notifications in the outbox, newest first. */
  List<OutboxRow> outbox(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    OUTBOX_SELECT
                        + " WHERE n.advisory_id IS NOT NULL ORDER BY n.id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> outboxRow(rs))
                .list());
  }

  /** The notices about one topic, oldest first. */
  List<OutboxRow> topic(String topic) {
    return jdbi.withHandle(
        h ->
            h.createQuery(OUTBOX_SELECT + " WHERE n.topic = :topic ORDER BY n.id")
                .bind("topic", topic)
                .map((rs, ctx) -> outboxRow(rs))
                .list());
  }

  /** The delivery log of the notices about one topic, newest first. */
  List<NoticeAttempt> attempts(String topic, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT d.*, n.ref, n.channel, n.recipient FROM notice_deliveries d"
                        + " JOIN notices n ON n.id = d.notice_id WHERE n.topic = :topic"
                        + " ORDER BY d.id DESC LIMIT :limit")
                .bind("topic", topic)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new NoticeAttempt(
                            rs.getLong("notice_id"),
                            rs.getString("ref"),
                            rs.getString("channel"),
                            rs.getString("recipient"),
                            rs.getInt("attempt"),
                            Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("outcome"),
                            rs.getString("detail")))
                .list());
  }

  /** The delivery log of advisory notifications, newest first; optionally only for one advisory. */
  List<DeliveryRow> deliveries(Optional<String> trackingId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT d.*, n.advisory_version, n.channel, n.recipient, a.tracking_id"
                        + " FROM notice_deliveries d"
                        + " JOIN notices n ON n.id = d.notice_id"
                        + " JOIN advisories a ON a.id = n.advisory_id"
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
                            rs.getLong("notice_id"),
                            rs.getString("tracking_id"),
                            rs.getInt("advisory_version"),
                            rs.getString("recipient"),
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
    long advisory = rs.getLong("advisory_id");
    boolean noAdvisory = rs.wasNull();
    int version = rs.getInt("advisory_version");
    long subscriber = rs.getLong("subscriber_id");
    boolean noSubscriber = rs.wasNull();
    return new OutboxRow(
        rs.getLong("id"),
        rs.getString("event"),
        rs.getString("topic"),
        rs.getString("ref"),
        rs.getString("channel"),
        rs.getString("recipient"),
        rs.getString("destination"),
        Optional.ofNullable(rs.getString("webhook_secret")),
        rs.getString("subject"),
        rs.getString("body"),
        noAdvisory ? Optional.empty() : Optional.of(advisory),
        Optional.ofNullable(rs.getString("tracking_id")),
        version,
        noSubscriber ? Optional.empty() : Optional.of(subscriber),
        rs.getString("state"),
        rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        open ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished)),
        rs.getString("last_error"));
  }
}
