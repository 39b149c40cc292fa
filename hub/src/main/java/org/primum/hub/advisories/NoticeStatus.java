package org.primum.hub.advisories;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one queued {@link Notice} stands.
 *
 * @param id the notice's id, sent as {@value Webhooks#DELIVERY_HEADER}
 * @param channel {@code email} or {@code webhook}
 * @param subject the e-mail's subject ({@code ""} for webhooks and advisory publications)
 * @param state {@code pending} (queued or waiting for a retry), {@code delivered} or {@code failed}
 *     (for good)
 * @param attempts attempts so far
 * @param nextAttemptAt when a pending notice is tried next
 * @param finishedAt when it was delivered or given up
 * @param lastError why the latest attempt failed ({@code ""} once delivered)
 */
public record NoticeStatus(
    long id,
    String event,
    String topic,
    String ref,
    String channel,
    String recipient,
    String subject,
    String state,
    int attempts,
    Instant createdAt,
    Instant nextAttemptAt,
    Optional<Instant> finishedAt,
    String lastError) {
  public NoticeStatus {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(lastError, "lastError");
  }
}
