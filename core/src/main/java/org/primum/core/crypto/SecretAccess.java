package org.primum.core.crypto;

/**
 * A token that must be presented to read secret key material in the clear.
 *
 * <p>Reading a private key is rare and deserves review: every call site that needs the raw key (to
 * hand it to a TLS stack, or to write it to its owner-only file) names this token, so a reviewer
 * finds all of them with one search. Modelled on Tink's {@code SecretKeyAccess}.
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** Grants access; call it only where the secret must leave its wrapper. */
  public static SecretAccess insecure() {
    return INSTANCE;
  }
}
