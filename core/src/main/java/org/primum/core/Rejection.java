package org.primum.core;

/**
 * Untrusted input was rejected; the message says what was expected and what was found.
 *
 * <p>Every subsystem that reads outside input (certificate requests, signed envelopes, status
 * reports, ...) throws a subclass of this checked exception, so callers must decide what a
 * rejection means for them and cannot let one escape as a stack trace to a user.
 */
public class Rejection extends Exception {
  private final String code;

  /**
   * @param code a short, stable, machine-readable reason (e.g. {@code "csr-key-type"})
   * @param message a human sentence: what was expected, what was found
   */
  public Rejection(String code, String message) {
    super(message);
    this.code = code;
  }

  public Rejection(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A short, stable reason code, safe to show to the sender and to log. */
  public String code() {
    return code;
  }
}
