package org.primum.hub.advisories;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One queued notification as the staff page shows it.
 *
 * @param state {@code pending}, {@code delivered} or {@code failed}
 */
public record Notification(
    long id,
    String trackingId,
    int version,
    String subscriber,
    String channel,
    String state,
    int attempts,
    Instant nextAttemptAt,
    Optional<Instant> finishedAt,
    String lastError) {
  public Notification {
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(lastError, "lastError");
  }
}
