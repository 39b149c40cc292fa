package org.primum.hub.updates;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one device stands within a rollout: the hub's own states ({@link #PENDING}, {@link
 * #WITHDRAWING}, {@link #WITHDRAWN}) and the phases a device reports (the contract's {@code phase}
 * values).
 */
public enum RolloutDeviceState {
  /** In the rollout, not assigned yet (its wave has not come, or its site's window or approval). */
  PENDING("pending", false),
  ASSIGNED("assigned", true),
  DOWNLOADING("downloading", true),
  DOWNLOADED("downloaded", true),
  WAITING_FOR_THERAPY("waiting for therapy to end", true),
  INSTALLING("installing", true),
  INSTALLED("installed", true),
  HEALTHY("healthy", true),
  ROLLED_BACK("rolled back", true),
  FAILED("failed", true),
  REFUSED("refused", true),
  /** The rollout was aborted; the director is to sign an empty assignment. */
  WITHDRAWING("withdrawing", false),
  /** The assignment was withdrawn (or never made) because the rollout was aborted. */
  WITHDRAWN("withdrawn", false);

  private final String label;
  private final boolean reportable;

  RolloutDeviceState(String label, boolean reportable) {
    this.label = label;
    this.reportable = reportable;
  }

  /** A human label for pages. */
  public String label() {
    return label;
  }

  /** Whether a device may report this phase. */
  public boolean reportable() {
    return reportable;
  }

  /** Whether the device is done with this rollout, for better or worse. */
  public boolean terminal() {
    return this == HEALTHY || failure() || this == WITHDRAWN;
  }

  /** Whether this state counts against the wave: a failed install, a rollback or a refusal. */
  public boolean failure() {
    return this == ROLLED_BACK || this == FAILED || this == REFUSED;
  }

  /** Whether an abort may still withdraw the assignment: the device has not begun installing. */
  public boolean withdrawable() {
    return this == ASSIGNED
        || this == DOWNLOADING
        || this == DOWNLOADED
        || this == WAITING_FOR_THERAPY;
  }

  /** The phases a device may report, in order. */
  public static List<RolloutDeviceState> reportablePhases() {
    return Arrays.stream(values()).filter(RolloutDeviceState::reportable).toList();
  }

  /** The reportable phase named exactly {@code name}, if any. */
  public static Optional<RolloutDeviceState> phase(String name) {
    return Arrays.stream(values()).filter(s -> s.reportable && s.name().equals(name)).findFirst();
  }

  /** Parses a stored state. */
  static RolloutDeviceState stored(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
