package org.primum.hub.staff;

import java.time.Duration;
import java.util.Optional;
import org.primum.core.Rejection;

/** A sign-in was refused: wrong credentials, a disabled account, or too many recent failures. */
public final class LoginRefused extends Rejection {
  private final Optional<Duration> retryAfter;

  LoginRefused(String code, String message, Optional<Duration> retryAfter) {
    super(code, message);
    this.retryAfter = retryAfter;
  }

  /** When the sign-in is throttled, how long to wait. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
