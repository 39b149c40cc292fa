package org.primum.hub.advisories;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.crypto.SecretAccess;

/**
 * The hub's outbox: whatever the hub tells people by e-mail or signed webhook (advisory
 * publications, a rollout reaching a site, a disclosure case changing) is queued here, in the
 * transaction of what it tells, and sent by one {@link DeliveryWorker} with the same retries,
 * backoff, leases and delivery log. Other capabilities reach it through an interface of their own
 * that the hub implements with this class (see {@code org.primum.hub.RolloutNotices}).
 *
 * <p>Security guarantees: nothing is sent unsigned to a webhook (a webhook notice without a secret
 * fails); webhooks go only to {@code https://} (plain HTTP only to loopback, and only when the
 * settings allow it), checked when queued and again at every attempt; e-mail goes to one strictly
 * parsed address; a notice whose destination is unusable is recorded as a failed delivery, with the
 * reason in the delivery log, and never makes the transaction that queues it fail.
 */
public final class Outbox {
  private final NotificationStore store;
  private final NotificationSettings settings;
  private final Clock clock;
  private final DeliveryWorker worker;

  /** The outbox in {@code jdbi}'s database (for tools that open the hub's database directly). */
  public Outbox(Jdbi jdbi, NotificationSettings settings, Clock clock) {
    this(new NotificationStore(Objects.requireNonNull(jdbi, "jdbi")), settings, clock);
  }

  Outbox(NotificationStore store, NotificationSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.worker = new DeliveryWorker(store, settings, clock);
  }

  /** What sends the outbox (call {@link DeliveryWorker#tick()} on a schedule). */
  public DeliveryWorker worker() {
    return worker;
  }

  public NotificationSettings settings() {
    return settings;
  }

  /**
   * Queues {@code notice} in the caller's transaction {@code h}, due at once. A notice whose
   * destination is unusable (not one e-mail address; a webhook URL that is not {@code https://}; a
   * webhook without a secret) is recorded as failed, with the reason as its logged attempt.
   *
   * @return false if a notice with the same ref and channel was queued before (nothing changes)
   */
  public boolean queue(Handle h, Notice notice) {
    Objects.requireNonNull(h, "h");
    Objects.requireNonNull(notice, "notice");
    Optional<String> refusal = check(notice);
    String destination =
        refusal.isPresent()
            ? org.primum.core.formats.Texts.printable(notice.destination(), 2000)
            : notice.destination();
    return NotificationStore.enqueue(
        h,
        new NotificationStore.NewNotice(
            notice.event(),
            notice.topic(),
            notice.ref(),
            notice.channel().label(),
            notice.recipient(),
            destination,
            notice.webhookSecret(SecretAccess.insecure()),
            notice.subject(),
            notice.body(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        refusal.map(r -> "not sent: " + r),
        clock.instant());
  }

  /**
   * Checks a webhook URL by the outbox's rule: {@code https://} with a host and no user info; plain
   * {@code http://} only to a loopback host, and only when the settings allow it.
   *
   * @return the URL
   * @throws IllegalArgumentException saying what was expected and found
   */
  public String checkWebhookUrl(String url) {
    return Webhooks.check(url, settings.allowLoopbackHttp()).toString();
  }

  /**
   * Checks an e-mail address strictly (one bare address, no display name, no line breaks).
   *
   * @return the address
   * @throws IllegalArgumentException saying what was expected and found
   */
  public static String checkEmailAddress(String address) {
    return Mailer.checkAddress(address);
  }

  /** The notices about {@code topic}, oldest first. */
  public List<NoticeStatus> notices(String topic) {
    return store.topic(Objects.requireNonNull(topic, "topic")).stream()
        .map(
            o ->
                new NoticeStatus(
                    o.id(),
                    o.event(),
                    o.topic(),
                    o.ref(),
                    o.channel(),
                    o.recipient(),
                    o.subject(),
                    o.state(),
                    o.attempts(),
                    o.createdAt(),
                    o.nextAttemptAt(),
                    o.finishedAt(),
                    o.lastError()))
        .toList();
  }

  /** The delivery log of the notices about {@code topic}, newest first. */
  public List<NoticeAttempt> attempts(String topic, int limit) {
    return store.attempts(
        Objects.requireNonNull(topic, "topic"), Math.max(1, Math.min(limit, 1000)));
  }

  private Optional<String> check(Notice notice) {
    try {
      switch (notice.channel()) {
        case EMAIL -> Mailer.checkAddress(notice.destination());
        case WEBHOOK -> {
          Webhooks.check(notice.destination(), settings.allowLoopbackHttp());
          if (notice.webhookSecret(SecretAccess.insecure()).filter(s -> !s.isEmpty()).isEmpty()) {
            return Optional.of("expected a webhook secret to sign with, found none");
          }
        }
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
