package org.primum.pump.therapy;

import java.time.Duration;

/**
 * The physical model of a syringe/volumetric pump: reservoir, motor, downstream line pressure,
 * air-in-line sensor, flow sensor and battery. Advanced in steps of simulated time, so hours of
 * therapy run in milliseconds in tests. Faults are injected by setting conditions (occluded line,
 * air in the fluid, a flow sensor that reads wrong, free flow, a draining battery).
 *
 * <p>Not thread-safe: the pump's delivery loop owns it.
 */
public final class PumpMechanics {
  /** Line pressure with free flow, mmHg. */
  public static final double BASELINE_PRESSURE = 20;

  /** How much pressure builds per microlitre the motor pushes into an occluded line, mmHg/µL. */
  private static final double PRESSURE_PER_MICROLITRE = 6.0;

  /** How fast pressure relaxes towards baseline when the line is open, per second. */
  private static final double RELAXATION_PER_SECOND = 0.5;

  /** Battery drain per hour with the motor running / idle, percent. */
  private static final double DRAIN_RUNNING = 8.0;

  private static final double DRAIN_IDLE = 1.0;

  private double reservoirMl;
  private double motorRateMlH;
  private double budgetMl;
  private volatile boolean inhibited;
  private double volumeInfusedMl;
  private double pressureMmHg = BASELINE_PRESSURE;
  private double airMicrolitres;
  private double batteryPercent = 100;
  private double lastFlowMlH;
  private boolean occluded;
  private double airPerMl;
  private double sensorFactor = 1.0;
  private double freeFlowFactor = 1.0;
  private double extraDrainPerHour;

  public PumpMechanics(double reservoirMl) {
    if (!(reservoirMl >= 0)) {
      throw new IllegalArgumentException("reservoir must be a non-negative volume");
    }
    this.reservoirMl = reservoirMl;
  }

  /** What the sensors read after a step. */
  public record Reading(
      double deliveredMl,
      double reservoirMl,
      double volumeInfusedMl,
      double motorRateMlH,
      double flowSensorMlH,
      double pressureMmHg,
      double airMicrolitres,
      double batteryPercent) {}

  /**
   * Commands the motor to run at {@code mlPerHour} for at most {@code limitMl} more (a stepper
   * controller's step budget: the motor stops by itself when it is spent). Garbage — negative, NaN
   * or infinite — means zero delivery (PUMP-SAFETY D10).
   */
  public void command(double mlPerHour, double limitMl) {
    boolean garbage =
        !(mlPerHour >= 0)
            || Double.isInfinite(mlPerHour)
            || !(limitMl >= 0)
            || Double.isInfinite(limitMl);
    this.motorRateMlH = garbage || limitMl <= 0 ? 0 : mlPerHour;
    this.budgetMl = garbage ? 0 : limitMl;
  }

  /** Stops the motor at once; safe to call from any thread (the watchdog's). */
  public void inhibit() {
    inhibited = true;
  }

  /** Lifts {@link #inhibit()} (the delivery loop, after a reset). */
  public void release() {
    inhibited = false;
  }

  public double motorRate() {
    return motorRateMlH;
  }

  /** Runs the physics for {@code step} and returns what the sensors read. */
  public Reading advance(Duration step) {
    double hours = step.toNanos() / 3.6e12;
    double seconds = hours * 3600;
    double delivered = 0;
    if (motorRateMlH > 0 && hours > 0 && !inhibited) {
      double pushed = Math.min(motorRateMlH * hours, budgetMl);
      budgetMl -= pushed;
      if (occluded) {
        pressureMmHg += pushed * 1000 * PRESSURE_PER_MICROLITRE;
      } else {
        delivered = Math.min(reservoirMl, pushed * freeFlowFactor);
        airMicrolitres += delivered * airPerMl;
      }
    }
    if (!occluded) {
      pressureMmHg =
          BASELINE_PRESSURE
              + (pressureMmHg - BASELINE_PRESSURE) * Math.exp(-RELAXATION_PER_SECOND * seconds);
    }
    reservoirMl -= delivered;
    volumeInfusedMl += delivered;
    lastFlowMlH = hours > 0 ? delivered / hours : 0;
    batteryPercent =
        Math.max(
            0,
            batteryPercent
                - hours
                    * ((motorRateMlH > 0 && !inhibited ? DRAIN_RUNNING : DRAIN_IDLE)
                        + extraDrainPerHour));
    return reading(delivered);
  }

  private Reading reading(double delivered) {
    return new Reading(
        delivered,
        reservoirMl,
        volumeInfusedMl,
        inhibited ? 0 : motorRateMlH,
        lastFlowMlH * sensorFactor,
        pressureMmHg,
        airMicrolitres,
        batteryPercent);
  }

  /** The sensors now, without advancing time. */
  public Reading read() {
    return reading(0);
  }

  // Conditions (fault injection and clinician actions at the device).

  public void setOccluded(boolean occluded) {
    this.occluded = occluded;
  }

  /** Air carried per mL of fluid, in µL (0 for none). */
  public void setAirPerMl(double microlitresPerMl) {
    this.airPerMl = Math.max(0, microlitresPerMl);
  }

  /** The clinician cleared the air from the line. */
  public void clearAir() {
    this.airMicrolitres = 0;
  }

  /** The flow sensor reads {@code factor} times the true flow (1 for a healthy sensor). */
  public void setSensorFactor(double factor) {
    this.sensorFactor = factor;
  }

  /**
   * A worn mechanism: the fluid runs {@code factor} times faster than the motor is commanded (1 for
   * none). Only the flow sensor can see it (PUMP-SAFETY D11).
   */
  public void setFreeFlowFactor(double factor) {
    this.freeFlowFactor = Math.max(1.0, factor);
  }

  /** Extra battery drain per hour, percent (a failing battery). */
  public void setExtraDrain(double percentPerHour) {
    this.extraDrainPerHour = Math.max(0, percentPerHour);
  }

  public void setBattery(double percent) {
    this.batteryPercent = Math.max(0, Math.min(100, percent));
  }

  /** A new bag or syringe. */
  public void refill(double reservoirMl) {
    this.reservoirMl = Math.max(0, reservoirMl);
  }
}
