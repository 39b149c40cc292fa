package org.primum.pump;

/** Constants that describe the reference pump to the hub. */
public final class ReferencePump {
  /** The model name reported in every status report. */
  public static final String MODEL = "Primum RP-1 infusion pump";

  /** The firmware version of this build. */
  public static final String FIRMWARE = "0.1.0";

  /** The hardware id software releases for the reference pump name. */
  public static final String HARDWARE_ID = "rp-1";

  private ReferencePump() {}
}
