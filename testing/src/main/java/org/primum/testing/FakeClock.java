package org.primum.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to; thread-safe. */
public final class FakeClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public FakeClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A fake clock starting at the current real time, truncated to the millisecond. */
  public static FakeClock startingNow() {
    return new FakeClock(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  /** Moves time forward by {@code step}. */
  public Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("use set() to move a fake clock backwards");
    }
    return now.updateAndGet(t -> t.plus(step));
  }

  /** Sets the time, forwards or backwards. */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new FakeClock(now, zone);
  }
}
