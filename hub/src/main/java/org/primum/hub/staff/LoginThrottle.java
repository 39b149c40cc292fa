package org.primum.hub.staff;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Slows password guessing: after {@value #USER_LIMIT} failures for one account, or {@value
 * #SOURCE_LIMIT} from one address, within {@link #WINDOW}, sign-in for that account or address is
 * locked for {@link #LOCKOUT}. Counters live in the database, so every hub replica sees them.
 */
final class LoginThrottle {
  static final int USER_LIMIT = 5;
  static final int SOURCE_LIMIT = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration LOCKOUT = Duration.ofMinutes(15);

  private final StaffStore store;

  LoginThrottle(StaffStore store) {
    this.store = store;
  }

  static String userSubject(String username) {
    return "user:" + username;
  }

  static String sourceSubject(String source) {
    return "source:" + source;
  }

  /** How long the caller must still wait, if any subject is locked. */
  Optional<Duration> lockedFor(List<String> subjects, Instant now) {
    Duration longest = Duration.ZERO;
    for (String subject : subjects) {
      Optional<StaffStore.FailureRow> row = store.failures(subject);
      if (row.isPresent() && row.get().lockedUntil() > now.toEpochMilli()) {
        Duration left = Duration.ofMillis(row.get().lockedUntil() - now.toEpochMilli());
        longest = left.compareTo(longest) > 0 ? left : longest;
      }
    }
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  void recordFailure(String subject, int limit, Instant now) {
    long nowMillis = now.toEpochMilli();
    StaffStore.FailureRow previous =
        store.failures(subject).orElse(new StaffStore.FailureRow(subject, 0, nowMillis, 0));
    boolean windowOver = nowMillis - previous.windowStart() > WINDOW.toMillis();
    int failures = windowOver ? 1 : previous.failures() + 1;
    long windowStart = windowOver ? nowMillis : previous.windowStart();
    long lockedUntil = failures >= limit ? nowMillis + LOCKOUT.toMillis() : previous.lockedUntil();
    store.saveFailures(new StaffStore.FailureRow(subject, failures, windowStart, lockedUntil));
  }

  void recordSuccess(String username) {
    store.clearFailures(userSubject(username));
  }
}
