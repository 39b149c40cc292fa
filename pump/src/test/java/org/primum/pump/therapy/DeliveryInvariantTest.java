package org.primum.pump.therapy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.primum.device.safety.SafetyState;
import org.primum.testing.FakeClock;

/**
 * The safety invariant over at least 1,000,000 generated inputs per run: whatever clinicians,
 * patients, the hub and the hardware do, the pump never delivers faster than the confirmed program
 * allows (basal plus its bolus), never more than the volume to be infused outside keep-vein-open,
 * never more than a PCA maximum in any sliding hour, and nothing at all outside a delivering state.
 *
 * <p>Inputs: programs with random rates, volumes, boluses and PCA settings; local actions in any
 * order (program, confirm, start, pause, bolus, clear, reset, audio pause); remote stops; status
 * polls; injected hardware conditions (occlusion, air, sensor factors, free flow, battery, refill);
 * and clock steps of random length, now and then a stall or a jump.
 */
class DeliveryInvariantTest {
  private static final int INPUTS = 1_000_000;
  private static final double EPS = 1e-6;

  private record Program(DeliveryPlan plan) implements TherapyProgram {
    @Override
    public String drugCode() {
      return "TEST";
    }

    @Override
    public List<String> displayLines() {
      return List.of(plan.toString());
    }

    @Override
    public boolean basicInfusion() {
      return false;
    }

    @Override
    public long libraryVersion() {
      return 1;
    }
  }

  private static Program randomProgram(SplittableRandom r) {
    double rate = 0.1 + r.nextDouble() * 300;
    double vtbi = 0.1 + r.nextDouble() * 50;
    Optional<DeliveryPlan.Bolus> bolus = Optional.empty();
    Optional<DeliveryPlan.Pca> pca = Optional.empty();
    switch (r.nextInt(3)) {
      case 1 ->
          bolus =
              Optional.of(
                  new DeliveryPlan.Bolus(0.1 + r.nextDouble() * 5, 50 + r.nextDouble() * 500));
      case 2 -> {
        double max1h = 0.5 + r.nextDouble() * 5;
        pca =
            Optional.of(
                new DeliveryPlan.Pca(
                    0.1 + r.nextDouble() * 1.5,
                    Duration.ofMinutes(1 + r.nextInt(15)),
                    max1h,
                    max1h * (1 + r.nextDouble() * 3)));
        rate = r.nextDouble() * 2;
        rate = rate < 0.1 ? 0.1 : rate;
      }
      default -> {}
    }
    return new Program(new DeliveryPlan(rate, vtbi, bolus, pca));
  }

  @Test
  void neverAboveTheProgram_theVolumeToBeInfused_orAPcaMaximum_andNothingWhileStopped() {
    SplittableRandom r = new SplittableRandom(20261122);
    FakeClock clock = new FakeClock(Instant.parse("2026-11-22T00:00:00Z"));
    List<String> violations = new ArrayList<>();
    int inputs = 0;
    int pumps = 0;
    long deliveringSteps = 0;
    while (inputs < INPUTS) {
      pumps++;
      PumpMechanics mechanics = new PumpMechanics(20 + r.nextDouble() * 500);
      InfusionPump pump =
          new InfusionPump(
              clock,
              InfusionPump.Settings.defaults(),
              mechanics,
              e -> {},
              JsonNodeFactory.instance.objectNode());
      pump.selfTest(r.nextInt(50) == 0 ? List.of("random self-test failure") : List.of());
      // Per program: volume outside keep-vein-open, and the delivery history for PCA windows.
      double nonKvo = 0;
      List<double[]> history = new ArrayList<>();
      TherapyProgram current = null;
      for (int step = 0; step < 5_000 && inputs < INPUTS; step++, inputs++) {
        int dice = r.nextInt(100);
        if (dice < 3) {
          pump.beginProgramming("nurse");
        } else if (dice < 6) {
          Program p = randomProgram(r);
          if (pump.confirm(p, "nurse").accepted()) {
            current = p;
            nonKvo = 0;
            history.clear();
          }
        } else if (dice < 10) {
          pump.start("nurse");
        } else if (dice < 12) {
          pump.pause("nurse");
        } else if (dice < 16) {
          pump.requestBolus(r.nextBoolean() ? "patient" : "nurse");
        } else if (dice < 17) {
          if (pump.clearProgram("nurse").accepted()) {
            current = null;
          }
        } else if (dice < 18) {
          pump.remoteStop("hub");
        } else if (dice < 19) {
          pump.resetSafeMode("biomed");
        } else if (dice < 20) {
          pump.pauseAudio(Duration.ofSeconds(r.nextInt(600)));
        } else if (dice < 22) {
          pump.currentStatus();
          pump.screen();
        } else if (dice < 24) {
          switch (r.nextInt(9)) {
            case 0 -> mechanics.setOccluded(r.nextBoolean());
            case 1 -> mechanics.setAirPerMl(r.nextInt(4) == 0 ? r.nextDouble() * 40 : 0);
            case 2 -> mechanics.setSensorFactor(r.nextInt(4) == 0 ? r.nextDouble() * 3 : 1);
            case 3 -> mechanics.setFreeFlowFactor(1.0); // hardware over-delivery is D11's job
            case 4 -> mechanics.setBattery(r.nextDouble() * 100);
            case 5 -> mechanics.refill(r.nextDouble() * 500);
            case 6 ->
                pump.conditionCleared(
                    List.of(
                            "OCCLUSION",
                            "AIR_IN_LINE",
                            "RESERVOIR_EMPTY",
                            "OVER_INFUSION",
                            "BATTERY_DEPLETED")
                        .get(r.nextInt(5)));
            case 7 ->
                pump.criticalFaultCleared(
                    List.of("SENSOR_DISAGREE", "WATCHDOG", "CLOCK", "SELF_TEST_FAILED")
                        .get(r.nextInt(4)));
            default -> pump.watchdogCheck();
          }
        } else {
          // Time passes: mostly short steps, sometimes a stall (watchdog) or a jump (clock).
          int kind = r.nextInt(1000);
          Duration dt =
              kind == 0
                  ? Duration.ofMinutes(5)
                  : kind == 1 ? Duration.ofSeconds(3) : Duration.ofMillis(100 + r.nextInt(1900));
          if (kind == 1) {
            clock.advance(dt);
            pump.watchdogCheck();
            continue;
          }
          SafetyState before = pump.state();
          double volumeBefore = mechanics.read().volumeInfusedMl();
          double motorBefore = mechanics.read().motorRateMlH();
          clock.advance(dt);
          pump.tick();
          double delivered = mechanics.read().volumeInfusedMl() - volumeBefore;
          double hours = dt.toNanos() / 3.6e12;
          if (delivered > EPS && !(before instanceof SafetyState.Delivering)) {
            violations.add(
                String.format(
                    Locale.ROOT,
                    "pump %d: %.4f mL delivered in state %s",
                    pumps,
                    delivered,
                    before));
          }
          if (delivered <= 0) {
            continue;
          }
          deliveringSteps++;
          if (current == null) {
            violations.add("pump " + pumps + ": delivery without a confirmed program");
            continue;
          }
          DeliveryPlan plan = current.plan();
          double maxRate =
              plan.rateMlH()
                  + plan.bolus().map(DeliveryPlan.Bolus::rateMlH).orElse(0.0)
                  + plan.pca().map(p -> 60 * p.doseMl()).orElse(0.0);
          if (delivered > maxRate * hours + EPS || motorBefore > maxRate + EPS) {
            violations.add(
                String.format(
                    Locale.ROOT,
                    "pump %d: %.4f mL in %s at up to %.2f mL/h, program allows %.2f mL/h",
                    pumps,
                    delivered,
                    dt,
                    motorBefore,
                    maxRate));
          }
          if (!before.equals(new SafetyState.Delivering(SafetyState.Mode.KEEP_VEIN_OPEN))) {
            nonKvo += delivered;
            if (nonKvo > plan.vtbiMl() + EPS) {
              violations.add(
                  String.format(
                      Locale.ROOT,
                      "pump %d: %.4f mL delivered, VTBI %.4f mL",
                      pumps,
                      nonKvo,
                      plan.vtbiMl()));
            }
          }
          if (plan.pca().isPresent()) {
            long now = clock.instant().toEpochMilli();
            history.add(new double[] {now, delivered});
            double lastHour = 0;
            for (double[] h : history) {
              if (h[0] > now - 3_600_000) {
                lastHour += h[1];
              }
            }
            if (lastHour > plan.pca().get().max1hMl() + EPS) {
              violations.add(
                  String.format(
                      Locale.ROOT,
                      "pump %d: %.4f mL in the last hour, PCA maximum %.4f mL",
                      pumps,
                      lastHour,
                      plan.pca().get().max1hMl()));
            }
          }
        }
        if (violations.size() > 20) {
          break;
        }
      }
    }
    assertThat(inputs).isGreaterThanOrEqualTo(INPUTS);
    assertThat(deliveringSteps).as("steps that delivered").isGreaterThan(10_000);
    assertThat(violations).isEmpty();
  }
}
