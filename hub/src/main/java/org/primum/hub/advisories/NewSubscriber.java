package org.primum.hub.advisories;

import java.util.Objects;
import java.util.Optional;
import org.primum.core.crypto.SecretAccess;

/**
 * A subscriber just registered, with its webhook secret: the only time the hub hands the secret
 * out. Show it to the person registering the subscriber, who passes it to the receiver.
 */
public final class NewSubscriber {
  private final Subscriber subscriber;
  private final Optional<String> webhookSecret;

  NewSubscriber(Subscriber subscriber, Optional<String> webhookSecret) {
    this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    this.webhookSecret = Objects.requireNonNull(webhookSecret, "webhookSecret");
  }

  public Subscriber subscriber() {
    return subscriber;
  }

  /** The HMAC key the receiver verifies webhooks with; present iff a webhook was registered. */
  public Optional<String> webhookSecret(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return webhookSecret;
  }

  @Override
  public String toString() {
    return "NewSubscriber[" + subscriber.name() + ", secret hidden]";
  }
}
