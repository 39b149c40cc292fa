package org.primum.pump;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** A clock that follows another and can be made to jump (fault injection: clock failure). */
public final class JumpingClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  public JumpingClock(Clock base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /** From now on, this clock reads {@code by} later (or earlier, if negative). */
  public void jump(Duration by) {
    offset = offset.plus(by);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    JumpingClock clock = new JumpingClock(base.withZone(zone));
    clock.offset = offset;
    return clock;
  }
}
