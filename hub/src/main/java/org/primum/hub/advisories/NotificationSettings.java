package org.primum.hub.advisories;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How subscribers are notified.
 *
 * @param maxAttempts attempts per notification before it is marked failed (at least 1)
 * @param firstRetry the wait after the first failed attempt; each further failure doubles it
 * @param maxRetry the longest wait between attempts
 * @param timeout connect and response timeout of one attempt
 * @param lease how long one attempt may hold a notification before another worker may take it
 * @param allowLoopbackHttp whether webhooks may use plain {@code http://} to a loopback host (for
 *     tests and local relays only; every other webhook must be {@code https://})
 * @param smtp the mail server for e-mail notifications; without it e-mail notifications fail
 */
public record NotificationSettings(
    int maxAttempts,
    Duration firstRetry,
    Duration maxRetry,
    Duration timeout,
    Duration lease,
    boolean allowLoopbackHttp,
    Optional<SmtpSettings> smtp) {
  public NotificationSettings {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException(
          "notifications: expected 1 to 100 attempts, found " + maxAttempts);
    }
    positive("first retry", firstRetry);
    positive("max retry", maxRetry);
    positive("timeout", timeout);
    positive("lease", lease);
    if (lease.compareTo(timeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "notifications: expected a lease of at least twice the timeout ("
              + timeout.multipliedBy(2)
              + "), found "
              + lease);
    }
    Objects.requireNonNull(smtp, "smtp");
  }

  /** Eight attempts over about four hours (1, 2, 4, ... 64 minutes apart), HTTPS only, no SMTP. */
  public static NotificationSettings defaults() {
    return new NotificationSettings(
        8,
        Duration.ofMinutes(1),
        Duration.ofHours(6),
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        false,
        Optional.empty());
  }

  public NotificationSettings withSmtp(SmtpSettings value) {
    return new NotificationSettings(
        maxAttempts, firstRetry, maxRetry, timeout, lease, allowLoopbackHttp, Optional.of(value));
  }

  public NotificationSettings withLoopbackHttp(boolean value) {
    return new NotificationSettings(maxAttempts, firstRetry, maxRetry, timeout, lease, value, smtp);
  }

  public NotificationSettings withRetries(int attempts, Duration first, Duration max) {
    return new NotificationSettings(attempts, first, max, timeout, lease, allowLoopbackHttp, smtp);
  }

  /** The wait after failed attempt number {@code attempt} (1-based): exponential, capped. */
  public Duration backoff(int attempt) {
    Duration wait = firstRetry;
    for (int i = 1; i < attempt && wait.compareTo(maxRetry) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "notifications: expected a positive " + what + ", found " + d);
    }
  }
}
