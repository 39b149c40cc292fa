package org.primum.hub.disclosure;

import java.time.Duration;
import java.util.Objects;

/**
 * Abuse resistance of the anonymous intake, without a CAPTCHA: token buckets per source address
 * (kept in the database, so every replica counts the same), a minimum time between serving the HTML
 * form and its submission, and a bound on intakes handled at once.
 *
 * @param reportsPerHour new reports per source address per hour (bucket size and refill)
 * @param statusPerMinute researcher status views, messages and credit changes per source per minute
 * @param minimumFillTime the HTML form is refused when sent back sooner than this after serving
 * @param maximumFormAge the HTML form's signed timestamp is refused when older than this
 * @param limitLoopback whether 127.0.0.1 and ::1 are limited too (true by default: a reverse proxy
 *     on the same host would otherwise exempt everyone)
 * @param concurrentIntakes reports read and stored at the same time by one hub process; more wait
 *     for a 503 with Retry-After (a report may be 36 MiB)
 */
public record IntakeLimits(
    int reportsPerHour,
    int statusPerMinute,
    Duration minimumFillTime,
    Duration maximumFormAge,
    boolean limitLoopback,
    int concurrentIntakes) {
  public IntakeLimits {
    if (reportsPerHour < 1 || statusPerMinute < 1 || concurrentIntakes < 1) {
      throw new IllegalArgumentException(
          "rate limits and concurrency must be at least 1, found "
              + reportsPerHour
              + "/"
              + statusPerMinute
              + "/"
              + concurrentIntakes);
    }
    Objects.requireNonNull(minimumFillTime, "minimumFillTime");
    Objects.requireNonNull(maximumFormAge, "maximumFormAge");
    if (minimumFillTime.isNegative() || maximumFormAge.compareTo(minimumFillTime) <= 0) {
      throw new IllegalArgumentException(
          "expected 0 <= minimumFillTime < maximumFormAge, found "
              + minimumFillTime
              + " and "
              + maximumFormAge);
    }
  }

  public static IntakeLimits defaults() {
    return new IntakeLimits(5, 60, Duration.ofSeconds(3), Duration.ofHours(24), true, 4);
  }

  public IntakeLimits withRates(int reports, int status) {
    return new IntakeLimits(
        reports, status, minimumFillTime, maximumFormAge, limitLoopback, concurrentIntakes);
  }

  public IntakeLimits withConcurrentIntakes(int concurrent) {
    return new IntakeLimits(
        reportsPerHour,
        statusPerMinute,
        minimumFillTime,
        maximumFormAge,
        limitLoopback,
        concurrent);
  }

  public IntakeLimits withMinimumFillTime(Duration fill) {
    return new IntakeLimits(
        reportsPerHour, statusPerMinute, fill, maximumFormAge, limitLoopback, concurrentIntakes);
  }
}
