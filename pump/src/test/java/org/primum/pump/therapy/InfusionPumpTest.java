package org.primum.pump.therapy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.primum.core.formats.AlarmPriority;
import org.primum.device.safety.SafetyState;
import org.primum.testing.FakeClock;

/**
 * The reference pump's delivery loop on a simulated clock: hours of therapy in milliseconds. Test
 * names carry the PUMP-SAFETY row they show.
 */
class InfusionPumpTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T08:00:00Z"));
  private final List<InfusionPump.Event> events = new ArrayList<>();
  private final PumpMechanics mechanics = new PumpMechanics(500);
  private final InfusionPump pump =
      new InfusionPump(
          clock,
          InfusionPump.Settings.defaults(),
          mechanics,
          events::add,
          JsonNodeFactory.instance.objectNode().put("patient", "pt-test"));

  /** A program as dose error reduction would hand it over. */
  record Program(DeliveryPlan plan, boolean basicInfusion) implements TherapyProgram {
    @Override
    public String drugCode() {
      return "HEP-25K-250";
    }

    @Override
    public List<String> displayLines() {
      return List.of("heparin", plan.rateMlH() + " mL/h", "VTBI " + plan.vtbiMl() + " mL");
    }

    @Override
    public long libraryVersion() {
      return basicInfusion ? 0 : 7;
    }
  }

  static Program basal(double rate, double vtbi) {
    return new Program(new DeliveryPlan(rate, vtbi, Optional.empty(), Optional.empty()), false);
  }

  private void run(Duration total) {
    run(total, Duration.ofSeconds(1));
  }

  private void run(Duration total, Duration step) {
    for (long s = 0; s < total.toMillis(); s += step.toMillis()) {
      clock.advance(step);
      pump.tick();
    }
  }

  private void startInfusing(TherapyProgram program) {
    pump.selfTest(List.of());
    pump.beginProgramming("nurse:ana");
    assertThat(pump.confirm(program, "nurse:ana").accepted()).isTrue();
    assertThat(pump.start("nurse:ana").accepted()).isTrue();
  }

  private List<String> types() {
    return events.stream().map(InfusionPump.Event::type).toList();
  }

  @Test
  void delivers_exactlyTheProgrammedRate_andStopsAtTheVolumeToBeInfused() {
    startInfusing(basal(120, 10));
    run(Duration.ofMinutes(2));
    assertThat(pump.deliveredForProgramMl()).isCloseTo(4.0, within(0.01)); // 120 mL/h for 2 min
    run(Duration.ofMinutes(10));
    assertThat(pump.deliveredForProgramMl()).isCloseTo(10.0 + 1.0 * 7 / 60, within(0.05));
    assertThat(pump.state().token()).isEqualTo("KEEP_VEIN_OPEN");
    assertThat(pump.currentStatus().alarms())
        .extracting(a -> a.code())
        .contains("INFUSION_COMPLETE");
    assertThat(types()).contains("therapy.program.confirmed", "therapy.state.changed");
    assertThat(events)
        .filteredOn(e -> e.type().equals("therapy.program.confirmed"))
        .allSatisfy(
            e ->
                assertThat(e.payload().get("subject").get("patient").asText())
                    .isEqualTo("pt-test"));
  }

  @Test
  void s1_aFailedSelfTest_blocksTherapy_andLatchesSafeMode() {
    pump.selfTest(List.of("motor encoder does not respond"));
    assertThat(pump.state().token()).isEqualTo("SAFE_MODE");
    pump.beginProgramming("nurse:ana");
    assertThat(pump.confirm(basal(10, 10), "nurse:ana").accepted()).isFalse();
    assertThat(pump.start("nurse:ana").accepted()).isFalse();
    run(Duration.ofMinutes(5));
    assertThat(mechanics.read().volumeInfusedMl()).isZero();
    assertThat(pump.screen().reason()).contains("motor encoder");
  }

  @Test
  void d13_occlusion_stopsDeliveryAndAlarms_withinABoundedDelay() {
    startInfusing(basal(5, 100));
    run(Duration.ofMinutes(1));
    mechanics.setOccluded(true);
    Instant occludedAt = clock.instant();
    Instant alarmedAt = null;
    for (int i = 0; i < 600 && alarmedAt == null; i++) {
      clock.advance(Duration.ofSeconds(1));
      pump.tick();
      if (pump.state().token().equals("ALARM")) {
        alarmedAt = clock.instant();
      }
    }
    assertThat(alarmedAt).as("occlusion alarm").isNotNull();
    // At 5 mL/h the line reaches 300 mmHg in about 34 s; at 1 mL/h in under 3 min.
    assertThat(Duration.between(occludedAt, alarmedAt)).isLessThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(mechanics.read().motorRateMlH()).isZero();
    assertThat(pump.currentStatus().alarms())
        .anySatisfy(
            a -> {
              assertThat(a.code()).isEqualTo("OCCLUSION");
              assertThat(a.priority()).isEqualTo(AlarmPriority.HIGH);
            });
    // Cleared at the pump: the alarm goes once the pressure is down, and delivery waits, paused.
    mechanics.setOccluded(false);
    run(Duration.ofSeconds(10));
    pump.conditionCleared("OCCLUSION");
    assertThat(pump.state().token()).isEqualTo("PAUSED");
    assertThat(pump.start("nurse:ana").accepted()).isTrue();
  }

  @Test
  void d14_airInLine_aboveTheConfiguredVolume_stopsDelivery() {
    startInfusing(basal(100, 200));
    mechanics.setAirPerMl(20); // 20 µL of air per mL: 50 µL after 2.5 mL
    run(Duration.ofMinutes(3));
    assertThat(pump.state().token()).isEqualTo("ALARM");
    assertThat(pump.currentStatus().alarms()).extracting(a -> a.code()).contains("AIR_IN_LINE");
    assertThat(pump.deliveredForProgramMl()).isLessThan(2.6);
  }

  @Test
  void d12_nearEmptyWarns_andEmptyStops() {
    mechanics.refill(6);
    startInfusing(basal(30, 100));
    run(Duration.ofMinutes(1));
    assertThat(pump.currentStatus().alarms())
        .extracting(a -> a.code())
        .contains("RESERVOIR_NEAR_EMPTY");
    assertThat(pump.screen().timeToEmpty())
        .get()
        .satisfies(d -> assertThat(d).isLessThan(Duration.ofMinutes(15)));
    run(Duration.ofMinutes(15));
    assertThat(pump.state().token()).isEqualTo("ALARM");
    assertThat(pump.currentStatus().alarms()).extracting(a -> a.code()).contains("RESERVOIR_EMPTY");
  }

  @Test
  void d11_overInfusion_above110PercentFor15Minutes_alarms() {
    startInfusing(basal(50, 1000));
    mechanics.setFreeFlowFactor(1.2); // a worn mechanism: 60 mL/h instead of 50
    run(Duration.ofMinutes(14));
    assertThat(pump.state().token()).isEqualTo("INFUSING");
    run(Duration.ofMinutes(2));
    assertThat(pump.state().token()).isEqualTo("ALARM");
    assertThat(pump.currentStatus().alarms()).extracting(a -> a.code()).contains("OVER_INFUSION");
  }

  @Test
  void sensorDisagreement_latchesSafeMode_andOnlyALocalResetAfterTheCauseLeavesIt() {
    startInfusing(basal(40, 500));
    mechanics.setSensorFactor(2.5);
    run(Duration.ofMinutes(1));
    assertThat(pump.state().token()).isEqualTo("SAFE_MODE");
    assertThat(mechanics.read().motorRateMlH()).isZero();
    assertThat(types()).contains("safety.safe-mode.entered");
    assertThat(pump.resetSafeMode("biomed:kim").accepted()).isFalse(); // cause still present
    mechanics.setSensorFactor(1.0);
    pump.criticalFaultCleared("SENSOR_DISAGREE");
    assertThat(pump.resetSafeMode("biomed:kim").accepted()).isTrue();
    assertThat(pump.state().token()).isEqualTo("IDLE");
    assertThat(pump.program()).isEmpty(); // S4: never back to a default dose
    assertThat(pump.start("nurse:ana").accepted()).isFalse();
  }

  @Test
  void s3_aMissedDeliveryLoopDeadline_stopsTheMotorAndLatchesSafeMode() {
    startInfusing(basal(60, 500));
    run(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(3)); // the loop stalls: no tick
    pump.watchdogCheck();
    assertThat(pump.state().token()).isEqualTo("SAFE_MODE");
    double before = mechanics.read().volumeInfusedMl();
    clock.advance(Duration.ofSeconds(1));
    pump.tick();
    assertThat(mechanics.read().volumeInfusedMl()).isEqualTo(before);
    assertThat(pump.screen().reason()).contains("WATCHDOG");
  }

  @Test
  void clockJump_isAClockFailure_safeMode() {
    startInfusing(basal(60, 500));
    clock.advance(Duration.ofHours(2));
    pump.tick();
    assertThat(pump.state()).isInstanceOf(SafetyState.SafeMode.class);
    assertThat(pump.screen().reason()).contains("CLOCK");
  }

  @Test
  void p1_aBolusNeverChangesTheBasalRate_andP2_notDuringAnAlarm() {
    Program withBolus =
        new Program(
            new DeliveryPlan(
                10, 500, Optional.of(new DeliveryPlan.Bolus(5, 300)), Optional.empty()),
            false);
    startInfusing(withBolus);
    run(Duration.ofMinutes(1));
    assertThat(pump.requestBolus("nurse:ana")).isEmpty();
    run(Duration.ofMinutes(2));
    assertThat(pump.state().token()).isEqualTo("INFUSING");
    assertThat(mechanics.read().motorRateMlH()).isEqualTo(10); // back to the same basal
    // 3 min of basal (0.5 mL) + the 5 mL bolus.
    assertThat(pump.deliveredForProgramMl()).isCloseTo(5.5, within(0.05));
    mechanics.setBattery(15);
    run(Duration.ofSeconds(2));
    assertThat(pump.requestBolus("nurse:ana")).contains("alarm");
  }

  @Test
  void p4_pca_lockoutAndTheOneHourMaximum_countingBasal_thenKeepVeinOpen() {
    Program pca =
        new Program(
            new DeliveryPlan(
                1,
                100,
                Optional.empty(),
                Optional.of(new DeliveryPlan.Pca(1.0, Duration.ofMinutes(10), 4.0, 10.0))),
            false);
    startInfusing(pca);
    List<Double> volumeEachSecond = new ArrayList<>();
    assertThat(pump.requestBolus("patient")).isEmpty();
    int granted = 1;
    List<String> refusals = new ArrayList<>();
    for (int second = 1; second <= 3 * 3600; second++) {
      clock.advance(Duration.ofSeconds(1));
      pump.tick();
      volumeEachSecond.add(mechanics.read().volumeInfusedMl());
      if (second % 300 == 0) { // the patient presses every 5 minutes
        String answer = pump.requestBolus("patient");
        if (answer.isEmpty()) {
          granted++;
        } else {
          refusals.add(answer);
        }
      }
    }
    // In every sliding hour, basal and doses together stay within the 1 h maximum.
    double worst = 0;
    for (int t = 3600; t < volumeEachSecond.size(); t++) {
      worst = Math.max(worst, volumeEachSecond.get(t) - volumeEachSecond.get(t - 3600));
    }
    assertThat(worst).isLessThanOrEqualTo(4.0 + 1e-6).isGreaterThan(3.5);
    assertThat(refusals).anySatisfy(r -> assertThat(r).contains("lockout"));
    assertThat(granted).isBetween(3, 12);
    assertThat(types()).contains("therapy.pca.refused");
    assertThat(pump.currentStatus().alarms()).extracting(a -> a.code()).contains("PCA_LIMIT");
  }

  @Test
  void s7_mn9_theNetworkIsNotAnInput_statusPollsDoNotChangeDelivery() {
    startInfusing(basal(36, 500));
    for (int i = 0; i < 600; i++) {
      clock.advance(Duration.ofSeconds(1));
      pump.tick();
      for (int flood = 0; flood < 50; flood++) {
        pump.currentStatus(); // what the hub link reads, as often as a flood would make it
      }
    }
    assertThat(pump.deliveredForProgramMl()).isCloseTo(6.0, within(0.001)); // 36 mL/h × 10 min
    assertThat(pump.state().token()).isEqualTo("INFUSING");
  }

  @Test
  void mn8_aRemoteStopIsVisibleLocally_andOnlyALocalStartResumes() {
    startInfusing(basal(36, 500));
    pump.remoteStop("hub:alice");
    run(Duration.ofMinutes(1));
    assertThat(mechanics.read().volumeInfusedMl()).isZero();
    assertThat(pump.screen().alarms()).anySatisfy(a -> assertThat(a).contains("hub:alice"));
    assertThat(pump.start("nurse:ana").accepted()).isTrue();
  }

  @Test
  void d6_basicInfusion_isAlwaysIndicated() {
    startInfusing(new Program(new DeliveryPlan(20, 50, Optional.empty(), Optional.empty()), true));
    assertThat(pump.currentStatus().alarms()).extracting(a -> a.code()).contains("BASIC_INFUSION");
  }

  @Test
  void mn10_theScreenShowsTheConfirmedProgramsOwnLines() {
    Program program = basal(12.5, 250);
    startInfusing(program);
    assertThat(pump.screen().program()).isEqualTo(program.displayLines());
    assertThat(pump.program()).containsSame(program);
  }

  @Test
  void d8_reprogramming_stopsTheInfusion_andNeedsConfirmationAndAStartAgain() {
    startInfusing(basal(30, 500));
    run(Duration.ofMinutes(1));
    pump.beginProgramming("nurse:ana");
    assertThat(pump.state().token()).isEqualTo("PROGRAMMING");
    double before = mechanics.read().volumeInfusedMl();
    run(Duration.ofMinutes(1));
    assertThat(mechanics.read().volumeInfusedMl()).isEqualTo(before);
    assertThat(pump.start("nurse:ana").accepted()).isFalse();
    Program other =
        new Program(new DeliveryPlan(5, 100, Optional.empty(), Optional.empty()), false);
    assertThat(pump.confirm(other, "nurse:ana").accepted()).isTrue();
    assertThat(pump.start("nurse:ana").accepted()).isTrue();
    assertThat(pump.deliveredForProgramMl()).isZero(); // the new program counts from zero
  }

  @Test
  void d10_garbageMotorCommands_meanZeroDelivery() {
    PumpMechanics m = new PumpMechanics(100);
    for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      m.command(bad, 10);
      m.advance(Duration.ofMinutes(10));
      m.command(10, bad);
      m.advance(Duration.ofMinutes(10));
    }
    assertThat(m.read().volumeInfusedMl()).isZero();
  }
}
