package org.primum.device.update.ab;

/** Where one device stands with one release; the hub's rollout view counts these. */
public enum UpdatePhase {
  /** Running the newest release assigned (or nothing is assigned); never reported to the hub. */
  CURRENT,
  ASSIGNED,
  DOWNLOADING,
  DOWNLOADED,
  /** Downloaded and verified, waiting until no therapy runs. */
  WAITING_FOR_THERAPY,
  INSTALLING,
  INSTALLED,
  HEALTHY,
  ROLLED_BACK,
  FAILED,
  REFUSED;

  /** Whether the hub's rollout counts this as an end state for the release. */
  public boolean isTerminal() {
    return this == HEALTHY || this == ROLLED_BACK || this == FAILED || this == REFUSED;
  }
}
