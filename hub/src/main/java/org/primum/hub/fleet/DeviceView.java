package org.primum.hub.fleet;

import java.util.Optional;

/**
 * A device as the dashboard and the API show it.
 *
 * @param status {@code ACTIVE} or {@code REVOKED}
 * @param connectivity {@code ONLINE}, {@code DEGRADED} (the device reports trouble), {@code
 *     OFFLINE} (silent longer than the hub's limit), {@code NEVER_SEEN} or {@code REVOKED}
 * @param lastContact ISO-8601 time of the last accepted report, if any
 */
public record DeviceView(
    String serial,
    String status,
    String model,
    String firmware,
    String certificateFingerprint,
    String certificateNotAfter,
    String enrolledAt,
    Optional<String> lastContact,
    String connectivity,
    String operatingState,
    Optional<Alarm> highestAlarm,
    int activeAlarms,
    Optional<String> revokedAt,
    Optional<String> revokedBy,
    Optional<String> revokeReason) {

  /** The most urgent active alarm. */
  public record Alarm(String code, String priority, String message) {}
}
