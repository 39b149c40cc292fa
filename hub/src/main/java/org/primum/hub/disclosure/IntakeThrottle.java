package org.primum.hub.disclosure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Slows floods of the anonymous intake: a token bucket per kind of request and source address, kept
 * in the database (so every hub replica counts the same; updates are compare-and-set), and a bound
 * on the reports one process reads at once. A bucket holds {@code capacity} tokens and refills
 * completely in its period; an empty bucket refuses with the time until the next token.
 */
final class IntakeThrottle {
  private static final long TOKEN = 1_000_000L;
  private static final Duration BUSY_RETRY = Duration.ofSeconds(5);
  private static final Duration LONGEST_PERIOD = Duration.ofHours(1);

  private final DisclosureStore store;
  private final IntakeLimits limits;
  private final Clock clock;
  private final Semaphore intakes;

  IntakeThrottle(DisclosureStore store, IntakeLimits limits, Clock clock) {
    this.store = store;
    this.limits = limits;
    this.clock = clock;
    this.intakes = new Semaphore(limits.concurrentIntakes());
  }

  void admitReport(String source) throws DisclosureRefusal {
    admit("report", source, limits.reportsPerHour(), Duration.ofHours(1), "reports", "hour");
  }

  void admitStatus(String source) throws DisclosureRefusal {
    admit(
        "status",
        source,
        limits.statusPerMinute(),
        Duration.ofMinutes(1),
        "status requests",
        "minute");
  }

  DisclosureService.Permit enter() throws DisclosureRefusal {
    if (!intakes.tryAcquire()) {
      throw DisclosureRefusal.busy(
          "the hub is receiving other reports right now; try again in a few seconds", BUSY_RETRY);
    }
    return intakes::release;
  }

  /** Drops buckets untouched for the longest period: they have refilled completely. */
  void prune() {
    store.pruneBuckets(clock.millis() - LONGEST_PERIOD.toMillis());
  }

  private void admit(
      String kind, String source, int capacity, Duration period, String what, String per)
      throws DisclosureRefusal {
    if (!limits.limitLoopback() && isLoopback(source)) {
      return;
    }
    String bucket = kind + ":" + source;
    long full = capacity * TOKEN;
    double refillPerMilli = full / (double) period.toMillis();
    for (int attempt = 0; attempt < 8; attempt++) {
      long now = clock.millis();
      Optional<DisclosureStore.BucketRow> seen = store.bucket(bucket);
      if (seen.isEmpty()) {
        if (store.createBucket(bucket, full - TOKEN, now)) {
          return;
        }
        continue; // another request created it first: read it
      }
      long elapsed = Math.max(0, now - seen.get().updatedAt());
      long available = (long) Math.min(full, seen.get().micros() + elapsed * refillPerMilli);
      if (available < TOKEN) {
        long waitMillis = (long) Math.ceil((TOKEN - available) / refillPerMilli);
        Duration wait = Duration.ofMillis(Math.max(1000, waitMillis));
        throw DisclosureRefusal.tooMany(
            String.format(
                Locale.ROOT,
                "too many %s from your address: expected at most %d per %s; try again in %s",
                what,
                capacity,
                per,
                human(wait)),
            wait);
      }
      if (store.replaceBucket(bucket, seen.get(), available - TOKEN, now)) {
        return;
      }
    }
    throw DisclosureRefusal.tooMany(
        "too many concurrent requests from your address; try again in a second",
        Duration.ofSeconds(1));
  }

  private static String human(Duration d) {
    long seconds = (d.toMillis() + 999) / 1000;
    if (seconds < 120) {
      return seconds + " s";
    }
    return ((seconds + 59) / 60) + " min";
  }

  private static boolean isLoopback(String source) {
    try {
      return InetAddress.getByName(source).isLoopbackAddress();
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
