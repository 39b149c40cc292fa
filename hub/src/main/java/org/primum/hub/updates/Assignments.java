package org.primum.hub.updates;

/** What a rollout needs from the director. */
public interface Assignments {
  /**
   * Assigns release {@code releaseId} to device {@code serial} within rollout {@code rolloutId}:
   * the director signs new per-device targets metadata naming that release's image.
   */
  void assign(String serial, long releaseId, long rolloutId);

  /** Withdraws the device's assignment: the director signs targets metadata with no target. */
  void withdraw(String serial);
}
