package org.primum.device.update.ab;

import java.time.Instant;
import java.util.Objects;

/**
 * What the updater last did, for the device's own screen and the hub: the phase, the release it
 * concerns, a human sentence, and when.
 */
public record UpdateStatus(
    UpdatePhase phase,
    String target,
    String version,
    long releaseCounter,
    String detail,
    Instant at) {
  public UpdateStatus {
    Objects.requireNonNull(phase);
    Objects.requireNonNull(target);
    Objects.requireNonNull(version);
    Objects.requireNonNull(detail);
    Objects.requireNonNull(at);
  }

  /** One line for a screen: e.g. "update 0.2.0 waiting for therapy to end". */
  public String summary() {
    return switch (phase) {
      case CURRENT -> "software " + version + " (up to date)";
      case WAITING_FOR_THERAPY -> "update " + version + " ready: installs when no therapy runs";
      default ->
          "update "
              + version
              + ": "
              + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + (detail.isEmpty() ? "" : " (" + detail + ")");
    };
  }
}
