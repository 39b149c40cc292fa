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

  /**
   * The update report the hub takes ({@code POST /api/v1/devices/{serial}/update-status}): phase,
   * target, version, release counter, detail (at most 500 characters) and the device's time. A
   * refusal at the update check, before the device could tell what was assigned, has an empty
   * target and version and release counter 0: the hub counts it against the release it assigned.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode toReport() {
    var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    body.put("phase", phase.name());
    body.put("target", target);
    body.put("version", version);
    body.put("releaseCounter", releaseCounter);
    body.put("detail", detail.length() > 500 ? detail.substring(0, 500) : detail);
    body.put("deviceTime", at.toString());
    return body;
  }
}
