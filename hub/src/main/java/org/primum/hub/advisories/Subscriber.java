package org.primum.hub.advisories;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone notified of every publication (a hospital, a coordinator): by a signed webhook, by
 * e-mail, or both. The webhook secret is not part of this view: it is shown once, when the
 * subscriber is registered ({@link NewSubscriber}).
 */
public record Subscriber(
    long id,
    String name,
    Optional<URI> webhook,
    Optional<String> email,
    String createdBy,
    Instant createdAt,
    Optional<Instant> disabledAt) {
  public Subscriber {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(disabledAt, "disabledAt");
  }

  public boolean active() {
    return disabledAt.isEmpty();
  }
}
