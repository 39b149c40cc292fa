package org.primum.hub.advisories;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.primum.core.crypto.SecretAccess;

/**
 * One thing to tell one recipient through the hub's {@link Outbox}: an e-mail (subject and plain
 * text) or a signed webhook (a JSON body, an event name in {@value Webhooks#EVENT_HEADER}).
 *
 * <p>The destination is not checked here: the outbox checks it when queuing, and a notice whose
 * address or URL is unusable is recorded as a failed delivery rather than refused, so that what the
 * notice tells (a state change, a rollout step) never fails because of it.
 *
 * @param event what happened, e.g. {@code rollout.site-reached} (lower case, dotted)
 * @param topic what it is about, for listing the notices of one thing, e.g. {@code rollout 3}
 * @param ref the one thing it tells, unique with the channel: queuing it again queues nothing
 * @param recipient who it goes to, as pages show it
 * @param destination the e-mail address or the webhook URL
 * @param subject the e-mail's subject ({@code ""} for a webhook)
 * @param body the e-mail's text, or the webhook's JSON body
 */
public final class Notice {
  /** How a notice travels. */
  public enum Channel {
    EMAIL("email"),
    WEBHOOK("webhook");

    private final String label;

    Channel(String label) {
      this.label = label;
    }

    /** The name in the outbox and on pages. */
    public String label() {
      return label;
    }
  }

  private static final Pattern EVENT = Pattern.compile("[a-z]+(\\.[a-z]+(-[a-z]+)*)+");
  private static final int MAX_BODY = 100_000;

  private final String event;
  private final String topic;
  private final String ref;
  private final Channel channel;
  private final String recipient;
  private final String destination;
  private final Optional<String> webhookSecret;
  private final String subject;
  private final String body;

  private Notice(
      String event,
      String topic,
      String ref,
      Channel channel,
      String recipient,
      String destination,
      Optional<String> webhookSecret,
      String subject,
      String body) {
    if (event == null || !EVENT.matcher(event).matches()) {
      throw new IllegalArgumentException(
          "notice event: expected lower-case dotted words such as rollout.site-reached, found \""
              + event
              + "\"");
    }
    this.event = event;
    this.topic = Texts.line("notice topic", topic, 200);
    this.ref = Texts.line("notice ref", ref, 200);
    this.channel = Objects.requireNonNull(channel, "channel");
    this.recipient = Texts.line("notice recipient", recipient, 320);
    this.destination = Objects.requireNonNull(destination, "destination");
    this.webhookSecret = Objects.requireNonNull(webhookSecret, "webhookSecret");
    this.subject =
        channel == Channel.EMAIL ? Texts.line("notice subject", subject, 300) : subject.strip();
    this.body = Objects.requireNonNull(body, "body");
    if (body.isEmpty() || body.length() > MAX_BODY) {
      throw new IllegalArgumentException(
          "notice body: expected 1 to " + MAX_BODY + " characters, found " + body.length());
    }
  }

  /** A plain-text e-mail to {@code address}. */
  public static Notice email(
      String event, String topic, String ref, String address, String subject, String text) {
    String to = Objects.requireNonNullElse(address, "");
    return new Notice(
        event, topic, ref, Channel.EMAIL, display(to), to, Optional.empty(), subject, text);
  }

  /**
   * A webhook POSTed to {@code url}, signed with {@code secret} as {@link Webhooks} describes
   * (without a secret it is recorded as failed: the hub sends nothing unsigned).
   */
  public static Notice webhook(
      String event, String topic, String ref, String url, Optional<String> secret, String json) {
    String to = Objects.requireNonNullElse(url, "");
    return new Notice(event, topic, ref, Channel.WEBHOOK, display(to), to, secret, "", json);
  }

  private static String display(String destination) {
    String shown = org.primum.core.formats.Texts.printable(destination, 300);
    return shown.isBlank() ? "(none)" : shown;
  }

  public String event() {
    return event;
  }

  public String topic() {
    return topic;
  }

  public String ref() {
    return ref;
  }

  public Channel channel() {
    return channel;
  }

  public String recipient() {
    return recipient;
  }

  public String destination() {
    return destination;
  }

  /** The webhook's HMAC key. */
  public Optional<String> webhookSecret(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return webhookSecret;
  }

  public String subject() {
    return subject;
  }

  public String body() {
    return body;
  }

  @Override
  public String toString() {
    return "Notice[" + event + ", " + ref + ", " + channel.label() + " to " + recipient + "]";
  }
}
