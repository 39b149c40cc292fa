package org.primum.hub.updates;

import java.util.Objects;
import java.util.Optional;
import org.primum.core.crypto.SecretAccess;

/**
 * A contact just subscribed to a site's rollouts, with its webhook secret: the only time the hub
 * hands the secret out. The receiver checks every notification's signature with it.
 */
public final class RolloutSubscription {
  private final String site;
  private final String contact;
  private final Optional<String> webhookSecret;

  RolloutSubscription(String site, String contact, Optional<String> webhookSecret) {
    this.site = Objects.requireNonNull(site, "site");
    this.contact = Objects.requireNonNull(contact, "contact");
    this.webhookSecret = Objects.requireNonNull(webhookSecret, "webhookSecret");
  }

  public String site() {
    return site;
  }

  public String contact() {
    return contact;
  }

  /** The HMAC key of a webhook contact; absent for an e-mail address. */
  public Optional<String> webhookSecret(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return webhookSecret;
  }

  @Override
  public String toString() {
    return "RolloutSubscription[" + site + ", " + contact + ", secret hidden]";
  }
}
