package org.primum.hub.updates;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout as lists, the command line and the JSON API show it.
 *
 * @param currentWave the wave being assigned and judged, 1-based
 * @param counts how many of its devices are in each state (states with none are left out)
 */
public record RolloutSummary(
    long id,
    long releaseId,
    String releaseVersion,
    long releaseCounter,
    String releaseTarget,
    String hardwareId,
    RolloutPlan plan,
    RolloutState state,
    int currentWave,
    int waveCount,
    Optional<String> pauseReason,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    Optional<Instant> finishedAt,
    int devices,
    Map<RolloutDeviceState, Integer> counts) {
  public RolloutSummary {
    counts = Map.copyOf(counts);
  }

  /** How many devices are in {@code state}. */
  public int count(RolloutDeviceState state) {
    return counts.getOrDefault(state, 0);
  }
}
