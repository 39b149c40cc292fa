package org.primum.hub.advisories;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.hub.audit.AuditLog;

/**
 * Subscribers to advisories and what they were sent: registration (webhook and/or e-mail), the
 * notifications queued in the hub's {@link Outbox} with each publication, and their delivery log.
 * {@link DeliveryWorker} sends.
 *
 * <p>Security guarantees: webhooks go only to {@code https://} URLs (plain HTTP only to loopback,
 * and only when the settings allow it); each subscriber has its own random 256-bit secret, handed
 * out once at registration; only TLP:WHITE publications are notified; every change is audited.
 */
public final class AdvisoryNotifications {
  static final String WEBHOOK = "webhook";
  static final String EMAIL = "email";

  private final NotificationStore store;
  private final NotificationSettings settings;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final Outbox outbox;

  public AdvisoryNotifications(
      Jdbi jdbi, NotificationSettings settings, AuditLog audit, Clock clock, SecureRandom random) {
    this.store = new NotificationStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.outbox = new Outbox(store, settings, clock);
  }

  /** The hub's outbox, which advisory publications share with every other notice. */
  public Outbox outbox() {
    return outbox;
  }

  /** The worker that drains the outbox (call {@link DeliveryWorker#tick()} on a schedule). */
  public DeliveryWorker worker() {
    return outbox.worker();
  }

  public NotificationSettings settings() {
    return settings;
  }

  /**
   * Registers a subscriber notified by webhook, by e-mail, or both.
   *
   * @return the subscriber and, with a webhook, its secret (shown this once)
   * @throws AdvisoryRefusal if the name is empty, neither channel is given, the webhook URL is not
   *     {@code https://}, or the address is not one e-mail address
   */
  public NewSubscriber register(
      String name, Optional<String> webhookUrl, Optional<String> email, String actor)
      throws AdvisoryRefusal {
    String cleanName;
    Optional<URI> url;
    Optional<String> address;
    try {
      cleanName = Texts.line("subscriber name", name, 200);
      url =
          webhookUrl
              .filter(u -> !u.isBlank())
              .map(u -> Webhooks.check(u, settings.allowLoopbackHttp()));
      address = email.filter(e -> !e.isBlank()).map(Mailer::checkAddress);
    } catch (IllegalArgumentException e) {
      throw AdvisoryRefusal.badInput("subscriber", e.getMessage());
    }
    if (url.isEmpty() && address.isEmpty()) {
      throw AdvisoryRefusal.badInput(
          "subscriber",
          "subscriber: expected a webhook URL, an e-mail address or both, found neither");
    }
    Optional<String> secret = url.map(u -> newSecret());
    Instant now = clock.instant();
    long id =
        store.insertSubscriber(cleanName, url.map(URI::toString), secret, address, now, actor);
    audit.ok(
        actor,
        "advisory.subscriber.add",
        "subscriber " + id,
        cleanName
            + url.map(u -> ", webhook " + u).orElse("")
            + address.map(a -> ", e-mail " + a).orElse(""),
        "local");
    return new NewSubscriber(
        new Subscriber(id, cleanName, url, address, actor, now, Optional.empty()), secret);
  }

  /**
   * Stops notifying a subscriber; notifications already queued for it fail at their next attempt.
   *
   * @throws AdvisoryRefusal if no active subscriber has that id
   */
  public void disable(long id, String actor) throws AdvisoryRefusal {
    if (!store.disableSubscriber(id, clock.instant(), actor)) {
      throw AdvisoryRefusal.notFound("no active subscriber has id " + id);
    }
    audit.ok(actor, "advisory.subscriber.disable", "subscriber " + id, "disabled", "local");
  }

  /** Every subscriber, active or not, in the order registered. */
  public List<Subscriber> subscribers() {
    return store.subscribers().stream().map(AdvisoryNotifications::view).toList();
  }

  /** The latest notifications, newest first. */
  public List<Notification> notifications(int limit) {
    return store.outbox(Math.max(1, Math.min(limit, 1000))).stream()
        .map(
            o ->
                new Notification(
                    o.id(),
                    o.trackingId().orElse(""),
                    o.advisoryVersion(),
                    o.recipient(),
                    o.channel(),
                    o.state(),
                    o.attempts(),
                    o.nextAttemptAt(),
                    o.finishedAt(),
                    o.lastError()))
        .toList();
  }

  /** The delivery log, newest first; optionally only for one advisory. */
  public List<DeliveryAttempt> deliveries(Optional<String> trackingId, int limit) {
    return store.deliveries(trackingId, Math.max(1, Math.min(limit, 1000))).stream()
        .map(
            d ->
                new DeliveryAttempt(
                    d.outboxId(),
                    d.trackingId(),
                    d.version(),
                    d.subscriberName(),
                    d.channel(),
                    d.attempt(),
                    d.at(),
                    d.outcome(),
                    d.detail()))
        .toList();
  }

  /**
   * Queues one notification per active subscriber and channel, in the publication's transaction.
   *
   * @return how many were queued
   */
  static int enqueue(Handle h, long advisoryId, PublicationNotice notice, Instant now) {
    int queued = 0;
    String payload = notice.json();
    for (NotificationStore.SubscriberRow s : NotificationStore.activeSubscribers(h)) {
      if (s.webhookUrl().isPresent()
          && enqueue(h, advisoryId, notice, s, WEBHOOK, s.webhookUrl().get(), payload, now)) {
        queued++;
      }
      if (s.email().isPresent()
          && enqueue(h, advisoryId, notice, s, EMAIL, s.email().get(), payload, now)) {
        queued++;
      }
    }
    return queued;
  }

  private static boolean enqueue(
      Handle h,
      long advisoryId,
      PublicationNotice notice,
      NotificationStore.SubscriberRow s,
      String channel,
      String destination,
      String payload,
      Instant now) {
    // The subscriber's secret, address and name are read again when it is sent.
    return NotificationStore.enqueue(
        h,
        new NotificationStore.NewNotice(
            PublicationNotice.EVENT,
            notice.trackingId(),
            "advisory " + advisoryId + " v" + notice.version() + " subscriber " + s.id(),
            channel,
            s.name(),
            destination,
            Optional.empty(),
            "",
            payload,
            Optional.of(advisoryId),
            Optional.of(notice.version()),
            Optional.of(s.id())),
        Optional.empty(),
        now);
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Subscriber view(NotificationStore.SubscriberRow s) {
    return new Subscriber(
        s.id(),
        s.name(),
        s.webhookUrl().map(URI::create),
        s.email(),
        s.createdBy(),
        s.createdAt(),
        s.disabledAt());
  }
}
