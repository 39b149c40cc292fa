package org.primum.hub.advisories;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the outbox's delivery log: one attempt to deliver one notice.
 *
 * @param notice the notice's id
 * @param outcome {@code delivered}, {@code retry} (failed, will be tried again) or {@code failed}
 *     (failed for good)
 * @param detail what the receiver answered, or why the attempt failed
 */
public record NoticeAttempt(
    long notice,
    String ref,
    String channel,
    String recipient,
    int attempt,
    Instant at,
    String outcome,
    String detail) {
  public NoticeAttempt {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }
}
