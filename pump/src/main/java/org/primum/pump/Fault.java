package org.primum.pump;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Faults the reference pump can be made to suffer ({@code primum pump --fault NAME}, and tests).
 * Each produces its specified alarm or state, visibly and in the evidence log; none makes the pump
 * deliver more than programmed.
 */
public enum Fault {
  /** Downstream line blocked: the OCCLUSION alarm (high), delivery stopped. */
  OCCLUSION,
  /** A large air bubble: the AIR_IN_LINE alarm (high), delivery stopped. */
  AIR,
  /** Battery at 18 %: the BATTERY_LOW alarm (medium); therapy continues. */
  BATTERY_LOW,
  /** The flow sensor reads 2.5 times the motor: latched safe mode (SENSOR_DISAGREE) after 30 s. */
  SENSOR_DISAGREE,
  /** The delivery loop hangs for 5 s: the watchdog latches safe mode (WATCHDOG). */
  WATCHDOG,
  /** A newer library arrives altered after signing: refused, the last good one stays active. */
  LIBRARY_TAMPER,
  /** The library in use is altered on the pump's storage: latched safe mode (LIBRARY_INTEGRITY). */
  LIBRARY_CORRUPT,
  /** The pump's clock jumps two hours ahead: latched safe mode (CLOCK). */
  CLOCK_JUMP,
  /** The network is unplugged: connectivity DEGRADED; therapy exactly as programmed. */
  NETWORK_LOSS,
  /** The hub link is flooded for 20 s: therapy exactly as programmed. */
  HUB_FLOOD;

  /** The command-line name, e.g. {@code battery-low}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The fault named {@code text} on the command line. */
  public static Optional<Fault> parse(String text) {
    return Arrays.stream(values()).filter(f -> f.cliName().equals(text.strip())).findFirst();
  }
}
