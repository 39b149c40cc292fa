package org.primum.pump.therapy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.AlarmPriority;
import org.primum.device.DeviceStatus;
import org.primum.device.StatusSource;
import org.primum.device.safety.SafetyEvent;
import org.primum.device.safety.SafetyState;
import org.primum.device.safety.SafetySupervisor;
import org.primum.device.safety.Watchdog;

/**
 * The reference pump's therapy: the safety supervisor, the physical model and the delivery loop,
 * driven by local actions (program, confirm, start, pause, bolus, reset) and by {@link #tick()},
 * which the delivery loop calls every step on an injected clock.
 *
 * <p>Security and safety guarantees: the motor runs only while the supervisor is delivering, at the
 * rate of the confirmed program (plus a programmed bolus), and never past the volume to be infused
 * or a PCA limit — the motor is given a volume budget it cannot exceed. Nothing here reads the
 * network: the hub link, the evidence uploader and the updater are not inputs (PUMP-SAFETY S7).
 * Every decision is recorded as an evidence event through the recorder, which must not block.
 *
 * <p>Thread-safe: actions and ticks are serialized; the watchdog check may run on another thread.
 */
public final class InfusionPump implements StatusSource {
  /** Thresholds of the delivery loop's checks. */
  public record Settings(
      Duration watchdogDeadline,
      Duration maxStep,
      double occlusionMmHg,
      double airLimitMicrolitres,
      double keepVeinOpenMlH,
      Duration nearEmptyWarning,
      double batteryLowPercent,
      double batteryDepletedPercent,
      Duration overInfusionWindow,
      double overInfusionFactor,
      Duration sensorDisagreeAfter,
      double sensorTolerance) {
    /** The reference pump's settings. */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          300,
          50,
          1.0,
          Duration.ofMinutes(15),
          20,
          5,
          Duration.ofMinutes(15),
          1.10,
          Duration.ofSeconds(30),
          0.5);
    }
  }

  /** One event for the evidence log. */
  public record Event(String type, Severity severity, ObjectNode payload) {}

  /** What the pump's screen shows; derived from the supervisor and the active program only. */
  public record Screen(
      String state,
      String reason,
      Optional<AlarmPriority> priority,
      boolean audible,
      List<String> program,
      double volumeInfusedMl,
      Optional<Duration> timeToEmpty,
      double reservoirMl,
      double batteryPercent,
      List<String> alarms) {}

  private final Clock clock;
  private final Settings settings;
  private final PumpMechanics mechanics;
  private final Consumer<Event> recorder;
  private final ObjectNode subject;
  private final SafetySupervisor supervisor = new SafetySupervisor();
  private final Watchdog watchdog;
  private TherapyProgram confirmed;
  private String maintenance;
  private double deliveredForProgramMl;
  private double bolusLeftMl;
  private Instant lastTick;
  private Instant lastPcaDose = Instant.MIN;
  private final ArrayDeque<double[]> deliveries = new ArrayDeque<>(); // {epoch ms, mL}
  private Instant overInfusionSince;
  private Instant disagreeSince;

  /**
   * @param subject pseudonyms of the patient and infusion for therapy events (never identifiers)
   */
  public InfusionPump(
      Clock clock,
      Settings settings,
      PumpMechanics mechanics,
      Consumer<Event> recorder,
      ObjectNode subject) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mechanics = Objects.requireNonNull(mechanics, "mechanics");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.subject = subject.deepCopy();
    this.lastTick = clock.instant();
    this.watchdog = new Watchdog(settings.watchdogDeadline(), lastTick);
  }

  // ---- power-on ------------------------------------------------------------------------------

  /**
   * The power-on self-test (PUMP-SAFETY S1): the motor stays stopped unless it passes. {@code
   * faults} are failures found by the hardware checks (empty when they pass).
   */
  public synchronized void selfTest(List<String> faults) {
    mechanics.command(0, 0);
    PumpMechanics.Reading r = mechanics.read();
    List<String> found = new ArrayList<>(faults);
    if (r.batteryPercent() <= settings.batteryDepletedPercent()) {
      found.add("battery depleted (" + format(r.batteryPercent()) + " %)");
    }
    if (r.pressureMmHg() >= settings.occlusionMmHg()) {
      found.add("line pressure sensor reads " + format(r.pressureMmHg()) + " mmHg at rest");
    }
    if (found.isEmpty()) {
      apply(new SafetyEvent.SelfTestPassed(), "self-test passed");
    } else {
      apply(new SafetyEvent.CriticalFault("SELF_TEST_FAILED", String.join("; ", found)), "");
    }
  }

  // ---- software updates --------------------------------------------------------------------

  /**
   * Takes the pump out of service for a software install, but only when it is idle with no program
   * kept: an update never interrupts or waits inside therapy. While in maintenance, programming is
   * refused.
   *
   * @param what shown on the screen, e.g. "installing software 0.2.0"
   * @return empty when the pump is now in maintenance, otherwise why the install must wait
   */
  public synchronized Optional<String> beginMaintenance(String what) {
    SafetyState now = supervisor.state();
    if (!(now instanceof SafetyState.Idle) || confirmed != null) {
      return Optional.of(
          "the pump is not idle ("
              + supervisor.indicator(now()).state()
              + (confirmed != null ? ", a program is kept" : "")
              + ")");
    }
    maintenance = Objects.requireNonNull(what);
    record("update.maintenance.started", Severity.INFO, payload(what), false);
    return Optional.empty();
  }

  /** Puts the pump back in service after {@link #beginMaintenance}. */
  public synchronized void endMaintenance(String result) {
    if (maintenance != null) {
      maintenance = null;
      record("update.maintenance.ended", Severity.INFO, payload(result), false);
    }
  }

  /** What the pump is doing for a software update, if it is out of service for one. */
  public synchronized Optional<String> maintenance() {
    return Optional.ofNullable(maintenance);
  }

  // ---- local actions -------------------------------------------------------------------------

  /** The clinician starts programming (a running infusion stops first, PUMP-SAFETY D8). */
  public synchronized SafetySupervisor.Transition beginProgramming(String user) {
    if (maintenance != null) {
      // A software update is installing: nothing starts until the pump is back in service.
      SafetyState now = supervisor.state();
      return new SafetySupervisor.Transition(
          now,
          now,
          new SafetyEvent.BeginProgramming(),
          false,
          maintenance + ": wait until it ends");
    }
    if (supervisor.deliveryAllowed()) {
      apply(new SafetyEvent.Pause(), "paused for reprogramming by " + user);
    }
    return apply(new SafetyEvent.BeginProgramming(), "programming by " + user);
  }

  /**
   * The clinician leaves programming without a new program; the previous one, if any, stays and is
   * paused (it needs a local start again).
   */
  public synchronized SafetySupervisor.Transition cancelProgramming(String user) {
    return apply(new SafetyEvent.ProgrammingCancelled(), "programming cancelled by " + user);
  }

  /**
   * The clinician confirms at the pump a program that dose error reduction accepted; it replaces
   * any previous one (a different drug needs this whole path again, D8).
   */
  public synchronized SafetySupervisor.Transition confirm(TherapyProgram program, String user) {
    Objects.requireNonNull(program, "program");
    SafetySupervisor.Transition t = supervisor.handle(new SafetyEvent.ProgramConfirmed(), now());
    if (t.accepted()) {
      confirmed = program;
      deliveredForProgramMl = 0;
      bolusLeftMl = 0;
      DeliveryPlan plan = program.plan();
      ObjectNode payload = payload("program confirmed by " + user);
      payload.put("drug", program.drugCode());
      payload.put("rateMlH", plan.rateMlH());
      payload.put("vtbiMl", plan.vtbiMl());
      payload.put("libraryVersion", program.libraryVersion());
      payload.put("basicInfusion", program.basicInfusion());
      record("therapy.program.confirmed", Severity.NOTICE, payload, true);
      recordTransition(t, "");
    }
    return t;
  }

  /** Start or resume the confirmed program (a local action; nothing remote starts therapy). */
  public synchronized SafetySupervisor.Transition start(String user) {
    if (confirmed == null) {
      return supervisor.handle(new SafetyEvent.Start(), now()); // refused with the reason
    }
    SafetySupervisor.Transition t = apply(new SafetyEvent.Start(), "started by " + user);
    if (t.accepted()) {
      overInfusionSince = null;
      disagreeSince = null;
      command();
    }
    return t;
  }

  public synchronized SafetySupervisor.Transition pause(String user) {
    return apply(new SafetyEvent.Pause(), "paused by " + user);
  }

  /** Discards the program (from idle-able states). */
  public synchronized SafetySupervisor.Transition clearProgram(String user) {
    SafetySupervisor.Transition t = apply(new SafetyEvent.ProgramCleared(), "cleared by " + user);
    if (t.accepted()) {
      confirmed = null;
    }
    return t;
  }

  /**
   * A bolus: the clinician's programmed bolus, or the patient's PCA demand dose. The basal rate
   * does not change (P1). Refused during an alarm (P2), within the PCA lockout, or when the dose
   * would pass a PCA maximum (P4).
   */
  public synchronized String requestBolus(String who) {
    if (confirmed == null) {
      return "no program";
    }
    DeliveryPlan plan = confirmed.plan();
    double volume;
    Instant now = now();
    if (plan.pca().isPresent()) {
      DeliveryPlan.Pca pca = plan.pca().get();
      if (lastPcaDose.plus(pca.lockout()).isAfter(now)) {
        String why =
            "PCA lockout: next dose available in "
                + Duration.between(now, lastPcaDose.plus(pca.lockout())).toSeconds()
                + " s";
        record("therapy.pca.refused", Severity.INFO, payload(why), true);
        return why;
      }
      double room = pcaRoom(pca, now);
      if (pca.doseMl() > room) {
        String why = "PCA maximum: only " + format(room) + " mL left in the 1 h / 4 h window";
        record("therapy.pca.refused", Severity.NOTICE, payload(why), true);
        return why;
      }
      volume = pca.doseMl();
    } else if (plan.bolus().isPresent()) {
      volume = plan.bolus().get().volumeMl();
    } else {
      return "the program has no bolus";
    }
    SafetySupervisor.Transition t = apply(new SafetyEvent.BolusStarted(), "bolus by " + who);
    if (!t.accepted()) {
      return t.refusal();
    }
    bolusLeftMl = volume;
    if (plan.pca().isPresent()) {
      lastPcaDose = now;
    }
    command();
    return "";
  }

  /** Leaves safe mode: a local authenticated action, accepted only once every cause is gone. */
  public synchronized SafetySupervisor.Transition resetSafeMode(String authenticatedUser) {
    SafetySupervisor.Transition t =
        apply(new SafetyEvent.SafeModeReset(authenticatedUser), "reset by " + authenticatedUser);
    if (t.accepted()) {
      confirmed = null; // never fall back to a program after a fault (S4)
      mechanics.release();
      watchdog.kick(now());
    }
    return t;
  }

  /** An authenticated remote stop (MN8): allowed, and visible at the pump. */
  public synchronized SafetySupervisor.Transition remoteStop(String who) {
    return apply(new SafetyEvent.RemoteStop(who), "stopped remotely by " + who);
  }

  public synchronized void pauseAudio(Duration requested) {
    supervisor.pauseAudio(now(), requested);
  }

  // ---- conditions seen at the pump -----------------------------------------------------------

  /**
   * A fault that latches safe mode, raised by a check outside the loop (e.g. library integrity).
   */
  public synchronized void criticalFault(String code, String reason) {
    apply(new SafetyEvent.CriticalFault(code, reason), "");
  }

  /** The cause of a critical fault is gone (the latch holds until a reset). */
  public synchronized void criticalFaultCleared(String code) {
    supervisor.handle(new SafetyEvent.CriticalFaultCleared(code), now());
  }

  /** The clinician cleared a condition (occlusion fixed, air removed, bag replaced). */
  public synchronized void conditionCleared(String code) {
    if (code.equals("AIR_IN_LINE")) {
      mechanics.clearAir();
    }
    apply(new SafetyEvent.AlarmCleared(code), code + " cleared");
  }

  public PumpMechanics mechanics() {
    return mechanics;
  }

  // ---- the delivery loop ---------------------------------------------------------------------

  /**
   * One step of the delivery loop: run the motor for the time since the last step, read the
   * sensors, raise what they show, then command the motor for the next step.
   */
  public synchronized void tick() {
    Instant now = now();
    Duration step = Duration.between(lastTick, now);
    lastTick = now;
    watchdog.kick(now);
    if (step.isNegative() || step.compareTo(settings.maxStep()) > 0) {
      mechanics.inhibit();
      apply(
          new SafetyEvent.CriticalFault(
              "CLOCK",
              "the clock jumped " + (step.isNegative() ? "back " : "forward ") + step.abs()),
          "");
      return;
    }
    SafetyState before = supervisor.state();
    PumpMechanics.Reading r = mechanics.advance(step);
    account(r, step, now);
    check(r, now);
    if (supervisor.deliveryAllowed() && before instanceof SafetyState.Delivering) {
      progress(now);
    }
    command();
  }

  /** The watchdog's independent check; stops the motor and latches safe mode on a missed step. */
  public void watchdogCheck() {
    Optional<SafetyEvent.CriticalFault> fault = watchdog.check(clock.instant());
    if (fault.isPresent()) {
      mechanics.inhibit(); // at once, without waiting for the loop's lock
      synchronized (this) {
        if (!(supervisor.state() instanceof SafetyState.SafeMode)) {
          apply(fault.get(), "");
        }
      }
    }
  }

  private void account(PumpMechanics.Reading r, Duration step, Instant now) {
    double delivered = r.deliveredMl();
    if (delivered <= 0) {
      return;
    }
    deliveredForProgramMl += delivered;
    deliveries.addLast(new double[] {now.toEpochMilli(), delivered});
    while (!deliveries.isEmpty()
        && deliveries.peekFirst()[0] < now.minus(Duration.ofHours(4)).toEpochMilli()) {
      deliveries.removeFirst();
    }
    if (bolusLeftMl > 0 && confirmed != null) {
      double bolusRate = bolusRate(confirmed.plan());
      double share = bolusRate / (bolusRate + confirmed.plan().rateMlH());
      bolusLeftMl = Math.max(0, bolusLeftMl - delivered * share);
    }
  }

  private void check(PumpMechanics.Reading r, Instant now) {
    boolean running = r.motorRateMlH() > 0;
    // D13: occlusion stops delivery and alarms (pressure builds within a bounded delay).
    if (r.pressureMmHg() >= settings.occlusionMmHg()) {
      stopWith(
          "OCCLUSION",
          "downstream occlusion: line pressure "
              + format(r.pressureMmHg())
              + " mmHg; check the line and clamps");
    }
    // D14: air in line above the configured volume.
    if (r.airMicrolitres() > settings.airLimitMicrolitres()) {
      stopWith(
          "AIR_IN_LINE",
          "air in line: " + format(r.airMicrolitres()) + " µL passed the sensor; clear the line");
    }
    // D12: empty reservoir stops; near empty warns.
    if (running && r.reservoirMl() <= 1e-9) {
      stopWith("RESERVOIR_EMPTY", "reservoir empty: replace the bag or syringe");
    } else if (running && r.motorRateMlH() > 0) {
      double hoursLeft = r.reservoirMl() / r.motorRateMlH();
      if (hoursLeft * 3600 < settings.nearEmptyWarning().toSeconds()) {
        raise(
            "RESERVOIR_NEAR_EMPTY",
            AlarmPriority.LOW,
            "reservoir near empty: " + Math.round(hoursLeft * 60) + " min left",
            false);
      }
    }
    clearWhenGone("BATTERY_LOW", r.batteryPercent() > settings.batteryLowPercent() + 5);
    clearWhenGone(
        "RESERVOIR_NEAR_EMPTY",
        r.motorRateMlH() <= 0
            || r.reservoirMl() / r.motorRateMlH() * 3600
                > settings.nearEmptyWarning().toSeconds() + 60);
    // Battery.
    if (r.batteryPercent() <= settings.batteryDepletedPercent()) {
      stopWith("BATTERY_DEPLETED", "battery depleted: connect mains power");
    } else if (r.batteryPercent() <= settings.batteryLowPercent()) {
      raise(
          "BATTERY_LOW",
          AlarmPriority.MEDIUM,
          "battery low (" + Math.round(r.batteryPercent()) + " %): connect mains power",
          false);
    }
    if (!running || confirmed == null) {
      disagreeSince = null;
      overInfusionSince = null;
      return;
    }
    // Actuator and flow sensor disagreeing: latched safe mode. No flow with the line open (no
    // pressure building, as an occlusion would) is a disagreement too.
    boolean lineOpen = r.pressureMmHg() < PumpMechanics.BASELINE_PRESSURE + 5;
    boolean disagree =
        r.flowSensorMlH() > 0
            ? Math.abs(r.flowSensorMlH() / r.motorRateMlH() - 1) > settings.sensorTolerance()
            : lineOpen && r.reservoirMl() > 0;
    if (disagree) {
      disagreeSince = disagreeSince == null ? now : disagreeSince;
      if (!now.isBefore(disagreeSince.plus(settings.sensorDisagreeAfter()))) {
        mechanics.inhibit();
        apply(
            new SafetyEvent.CriticalFault(
                "SENSOR_DISAGREE",
                String.format(
                    Locale.ROOT,
                    "flow sensor reads %.1f mL/h while the motor runs %.1f mL/h",
                    r.flowSensorMlH(),
                    r.motorRateMlH())),
            "");
      }
    } else {
      disagreeSince = null;
    }
    // D11: over-infusion, flow above 110 % of the programmed rate for 15 minutes.
    if (r.flowSensorMlH() > r.motorRateMlH() * settings.overInfusionFactor()) {
      overInfusionSince = overInfusionSince == null ? now : overInfusionSince;
      if (!now.isBefore(overInfusionSince.plus(settings.overInfusionWindow()))) {
        stopWith(
            "OVER_INFUSION",
            String.format(
                Locale.ROOT,
                "over-infusion: flow %.1f mL/h, programmed %.1f mL/h, for %d min",
                r.flowSensorMlH(),
                r.motorRateMlH(),
                settings.overInfusionWindow().toMinutes()));
      }
    } else {
      overInfusionSince = null;
    }
  }

  /** After a delivering step: bolus done, VTBI reached, PCA maximum reached. */
  private void progress(Instant now) {
    DeliveryPlan plan = confirmed.plan();
    SafetyState state = supervisor.state();
    if (state.equals(new SafetyState.Delivering(SafetyState.Mode.BOLUS)) && bolusLeftMl <= 1e-9) {
      bolusLeftMl = 0;
      apply(new SafetyEvent.BolusEnded(), "bolus delivered");
    }
    if (deliveredForProgramMl >= plan.vtbiMl() - 1e-9
        && !state.equals(new SafetyState.Delivering(SafetyState.Mode.KEEP_VEIN_OPEN))) {
      bolusLeftMl = 0;
      raise(
          "INFUSION_COMPLETE",
          AlarmPriority.LOW,
          "volume to be infused delivered ("
              + format(plan.vtbiMl())
              + " mL); keeping the vein open",
          false);
      apply(new SafetyEvent.KeepVeinOpen("VTBI reached"), "volume to be infused delivered");
    }
    if (plan.pca().isPresent()
        && pcaRoom(plan.pca().get(), now) <= 1e-9
        && !supervisor
            .state()
            .equals(new SafetyState.Delivering(SafetyState.Mode.KEEP_VEIN_OPEN))) {
      raise(
          "PCA_LIMIT",
          AlarmPriority.MEDIUM,
          "PCA maximum dose reached: keeping the vein open; call the clinician",
          false);
      apply(new SafetyEvent.KeepVeinOpen("PCA limit"), "PCA maximum reached");
    }
  }

  /** Sets the motor for the next step from the supervisor's state and the program's budget. */
  private void command() {
    if (!supervisor.deliveryAllowed() || confirmed == null) {
      mechanics.command(0, 0);
      return;
    }
    DeliveryPlan plan = confirmed.plan();
    SafetyState state = supervisor.state();
    Instant now = now();
    double rate;
    double budget;
    if (state.equals(new SafetyState.Delivering(SafetyState.Mode.KEEP_VEIN_OPEN))) {
      rate = Math.min(settings.keepVeinOpenMlH(), plan.rateMlH());
      budget = Double.MAX_VALUE / 4;
      if (plan.pca().isPresent()) {
        budget = pcaRoom(plan.pca().get(), now);
      }
    } else {
      boolean bolus = state.equals(new SafetyState.Delivering(SafetyState.Mode.BOLUS));
      rate = plan.rateMlH() + (bolus ? bolusRate(plan) : 0);
      // The volume to be infused caps everything delivered under the program, boluses included.
      budget = Math.max(0, plan.vtbiMl() - deliveredForProgramMl);
      if (plan.pca().isPresent()) {
        budget = Math.min(budget, pcaRoom(plan.pca().get(), now));
      }
    }
    mechanics.command(rate, budget);
  }

  private static double bolusRate(DeliveryPlan plan) {
    if (plan.pca().isPresent()) {
      // A demand dose runs over one minute, never past the pump's 999 mL/h in total (D10).
      return Math.min(999 - plan.rateMlH(), 60 * plan.pca().get().doseMl());
    }
    return plan.bolus().map(DeliveryPlan.Bolus::rateMlH).orElse(0.0);
  }

  /** How much more may run within both PCA windows (P4: basal and boluses count). */
  private double pcaRoom(DeliveryPlan.Pca pca, Instant now) {
    long hourAgo = now.minus(Duration.ofHours(1)).toEpochMilli();
    double lastHour = 0;
    double lastFour = 0;
    for (double[] d : deliveries) {
      lastFour += d[1];
      if (d[0] > hourAgo) {
        lastHour += d[1];
      }
    }
    return Math.max(0, Math.min(pca.max1hMl() - lastHour, pca.max4hMl() - lastFour));
  }

  // ---- supervisor, alarms and evidence -------------------------------------------------------

  private SafetySupervisor.Transition apply(SafetyEvent event, String why) {
    SafetySupervisor.Transition t = supervisor.handle(event, now());
    if (event instanceof SafetyEvent.CriticalFault fault) {
      mechanics.inhibit();
      ObjectNode payload = payload("safe mode: " + fault.reason());
      payload.put("code", fault.code());
      record("safety.safe-mode.entered", Severity.CRITICAL, payload, false);
    }
    if (!supervisor.deliveryAllowed()) {
      mechanics.command(0, 0); // a stop is at once (S4)
    }
    recordTransition(t, why);
    return t;
  }

  private void recordTransition(SafetySupervisor.Transition t, String why) {
    if (t.accepted() && t.changed()) {
      ObjectNode payload = payload(why.isEmpty() ? "therapy state " + t.to().token() : why);
      payload.put("from", t.from().token());
      payload.put("to", t.to().token());
      record("therapy.state.changed", Severity.INFO, payload, true);
    }
  }

  /** Clears an advisory alarm by itself once its condition is clearly gone. */
  private void clearWhenGone(String code, boolean gone) {
    if (gone && supervisor.activeAlarms().stream().anyMatch(a -> a.code().equals(code))) {
      apply(new SafetyEvent.AlarmCleared(code), code + " cleared");
    }
  }

  private void stopWith(String code, String message) {
    raise(code, AlarmPriority.HIGH, message, true);
  }

  private void raise(String code, AlarmPriority priority, String message, boolean stops) {
    boolean known = supervisor.activeAlarms().stream().anyMatch(a -> a.code().equals(code));
    apply(new SafetyEvent.AlarmRaised(code, priority, message, stops), "");
    if (!known) {
      ObjectNode payload = payload(message);
      payload.put("code", code);
      payload.put("priority", priority.name());
      record(
          "safety.alarm.raised",
          switch (priority) {
            case HIGH -> Severity.CRITICAL;
            case MEDIUM -> Severity.WARNING;
            case LOW -> Severity.NOTICE;
          },
          payload,
          false);
    }
  }

  private ObjectNode payload(String message) {
    return JsonNodeFactory.instance.objectNode().put("message", message);
  }

  private void record(String type, Severity severity, ObjectNode payload, boolean therapy) {
    if (therapy && !subject.isEmpty()) {
      payload.set("subject", subject.deepCopy());
    }
    try {
      recorder.accept(new Event(type, severity, payload));
    } catch (RuntimeException e) {
      // Evidence must never stop therapy; the recorder reports its own trouble.
    }
  }

  private Instant now() {
    return clock.instant();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  // ---- what every interface shows ------------------------------------------------------------

  public synchronized SafetyState state() {
    return supervisor.state();
  }

  public synchronized SafetySupervisor supervisor() {
    return supervisor;
  }

  /** Total volume delivered under the current program, mL. */
  public synchronized double deliveredForProgramMl() {
    return deliveredForProgramMl;
  }

  public synchronized Optional<TherapyProgram> program() {
    return Optional.ofNullable(confirmed);
  }

  /** The local screen (A1): state, reason, priority, the program's own lines, and every alarm. */
  public synchronized Screen screen() {
    SafetySupervisor.Indicator indicator = supervisor.indicator(now());
    PumpMechanics.Reading r = mechanics.read();
    Optional<Duration> toEmpty =
        r.motorRateMlH() > 0
            ? Optional.of(Duration.ofSeconds((long) (r.reservoirMl() / r.motorRateMlH() * 3600)))
            : confirmed == null
                ? Optional.empty()
                : Optional.of(
                    Duration.ofSeconds(
                        (long) (r.reservoirMl() / confirmed.plan().rateMlH() * 3600)));
    List<String> alarms = new ArrayList<>();
    for (var alarm : indicator.alarms()) {
      alarms.add(alarm.priority() + " " + alarm.code() + ": " + alarm.message());
    }
    return new Screen(
        indicator.state(),
        indicator.reason(),
        indicator.priority(),
        indicator.audible(),
        confirmed == null ? List.of() : confirmed.displayLines(),
        r.volumeInfusedMl(),
        toEmpty,
        r.reservoirMl(),
        r.batteryPercent(),
        alarms);
  }

  /** The status every report carries (A1, A2): the state token and every active alarm. */
  @Override
  public synchronized DeviceStatus currentStatus() {
    SafetySupervisor.Indicator indicator = supervisor.indicator(now());
    List<org.primum.core.formats.StatusReport.Alarm> alarms = new ArrayList<>(indicator.alarms());
    if (confirmed != null && confirmed.basicInfusion()) {
      // D6: running without the drug library is always indicated.
      alarms.add(
          new org.primum.core.formats.StatusReport.Alarm(
              "BASIC_INFUSION", AlarmPriority.LOW, "basic infusion: no drug library limits apply"));
    }
    return new DeviceStatus(indicator.state(), alarms);
  }
}
