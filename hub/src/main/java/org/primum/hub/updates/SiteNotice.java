package org.primum.hub.updates;

import java.util.Objects;
import java.util.Optional;
import org.primum.core.crypto.SecretAccess;

/**
 * One notification of a rollout reaching a site, for one subscribed contact: the e-mail's subject
 * and text and the webhook's JSON body ({@value #EVENT}), as the rollout driver wrote them.
 */
public final class SiteNotice {
  /** The event name of a rollout reaching a site (webhook header and body). */
  public static final String EVENT = "rollout.site-reached";

  private final long notificationId;
  private final long rolloutId;
  private final String site;
  private final String contact;
  private final Optional<String> webhookSecret;
  private final String subject;
  private final String text;
  private final String json;

  SiteNotice(
      long notificationId,
      long rolloutId,
      String site,
      String contact,
      Optional<String> webhookSecret,
      String subject,
      String text,
      String json) {
    this.notificationId = notificationId;
    this.rolloutId = rolloutId;
    this.site = Objects.requireNonNull(site, "site");
    this.contact = Objects.requireNonNull(contact, "contact");
    this.webhookSecret = Objects.requireNonNull(webhookSecret, "webhookSecret");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.text = Objects.requireNonNull(text, "text");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The id of the notification in {@code rollout_notifications}. */
  public long notificationId() {
    return notificationId;
  }

  public long rolloutId() {
    return rolloutId;
  }

  public String site() {
    return site;
  }

  /** An e-mail address or a webhook URL. */
  public String contact() {
    return contact;
  }

  /** Whether the contact is a webhook (otherwise an e-mail address). */
  public boolean webhook() {
    return contact.startsWith("https://") || contact.startsWith("http://");
  }

  /** The HMAC key of a webhook contact (absent for e-mail, and for webhooks subscribed before). */
  public Optional<String> webhookSecret(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return webhookSecret;
  }

  public String subject() {
    return subject;
  }

  /** The plain text: what the rollout page shows. */
  public String text() {
    return text;
  }

  /** The webhook body. */
  public String json() {
    return json;
  }

  @Override
  public String toString() {
    return "SiteNotice[" + notificationId + ", rollout " + rolloutId + ", " + site + "]";
  }
}
