package org.primum.hub.updates;

/** Where a rollout as a whole stands. */
public enum RolloutState {
  /** Waves are being assigned and evaluated. */
  RUNNING,
  /** Nothing new is assigned; devices already assigned carry on. Paused by staff or by itself. */
  PAUSED,
  /** Stopped for good; assignments not yet installed were withdrawn. */
  ABORTED,
  /** Every wave passed. */
  COMPLETED;

  /** Whether the rollout can still change (it blocks another rollout for its hardware). */
  public boolean isOpen() {
    return this == RUNNING || this == PAUSED;
  }
}
