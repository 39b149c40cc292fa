package org.primum.device.safety;

import java.util.Objects;
import org.primum.core.formats.AlarmPriority;

/** Everything that can happen to a safety supervisor. */
public sealed interface SafetyEvent {
  /** The power-on self-test passed. */
  record SelfTestPassed() implements SafetyEvent {}

  /** The clinician begins programming (from idle, or to change a paused program). */
  record BeginProgramming() implements SafetyEvent {}

  /** The clinician confirmed, at the device, a program that dose error reduction accepted. */
  record ProgramConfirmed() implements SafetyEvent {}

  /**
   * The clinician leaves programming without a new program: back to where the device was before (a
   * paused or confirmed program stays, and still needs a local start).
   */
  record ProgrammingCancelled() implements SafetyEvent {}

  /** Programming abandoned, or a confirmed or paused program discarded. */
  record ProgramCleared() implements SafetyEvent {}

  /** Start (from confirmed) or resume (from paused) delivery of the confirmed program. */
  record Start() implements SafetyEvent {}

  /** The clinician pauses delivery. */
  record Pause() implements SafetyEvent {}

  /** A bolus begins (on top of a running basal infusion). */
  record BolusStarted() implements SafetyEvent {}

  /** The bolus finished (delivered, cancelled or stopped). */
  record BolusEnded() implements SafetyEvent {}

  /** Switch to keep-vein-open (PCA limit reached, or the volume to be infused is done). */
  record KeepVeinOpen(String reason) implements SafetyEvent {
    public KeepVeinOpen {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The infusion is complete: delivery stops, the program is done. */
  record Completed() implements SafetyEvent {}

  /**
   * A condition the clinician must see. {@code stopsDelivery} conditions (occlusion, air in line,
   * empty reservoir) stop the actuator; the others only alarm (battery low, near empty).
   */
  record AlarmRaised(String code, AlarmPriority priority, String message, boolean stopsDelivery)
      implements SafetyEvent {
    public AlarmRaised {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(priority, "priority");
      Objects.requireNonNull(message, "message");
    }
  }

  /** The condition behind an alarm is gone. */
  record AlarmCleared(String code) implements SafetyEvent {
    public AlarmCleared {
      Objects.requireNonNull(code, "code");
    }
  }

  /**
   * A fault that latches safe mode: self-test or periodic check failure, watchdog, drug-library
   * integrity failure while in use, actuator and flow sensor disagreeing, clock failure.
   */
  record CriticalFault(String code, String reason) implements SafetyEvent {
    public CriticalFault {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The cause of a critical fault is gone (the latch still holds until a reset). */
  record CriticalFaultCleared(String code) implements SafetyEvent {
    public CriticalFaultCleared {
      Objects.requireNonNull(code, "code");
    }
  }

  /** A local, authenticated (biomed/service) request to leave safe mode. */
  record SafeModeReset(String user) implements SafetyEvent {
    public SafeModeReset {
      Objects.requireNonNull(user, "user");
    }
  }

  /** An authenticated remote stop (MN8: allowed, always visible locally). */
  record RemoteStop(String who) implements SafetyEvent {
    public RemoteStop {
      Objects.requireNonNull(who, "who");
    }
  }
}
