package org.primum.hub.advisories;

import jakarta.mail.MessagingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the hub's outbox ({@link Outbox}: advisory publications, rollout and disclosure notices):
 * each {@link #tick()} sends every notice that is due, records each attempt in the delivery log,
 * and schedules a failed one again with exponential backoff until {@link
 * NotificationSettings#maxAttempts()}, after which it is {@code failed}.
 *
 * <p>All state is in the database: a hub that stops between attempts resumes where it stopped, and
 * several hub replicas may tick at once (a notification is claimed for one attempt at a time, with
 * a lease that expires if its holder dies). Delivery is at least once: a hub that dies after
 * sending but before recording sends again, with the same {@code X-Primum-Delivery} id.
 */
public final class DeliveryWorker {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final int BATCH = 100;

  /** What one tick did. */
  public record TickResult(int delivered, int retrying, int failed) {
    public int attempts() {
      return delivered + retrying + failed;
    }
  }

  private final NotificationStore store;
  private final NotificationSettings settings;
  private final Clock clock;
  private final Webhooks webhooks;
  private final Optional<Mailer> mailer;

  DeliveryWorker(NotificationStore store, NotificationSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.webhooks = new Webhooks(settings.timeout());
    this.mailer = settings.smtp().map(s -> new Mailer(s, settings.timeout(), clock));
  }

  /**
   * Attempts every due notification once. A failed delivery does not throw: it goes into the
   * delivery log (only a database failure propagates).
   */
  public TickResult tick() {
    int delivered = 0;
    int retrying = 0;
    int failed = 0;
    Instant now = clock.instant();
    for (NotificationStore.OutboxRow row : store.due(now, BATCH)) {
      if (!store.claim(row.id(), now, now.plus(settings.lease()))) {
        continue;
      }
      int attempt = row.attempts() + 1;
      String detail;
      boolean ok;
      try {
        detail = send(row);
        ok = true;
      } catch (Webhooks.DeliveryFailure e) {
        detail = e.getMessage();
        ok = false;
      } catch (RuntimeException e) {
        LOG.atWarn().addKeyValue("notification", row.id()).setCause(e).log("delivery failed");
        detail = "unexpected error: " + Webhooks.describe(e);
        ok = false;
      }
      Instant at = clock.instant();
      if (ok) {
        store.recordAttempt(row.id(), attempt, at, "delivered", at, "delivered", detail);
        delivered++;
      } else if (attempt >= settings.maxAttempts()) {
        store.recordAttempt(
            row.id(),
            attempt,
            at,
            "failed",
            at,
            "failed",
            String.format(
                Locale.ROOT,
                "%s (attempt %d of %d; giving up)",
                detail,
                attempt,
                settings.maxAttempts()));
        failed++;
      } else {
        Instant next = at.plus(settings.backoff(attempt));
        store.recordAttempt(
            row.id(),
            attempt,
            at,
            "pending",
            next,
            "retry",
            String.format(
                Locale.ROOT,
                "%s (attempt %d of %d; next at %s)",
                detail,
                attempt,
                settings.maxAttempts(),
                next));
        retrying++;
      }
      LOG.atInfo()
          .addKeyValue("notification", row.id())
          .addKeyValue("event", row.event())
          .addKeyValue("topic", row.topic())
          .addKeyValue("channel", row.channel())
          .addKeyValue("attempt", attempt)
          .addKeyValue("ok", ok)
          .log(detail);
    }
    return new TickResult(delivered, retrying, failed);
  }

  private String send(NotificationStore.OutboxRow row) throws Webhooks.DeliveryFailure {
    if (row.subscriberId().isPresent()) {
      return sendToSubscriber(row, row.subscriberId().get());
    }
    return switch (row.channel()) {
      case AdvisoryNotifications.WEBHOOK -> webhook(row, row.destination(), row.webhookSecret());
      case AdvisoryNotifications.EMAIL -> email(row.destination(), row.subject(), row.body());
      default -> throw new Webhooks.DeliveryFailure("unknown channel " + row.channel());
    };
  }

  /** An advisory publication: to a subscriber who must still be active, in its current form. */
  private String sendToSubscriber(NotificationStore.OutboxRow row, long subscriberId)
      throws Webhooks.DeliveryFailure {
    NotificationStore.SubscriberRow subscriber =
        store
            .subscriber(subscriberId)
            .orElseThrow(() -> new Webhooks.DeliveryFailure("the subscriber no longer exists"));
    if (subscriber.disabledAt().isPresent()) {
      throw new Webhooks.DeliveryFailure("the subscriber was disabled");
    }
    return switch (row.channel()) {
      case AdvisoryNotifications.WEBHOOK ->
          webhook(row, subscriber.webhookUrl().orElseThrow(), subscriber.webhookSecret());
      case AdvisoryNotifications.EMAIL -> {
        mailer();
        PublicationNotice notice = PublicationNotice.parse(row.body());
        yield email(
            subscriber.email().orElseThrow(), subject(notice), body(notice, subscriber.name()));
      }
      default -> throw new Webhooks.DeliveryFailure("unknown channel " + row.channel());
    };
  }

  private String webhook(
      NotificationStore.OutboxRow row, String destination, Optional<String> webhookSecret)
      throws Webhooks.DeliveryFailure {
    URI url;
    try {
      // checked again at every attempt: the settings may have changed since it was queued
      url = Webhooks.check(destination, settings.allowLoopbackHttp());
    } catch (IllegalArgumentException e) {
      throw new Webhooks.DeliveryFailure(e.getMessage());
    }
    String secret =
        webhookSecret.orElseThrow(() -> new Webhooks.DeliveryFailure("no webhook secret"));
    return webhooks.post(
        url,
        secret,
        row.event(),
        row.id(),
        clock.instant().getEpochSecond(),
        row.body().getBytes(StandardCharsets.UTF_8));
  }

  private String email(String destination, String subject, String text)
      throws Webhooks.DeliveryFailure {
    Mailer m = mailer();
    String to;
    try {
      to = Mailer.checkAddress(destination);
    } catch (IllegalArgumentException e) {
      throw new Webhooks.DeliveryFailure(e.getMessage());
    }
    try {
      m.send(to, subject, text);
    } catch (MessagingException e) {
      throw new Webhooks.DeliveryFailure(
          "expected " + m.server() + " to accept the message, found " + Webhooks.describe(e));
    }
    return "accepted by " + m.server() + " for " + to;
  }

  private Mailer mailer() throws Webhooks.DeliveryFailure {
    return mailer.orElseThrow(
        () -> new Webhooks.DeliveryFailure("expected SMTP settings, found none configured"));
  }

  static String subject(PublicationNotice n) {
    return "[Security advisory] "
        + n.trackingId()
        + (n.version() > 1 ? " (update " + n.version() + ")" : "")
        + ": "
        + n.title()
        + n.severity().map(s -> " [" + s + "]").orElse("");
  }

  static String body(PublicationNotice n, String subscriber) {
    StringBuilder b = new StringBuilder();
    b.append("To ").append(subscriber).append(",\n\n");
    b.append(n.version() > 1 ? "An updated" : "A new")
        .append(" security advisory has been published.\n\n");
    b.append("Advisory: ").append(n.trackingId()).append(", version ").append(n.version());
    b.append(" (").append(n.status()).append(")\n");
    b.append("Title:    ").append(n.title()).append('\n');
    n.severity()
        .ifPresent(
            s ->
                b.append("Severity: ")
                    .append(s)
                    .append(
                        n.cvssBaseScore()
                            .map(x -> String.format(Locale.ROOT, " (CVSS v3.1 base score %.1f)", x))
                            .orElse(""))
                    .append('\n'));
    b.append("Released: ").append(AdvisoryDocuments.date(n.publishedAt())).append("\n\n");
    b.append(n.summary()).append("\n\n");
    b.append("Read it:  ").append(n.htmlUrl()).append('\n');
    b.append("CSAF 2.0: ").append(n.csafUrl()).append('\n');
    b.append("SHA-256 of the CSAF document: ").append(n.sha256()).append('\n');
    b.append("OpenPGP signature: ").append(n.csafUrl()).append(".asc\n\n");
    b.append("Check the signature before acting on the document; the signing key is listed in\n");
    b.append("the provider metadata of the publisher.\n");
    return b.toString();
  }
}
