package org.primum.device.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deadline on the delivery loop (PUMP-SAFETY S3): the loop kicks it every step; an independent
 * checker asks it whether the deadline passed and, if so, stops the actuator and latches safe mode
 * with the returned fault.
 */
public final class Watchdog {
  private final Duration deadline;
  private Instant lastKick;

  public Watchdog(Duration deadline, Instant start) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the watchdog deadline must be positive");
    }
    this.deadline = deadline;
    this.lastKick = Objects.requireNonNull(start, "start");
  }

  /** The delivery loop is alive at {@code now}. */
  public synchronized void kick(Instant now) {
    if (now.isAfter(lastKick)) {
      lastKick = now;
    }
  }

  /** The fault to latch if the loop missed its deadline at {@code now}. */
  public synchronized Optional<SafetyEvent.CriticalFault> check(Instant now) {
    Duration late = Duration.between(lastKick, now);
    if (late.compareTo(deadline) > 0) {
      return Optional.of(
          new SafetyEvent.CriticalFault(
              "WATCHDOG",
              "the delivery loop missed its deadline ("
                  + late.toMillis()
                  + " ms since its last step, deadline "
                  + deadline.toMillis()
                  + " ms)"));
    }
    return Optional.empty();
  }
}
