package org.primum.device.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.device.safety.SafetyEvent.AlarmCleared;
import org.primum.device.safety.SafetyEvent.AlarmRaised;
import org.primum.device.safety.SafetyEvent.BeginProgramming;
import org.primum.device.safety.SafetyEvent.BolusEnded;
import org.primum.device.safety.SafetyEvent.BolusStarted;
import org.primum.device.safety.SafetyEvent.Completed;
import org.primum.device.safety.SafetyEvent.CriticalFault;
import org.primum.device.safety.SafetyEvent.CriticalFaultCleared;
import org.primum.device.safety.SafetyEvent.KeepVeinOpen;
import org.primum.device.safety.SafetyEvent.Pause;
import org.primum.device.safety.SafetyEvent.ProgramCleared;
import org.primum.device.safety.SafetyEvent.ProgramConfirmed;
import org.primum.device.safety.SafetyEvent.ProgrammingCancelled;
import org.primum.device.safety.SafetyEvent.RemoteStop;
import org.primum.device.safety.SafetyEvent.SafeModeReset;
import org.primum.device.safety.SafetyEvent.SelfTestPassed;
import org.primum.device.safety.SafetyEvent.Start;
import org.primum.device.safety.SafetyState.Alarmed;
import org.primum.device.safety.SafetyState.Confirmed;
import org.primum.device.safety.SafetyState.Delivering;
import org.primum.device.safety.SafetyState.Idle;
import org.primum.device.safety.SafetyState.Mode;
import org.primum.device.safety.SafetyState.Paused;
import org.primum.device.safety.SafetyState.Programming;
import org.primum.device.safety.SafetyState.SafeMode;
import org.primum.device.safety.SafetyState.SelfTest;

/**
 * The safety supervisor of a therapy device: an explicit state machine over {@link SafetyState} and
 * {@link SafetyEvent}, the set of active alarms with IEC 60601-1-8 priorities, a latched safe mode,
 * and audio pause that expires by itself. It is the only authority on whether the actuator may run
 * ({@link #deliveryAllowed()}); the device's delivery loop asks it before every step.
 *
 * <p>Security guarantees: nothing but the listed transitions happens; an event that does not apply
 * in the current state is refused with the reason, and changes nothing. No event raises delivery
 * from a stopped state except {@link Start} (a local action by the clinician), and nothing leaves
 * {@link SafeMode} except a local authenticated reset once every cause is gone, and that leads to
 * {@link Idle}, never back into delivery. The network is not an input: losing it cannot change the
 * state (PUMP-SAFETY S7).
 *
 * <p>Thread-safe: every method is synchronized; calls are short and never block.
 */
public final class SafetySupervisor {
  /** The longest an alarm's audio may be paused at once (PUMP-SAFETY A3). */
  public static final Duration MAX_AUDIO_PAUSE = Duration.ofMinutes(2);

  /** What one event did. */
  public record Transition(
      SafetyState from, SafetyState to, SafetyEvent event, boolean accepted, String refusal) {
    public boolean changed() {
      return !from.equals(to);
    }
  }

  /** One active alarm. */
  public record ActiveAlarm(
      String code, AlarmPriority priority, String message, boolean stopsDelivery, Instant since) {}

  /**
   * The indicator every interface shows: state, the reason, the top priority, whether the alarm
   * sounds, and every active alarm, most urgent first (PUMP-SAFETY A1, A2).
   */
  public record Indicator(
      String state,
      String reason,
      Optional<AlarmPriority> priority,
      boolean audible,
      List<StatusReport.Alarm> alarms) {}

  private SafetyState state = new SelfTest();
  private final Map<String, ActiveAlarm> alarms = new LinkedHashMap<>();
  private final Set<String> criticalCauses = new LinkedHashSet<>();
  private final Set<String> latchedAlarms = new LinkedHashSet<>();
  private Instant audioPausedUntil = Instant.MIN;
  private SafetyState beforeProgramming = new Idle();

  public synchronized SafetyState state() {
    return state;
  }

  /** Whether the actuator may run now: only while delivering. */
  public synchronized boolean deliveryAllowed() {
    return state instanceof Delivering;
  }

  /** Applies one event at {@code now}. */
  public synchronized Transition handle(SafetyEvent event, Instant now) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(now, "now");
    SafetyState from = state;
    String refusal = apply(event, now);
    return new Transition(from, state, event, refusal.isEmpty(), refusal);
  }

  private String apply(SafetyEvent event, Instant now) {
    // Conditions first: they apply in every state.
    if (event instanceof CriticalFault fault) {
      criticalCauses.add(fault.code());
      latchedAlarms.add(fault.code());
      raise(fault.code(), AlarmPriority.HIGH, "safe mode: " + fault.reason(), true, now);
      if (!(state instanceof SafeMode)) {
        state = new SafeMode(fault.code(), fault.reason());
      }
      return "";
    }
    if (event instanceof CriticalFaultCleared cleared) {
      criticalCauses.remove(cleared.code());
      return ""; // the latch holds; the alarm stays until the reset
    }
    if (event instanceof AlarmRaised alarm) {
      raise(alarm.code(), alarm.priority(), alarm.message(), alarm.stopsDelivery(), now);
      if (alarm.stopsDelivery() && state instanceof Delivering) {
        state = new Alarmed(alarm.code()); // PUMP-SAFETY P2: an error cancels an active bolus
      }
      return "";
    }
    if (event instanceof AlarmCleared cleared) {
      if (latchedAlarms.contains(cleared.code())) {
        return "a safe-mode alarm clears only with the safe-mode reset";
      }
      ActiveAlarm gone = alarms.remove(cleared.code());
      if (gone == null) {
        return "no active alarm " + cleared.code();
      }
      if (state instanceof Alarmed && !stoppingAlarmActive()) {
        state = new Paused(); // waits for the clinician to resume
      }
      return "";
    }
    if (state instanceof SafeMode safe) {
      return inSafeMode(safe, event);
    }
    if (event instanceof RemoteStop stop) {
      if (!(state instanceof Delivering)) {
        return "nothing is being delivered";
      }
      state = new Paused();
      raise(
          "REMOTE_STOP",
          AlarmPriority.LOW,
          "stopped remotely by " + stop.who() + "; resume at the pump",
          false,
          now);
      return "";
    }
    if (state instanceof SelfTest) {
      if (event instanceof SelfTestPassed) {
        state = new Idle();
        return "";
      }
      return refuse(event, "the self-test has not passed");
    }
    if (state instanceof Idle) {
      if (event instanceof BeginProgramming) {
        beforeProgramming = state;
        state = new Programming();
        return "";
      }
      return refuse(event, "no program: program the pump first");
    }
    if (state instanceof Programming) {
      if (event instanceof ProgramConfirmed) {
        state = new Confirmed();
        return "";
      }
      if (event instanceof ProgramCleared) {
        state = new Idle();
        return "";
      }
      if (event instanceof ProgrammingCancelled) {
        // Back to what was there; a delivering program was paused on the way in (D8).
        // Only Idle, Confirmed or Paused lead into programming; those states carry no data.
        state = beforeProgramming;
        return "";
      }
      return refuse(event, "programming is not finished");
    }
    if (state instanceof Confirmed || state instanceof Paused) {
      if (event instanceof Start) {
        return start();
      }
      if (event instanceof ProgramCleared) {
        state = new Idle();
        return "";
      }
      if (event instanceof BeginProgramming) {
        beforeProgramming = state;
        state = new Programming();
        return "";
      }
      return refuse(event, state instanceof Paused ? "paused" : "the program has not started");
    }
    if (state instanceof Delivering d) {
      return delivering(d, event);
    }
    Alarmed alarmed = (Alarmed) state;
    if (event instanceof ProgramCleared) {
      state = new Idle();
      return "";
    }
    return refuse(event, "alarm " + alarmed.code() + " is active: clear its cause first");
  }

  private String delivering(Delivering d, SafetyEvent event) {
    if (event instanceof Pause) {
      state = new Paused(); // a running bolus is cancelled with it
      return "";
    }
    if (event instanceof Completed) {
      state = new Idle();
      return "";
    }
    if (event instanceof KeepVeinOpen) {
      state = new Delivering(Mode.KEEP_VEIN_OPEN);
      return "";
    }
    if (event instanceof BolusStarted) {
      if (d.mode() != Mode.BASAL) {
        return refuse(event, "a bolus needs a running basal infusion");
      }
      if (!alarms.isEmpty()) {
        // PUMP-SAFETY P2: no bolus during an alarm.
        return refuse(event, "no bolus while an alarm is active: " + alarms.keySet());
      }
      state = new Delivering(Mode.BOLUS);
      return "";
    }
    if (event instanceof BolusEnded) {
      if (d.mode() != Mode.BOLUS) {
        return refuse(event, "no bolus is running");
      }
      state = new Delivering(Mode.BASAL);
      return "";
    }
    return refuse(event, "delivering");
  }

  private String start() {
    if (stoppingAlarmActive()) {
      return "cannot start while a stopping alarm is active: " + stoppingCodes();
    }
    alarms.remove("REMOTE_STOP");
    state = new Delivering(Mode.BASAL);
    return "";
  }

  private String inSafeMode(SafeMode safe, SafetyEvent event) {
    if (event instanceof SafeModeReset reset) {
      if (!criticalCauses.isEmpty()) {
        return "safe mode holds: the cause is still present (" + criticalCauses + ")";
      }
      alarms.keySet().removeAll(latchedAlarms);
      latchedAlarms.clear();
      state = new Idle(); // never straight back into delivery; the program must be redone
      return "";
    }
    return refuse(event, "safe mode (" + safe.code() + "): " + safe.reason());
  }

  private void raise(
      String code, AlarmPriority priority, String message, boolean stops, Instant now) {
    ActiveAlarm previous = alarms.get(code);
    alarms.put(
        code,
        new ActiveAlarm(code, priority, message, stops, previous == null ? now : previous.since()));
    if (previous == null) {
      audioPausedUntil = Instant.MIN; // a new alarm is heard even if audio was paused (A3)
    }
  }

  private boolean stoppingAlarmActive() {
    return alarms.values().stream().anyMatch(ActiveAlarm::stopsDelivery);
  }

  private List<String> stoppingCodes() {
    return alarms.values().stream()
        .filter(ActiveAlarm::stopsDelivery)
        .map(ActiveAlarm::code)
        .toList();
  }

  private static String refuse(SafetyEvent event, String why) {
    return event
            .getClass()
            .getSimpleName()
            .replaceAll("([a-z])([A-Z])", "$1 $2")
            .toLowerCase(Locale.ROOT)
        + " refused: "
        + why;
  }

  /**
   * Pauses the alarm sound for at most {@link #MAX_AUDIO_PAUSE}; it resumes by itself, and any new
   * alarm is heard at once (PUMP-SAFETY A3). The alarms themselves stay listed.
   */
  public synchronized void pauseAudio(Instant now, Duration requested) {
    Duration pause = requested.compareTo(MAX_AUDIO_PAUSE) > 0 ? MAX_AUDIO_PAUSE : requested;
    audioPausedUntil = now.plus(pause.isNegative() ? Duration.ZERO : pause);
  }

  /** The active alarms, most urgent first. */
  public synchronized List<ActiveAlarm> activeAlarms() {
    List<ActiveAlarm> list = new ArrayList<>(alarms.values());
    list.sort(Comparator.comparing(ActiveAlarm::priority).thenComparing(ActiveAlarm::since));
    return list;
  }

  /** What every interface shows now. */
  public synchronized Indicator indicator(Instant now) {
    List<ActiveAlarm> active = activeAlarms();
    List<StatusReport.Alarm> shown = new ArrayList<>();
    for (ActiveAlarm alarm : active) {
      shown.add(new StatusReport.Alarm(alarm.code(), alarm.priority(), alarm.message()));
    }
    String reason;
    if (state instanceof SafeMode safe) {
      reason = safe.code() + ": " + safe.reason();
    } else if (state instanceof Alarmed alarmed && active.isEmpty()) {
      reason = alarmed.code();
    } else {
      reason = active.isEmpty() ? "" : active.get(0).message();
    }
    return new Indicator(
        state.token(),
        reason,
        active.isEmpty() ? Optional.empty() : Optional.of(active.get(0).priority()),
        !active.isEmpty() && !now.isBefore(audioPausedUntil),
        List.copyOf(shown));
  }
}
