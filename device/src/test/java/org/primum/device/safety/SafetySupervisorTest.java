package org.primum.device.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.primum.core.formats.AlarmPriority;
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
import org.primum.device.safety.SafetyEvent.RemoteStop;
import org.primum.device.safety.SafetyEvent.SafeModeReset;
import org.primum.device.safety.SafetyEvent.SelfTestPassed;
import org.primum.device.safety.SafetyEvent.Start;
import org.primum.device.safety.SafetyState.Delivering;
import org.primum.device.safety.SafetyState.Mode;

/** The supervisor's transitions, latch, alarms and audio pause (PUMP-SAFETY S1, S4, P2, A1–A3). */
class SafetySupervisorTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  private final SafetySupervisor supervisor = new SafetySupervisor();

  private SafetySupervisor.Transition on(SafetyEvent event) {
    return supervisor.handle(event, T0);
  }

  private void infusing() {
    on(new SelfTestPassed());
    on(new BeginProgramming());
    on(new ProgramConfirmed());
    assertThat(on(new Start()).accepted()).isTrue();
    assertThat(supervisor.state()).isEqualTo(new Delivering(Mode.BASAL));
  }

  @Test
  void s1_untilTheSelfTestPasses_nothingStarts() {
    assertThat(supervisor.state().token()).isEqualTo("SELF_TEST");
    for (SafetyEvent event :
        List.of(new BeginProgramming(), new ProgramConfirmed(), new Start(), new BolusStarted())) {
      SafetySupervisor.Transition t = on(event);
      assertThat(t.accepted()).as(event.toString()).isFalse();
      assertThat(t.refusal()).contains("self-test");
      assertThat(supervisor.deliveryAllowed()).isFalse();
    }
    on(new CriticalFault("SELF_TEST_FAILED", "motor current out of range"));
    assertThat(supervisor.state().token()).isEqualTo("SAFE_MODE");
    assertThat(supervisor.indicator(T0).priority()).contains(AlarmPriority.HIGH);
  }

  @Test
  void therapyRunsOnlyAfterProgrammingConfirmationAndALocalStart() {
    on(new SelfTestPassed());
    assertThat(on(new Start()).accepted()).isFalse();
    on(new BeginProgramming());
    assertThat(on(new Start()).accepted()).isFalse();
    on(new ProgramConfirmed());
    assertThat(supervisor.deliveryAllowed()).isFalse();
    assertThat(on(new Start()).accepted()).isTrue();
    assertThat(supervisor.deliveryAllowed()).isTrue();
    assertThat(supervisor.indicator(T0).state()).isEqualTo("INFUSING");
    on(new Pause());
    assertThat(supervisor.deliveryAllowed()).isFalse();
    on(new Start());
    on(new Completed());
    assertThat(supervisor.state().token()).isEqualTo("IDLE");
  }

  @Test
  void safeMode_isLatched_andLeftOnlyByAResetAfterTheCauseIsGone_intoIdle() {
    infusing();
    on(new CriticalFault("SENSOR_DISAGREE", "flow sensor reads 40 mL/h, motor runs 20 mL/h"));
    assertThat(supervisor.deliveryAllowed()).isFalse();
    SafetySupervisor.Indicator indicator = supervisor.indicator(T0);
    assertThat(indicator.state()).isEqualTo("SAFE_MODE");
    assertThat(indicator.reason()).contains("SENSOR_DISAGREE").contains("flow sensor");
    assertThat(indicator.priority()).contains(AlarmPriority.HIGH);
    // Nothing else gets out: not a start, not clearing the alarm, not a reset while the cause
    // holds.
    assertThat(on(new Start()).accepted()).isFalse();
    assertThat(on(new AlarmCleared("SENSOR_DISAGREE")).accepted()).isFalse();
    SafetySupervisor.Transition early = on(new SafeModeReset("biomed:kim"));
    assertThat(early.accepted()).isFalse();
    assertThat(early.refusal()).contains("still present");
    on(new CriticalFaultCleared("SENSOR_DISAGREE"));
    assertThat(supervisor.state().token()).isEqualTo("SAFE_MODE");
    assertThat(on(new SafeModeReset("biomed:kim")).accepted()).isTrue();
    assertThat(supervisor.state().token()).isEqualTo("IDLE"); // S4: no fall-back to a dose
    assertThat(supervisor.activeAlarms()).isEmpty();
  }

  @Test
  void a_stoppingAlarm_stopsDelivery_andClearingItWaitsForTheClinician() {
    infusing();
    on(new AlarmRaised("OCCLUSION", AlarmPriority.HIGH, "downstream occlusion", true));
    assertThat(supervisor.deliveryAllowed()).isFalse();
    assertThat(supervisor.indicator(T0).state()).isEqualTo("ALARM");
    assertThat(on(new Start()).accepted()).isFalse();
    on(new AlarmCleared("OCCLUSION"));
    assertThat(supervisor.state().token()).isEqualTo("PAUSED");
    assertThat(supervisor.deliveryAllowed()).isFalse();
    assertThat(on(new Start()).accepted()).isTrue();
  }

  @Test
  void p2_noBolusDuringAnAlarm_andAnErrorCancelsARunningBolus() {
    infusing();
    on(new AlarmRaised("BATTERY_LOW", AlarmPriority.MEDIUM, "battery low", false));
    assertThat(on(new BolusStarted()).refusal()).contains("alarm");
    on(new AlarmCleared("BATTERY_LOW"));
    assertThat(on(new BolusStarted()).accepted()).isTrue();
    assertThat(supervisor.state()).isEqualTo(new Delivering(Mode.BOLUS));
    on(new AlarmRaised("AIR_IN_LINE", AlarmPriority.HIGH, "air in line", true));
    assertThat(supervisor.state().token()).isEqualTo("ALARM");
    on(new AlarmCleared("AIR_IN_LINE"));
    on(new Start());
    assertThat(supervisor.state()).isEqualTo(new Delivering(Mode.BASAL)); // the bolus is gone
    assertThat(on(new BolusEnded()).accepted()).isFalse();
  }

  @Test
  void mn8_aRemoteStopIsAllowedAndVisible_butNothingRemoteStartsDelivery() {
    infusing();
    on(new RemoteStop("hub:alice"));
    assertThat(supervisor.deliveryAllowed()).isFalse();
    assertThat(supervisor.indicator(T0).alarms())
        .anySatisfy(a -> assertThat(a.message()).contains("stopped remotely by hub:alice"));
    // Only Start (a local action) resumes; the remote-stop notice goes with it.
    on(new Start());
    assertThat(supervisor.activeAlarms()).isEmpty();
  }

  @Test
  void a2_alarmsAreListedMostUrgentFirst_withTheirPriorities() {
    infusing();
    on(new AlarmRaised("BATTERY_LOW", AlarmPriority.MEDIUM, "battery low", false));
    on(new AlarmRaised("NEAR_EMPTY", AlarmPriority.LOW, "reservoir near empty", false));
    on(new AlarmRaised("OCCLUSION", AlarmPriority.HIGH, "downstream occlusion", true));
    assertThat(supervisor.indicator(T0).alarms())
        .extracting(a -> a.code() + "/" + a.priority())
        .containsExactly("OCCLUSION/HIGH", "BATTERY_LOW/MEDIUM", "NEAR_EMPTY/LOW");
    assertThat(supervisor.indicator(T0).reason()).isEqualTo("downstream occlusion");
  }

  @Test
  void a3_audioPauseExpiresByItself_withinTwoMinutes_andANewAlarmIsHeardAtOnce() {
    infusing();
    on(new AlarmRaised("BATTERY_LOW", AlarmPriority.MEDIUM, "battery low", false));
    assertThat(supervisor.indicator(T0).audible()).isTrue();
    supervisor.pauseAudio(T0, Duration.ofHours(8)); // asks for far more than allowed
    assertThat(supervisor.indicator(T0.plusSeconds(119)).audible()).isFalse();
    assertThat(supervisor.indicator(T0.plusSeconds(120)).audible()).isTrue();
    supervisor.pauseAudio(T0.plusSeconds(120), Duration.ofMinutes(1));
    supervisor.handle(
        new AlarmRaised("NEAR_EMPTY", AlarmPriority.LOW, "near empty", false), T0.plusSeconds(130));
    assertThat(supervisor.indicator(T0.plusSeconds(131)).audible()).isTrue();
  }

  @Test
  void cancellingReprogramming_keepsThePreviousProgram_paused_needingALocalStart() {
    infusing();
    on(new Pause());
    on(new BeginProgramming());
    assertThat(on(new SafetyEvent.ProgrammingCancelled()).accepted()).isTrue();
    assertThat(supervisor.state().token()).isEqualTo("PAUSED");
    assertThat(supervisor.deliveryAllowed()).isFalse();
    assertThat(on(new Start()).accepted()).isTrue();
    SafetySupervisor fresh = new SafetySupervisor();
    fresh.handle(new SelfTestPassed(), T0);
    fresh.handle(new BeginProgramming(), T0);
    fresh.handle(new SafetyEvent.ProgrammingCancelled(), T0);
    assertThat(fresh.state().token()).isEqualTo("IDLE");
  }

  @Test
  void keepVeinOpen_refusesBoluses_andPauses() {
    infusing();
    on(new KeepVeinOpen("PCA 4 h limit reached"));
    assertThat(supervisor.indicator(T0).state()).isEqualTo("KEEP_VEIN_OPEN");
    assertThat(on(new BolusStarted()).accepted()).isFalse();
    on(new Pause());
    assertThat(supervisor.deliveryAllowed()).isFalse();
  }

  @Test
  void randomEventStorms_neverReachDeliveryExceptThroughALocalStart_orLeaveSafeModeButByReset() {
    List<SafetyEvent> events =
        List.of(
            new SelfTestPassed(),
            new BeginProgramming(),
            new ProgramConfirmed(),
            new ProgramCleared(),
            new SafetyEvent.ProgrammingCancelled(),
            new Start(),
            new Pause(),
            new BolusStarted(),
            new BolusEnded(),
            new KeepVeinOpen("limit"),
            new Completed(),
            new AlarmRaised("OCCLUSION", AlarmPriority.HIGH, "occlusion", true),
            new AlarmCleared("OCCLUSION"),
            new AlarmRaised("BATTERY_LOW", AlarmPriority.MEDIUM, "battery", false),
            new AlarmCleared("BATTERY_LOW"),
            new CriticalFault("WATCHDOG", "late"),
            new CriticalFaultCleared("WATCHDOG"),
            new SafeModeReset("biomed:kim"),
            new RemoteStop("hub:x"));
    SplittableRandom random = new SplittableRandom(7);
    List<String> violations = new ArrayList<>();
    for (int run = 0; run < 200; run++) {
      SafetySupervisor s = new SafetySupervisor();
      for (int step = 0; step < 1000; step++) {
        SafetyEvent event = events.get(random.nextInt(events.size()));
        boolean wasDelivering = s.deliveryAllowed();
        SafetyState before = s.state();
        SafetySupervisor.Transition t = s.handle(event, T0.plusSeconds(step));
        if (!t.accepted() && !t.from().equals(t.to())) {
          violations.add("a refused " + event + " changed " + before + " to " + t.to());
        }
        if (!wasDelivering
            && s.deliveryAllowed()
            && !(event instanceof Start)
            && violations.size() < 10) {
          violations.add(event + " started delivery from " + before);
        }
        if (before instanceof SafetyState.SafeMode
            && !(s.state() instanceof SafetyState.SafeMode)
            && !(event instanceof SafeModeReset && s.state() instanceof SafetyState.Idle)) {
          violations.add(event + " left safe mode to " + s.state());
        }
        if (s.state() instanceof Delivering
            && s.activeAlarms().stream().anyMatch(a -> a.stopsDelivery())) {
          violations.add("delivering with a stopping alarm after " + event);
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
