package org.primum.hub.advisories;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the delivery log: one attempt to deliver one notification.
 *
 * @param outcome {@code delivered}, {@code retry} (failed, will be tried again) or {@code failed}
 *     (failed for good)
 * @param detail what the receiver answered, or why the attempt failed
 */
public record DeliveryAttempt(
    long notification,
    String trackingId,
    int version,
    String subscriber,
    String channel,
    int attempt,
    Instant at,
    String outcome,
    String detail) {
  public DeliveryAttempt {
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }
}
