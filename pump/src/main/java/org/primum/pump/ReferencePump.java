package org.primum.pump;

/** Constants that describe the reference pump to the hub. */
public final class ReferencePump {
  /** The model name reported in every status report. */
  public static final String MODEL = "Primum RP-1 infusion pump";

  /** The firmware version of this build. */
  public static final String FIRMWARE = "0.1.0";

  private ReferencePump() {}
}
