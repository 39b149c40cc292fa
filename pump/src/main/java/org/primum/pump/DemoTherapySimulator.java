package org.primum.pump;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.device.DeviceStatus;
import org.primum.device.StatusSource;

/**
 * A stand-in for the reference pump's therapy model, so the demo fleet shows realistic status
 * (idle, infusing, paused, alarms) on the dashboard.
 *
 * <p>It is a <em>status generator only</em>: it delivers nothing, has no dose logic, and no safety
 * supervisor. The reference pump with dose error reduction and a latched safe mode is a separate
 * piece of work (see PUMP-SAFETY.md); this class is what the foundation's demo runs until then.
 *
 * <p>The timeline is derived from the clock and a per-pump seed, so it is deterministic in tests
 * and every pump looks different in the demo.
 */
public final class DemoTherapySimulator implements StatusSource {
  private static final Duration PHASE = Duration.ofSeconds(20);

  private final Clock clock;
  private final Instant origin;
  private final long seed;

  public DemoTherapySimulator(Clock clock, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.origin = clock.instant();
    this.seed = seed;
  }

  @Override
  public DeviceStatus currentStatus() {
    long phase = Duration.between(origin, clock.instant()).toMillis() / PHASE.toMillis();
    RandomGenerator dice = new java.util.SplittableRandom(seed * 31 + phase);
    int roll = dice.nextInt(100);
    List<StatusReport.Alarm> alarms = new ArrayList<>();
    String state;
    if (roll < 25) {
      state = "IDLE";
    } else if (roll < 80) {
      state = "INFUSING";
    } else if (roll < 90) {
      state = "PAUSED";
      alarms.add(
          new StatusReport.Alarm(
              "INFUSION_PAUSED_TOO_LONG", AlarmPriority.LOW, "Infusion paused for over 2 minutes"));
    } else if (roll < 96) {
      state = "ALARM";
      alarms.add(
          new StatusReport.Alarm(
              "OCCLUSION_DOWNSTREAM",
              AlarmPriority.HIGH,
              "Downstream occlusion: check the line and clamp"));
    } else {
      state = "INFUSING";
      alarms.add(
          new StatusReport.Alarm(
              "BATTERY_LOW", AlarmPriority.MEDIUM, "Battery low: connect mains power"));
    }
    return new DeviceStatus(state, alarms);
  }
}
