package org.primum.device.safety;

import java.util.Objects;

/**
 * Where a therapy device's safety supervisor stands. Only {@link Delivering} lets the actuator run;
 * every other state holds it stopped.
 *
 * <pre>
 *   SelfTest ─passed→ Idle ─program→ Programming ─verified+confirmed→ Confirmed ─start→ Delivering
 *   Delivering ⇄ Paused;  Delivering{BASAL ⇄ BOLUS, → KVO};  fault → Alarmed;  critical → SafeMode
 *   SafeMode is latched: only a local, authenticated reset after its cause is gone leaves it.
 * </pre>
 */
public sealed interface SafetyState {
  /** The token shown in status reports and on every screen, e.g. {@code INFUSING}. */
  String token();

  /** Power-on self-test running; therapy blocked (PUMP-SAFETY S1). */
  record SelfTest() implements SafetyState {
    @Override
    public String token() {
      return "SELF_TEST";
    }
  }

  /** Ready; no program. */
  record Idle() implements SafetyState {
    @Override
    public String token() {
      return "IDLE";
    }
  }

  /** A program is being entered or checked; nothing runs. */
  record Programming() implements SafetyState {
    @Override
    public String token() {
      return "PROGRAMMING";
    }
  }

  /** A verified program has been confirmed by the clinician at the device; ready to start. */
  record Confirmed() implements SafetyState {
    @Override
    public String token() {
      return "CONFIRMED";
    }
  }

  /** The actuator runs in one of the delivery modes. */
  record Delivering(Mode mode) implements SafetyState {
    public Delivering {
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String token() {
      return switch (mode) {
        case BASAL -> "INFUSING";
        case BOLUS -> "INFUSING_BOLUS";
        case KEEP_VEIN_OPEN -> "KEEP_VEIN_OPEN";
      };
    }
  }

  /** Stopped by the clinician; the program is kept and can be resumed. */
  record Paused() implements SafetyState {
    @Override
    public String token() {
      return "PAUSED";
    }
  }

  /**
   * Stopped by an alarm condition (occlusion, air in line, empty reservoir, ...); the program is
   * kept. Once the cause is cleared the device waits, paused, for a clinician to resume.
   */
  record Alarmed(String code) implements SafetyState {
    public Alarmed {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String token() {
      return "ALARM";
    }
  }

  /**
   * Latched safe state: actuator stopped, high-priority indicator with a reason code; left only by
   * a local authenticated reset once the cause is gone, and never back into delivery directly.
   */
  record SafeMode(String code, String reason) implements SafetyState {
    public SafeMode {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String token() {
      return "SAFE_MODE";
    }
  }

  /** Delivery modes. */
  enum Mode {
    BASAL,
    BOLUS,
    KEEP_VEIN_OPEN
  }
}
