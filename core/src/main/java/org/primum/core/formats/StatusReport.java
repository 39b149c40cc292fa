package org.primum.core.formats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's signed status heartbeat: who it is, what it runs, what it is doing, and its alarms.
 *
 * <p>Valid from birth: every field is checked in the constructor, so a {@code StatusReport} read
 * from outside is well-formed or was never built. It carries no patient data by construction: there
 * is no field that could hold any.
 *
 * @param serial the device serial; must equal the serial in the sender's certificate
 * @param sequence strictly increasing per device across restarts
 * @param deviceTime the device's clock when it built the report (ISO-8601 instant)
 * @param model model name
 * @param firmware running firmware version
 * @param operatingState e.g. {@code IDLE}, {@code INFUSING}, {@code PAUSED}, {@code SAFE_MODE}
 * @param connectivity the device's own view: {@code ONLINE} or {@code DEGRADED}
 * @param alarms active alarms, at most {@value #MAX_ALARMS}
 * @param uptimeSeconds seconds since the device process started
 */
public record StatusReport(
    String serial,
    long sequence,
    String deviceTime,
    String model,
    String firmware,
    String operatingState,
    String connectivity,
    List<Alarm> alarms,
    long uptimeSeconds) {
  public static final int MAX_ALARMS = 16;

  public StatusReport {
    Serials.require(serial);
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, found " + sequence);
    }
    try {
      Instant.parse(Objects.requireNonNull(deviceTime, "deviceTime is required"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "deviceTime must be an ISO-8601 instant, found \""
              + Texts.printable(deviceTime, 40)
              + "\"");
    }
    Texts.requireLabel("model", model);
    Texts.requireLabel("firmware", firmware);
    Texts.requireToken("operatingState", operatingState);
    if (!"ONLINE".equals(connectivity) && !"DEGRADED".equals(connectivity)) {
      throw new IllegalArgumentException(
          "connectivity must be ONLINE or DEGRADED, found \""
              + Texts.printable(connectivity, 20)
              + "\"");
    }
    alarms = List.copyOf(Objects.requireNonNull(alarms, "alarms is required (may be empty)"));
    if (alarms.size() > MAX_ALARMS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ALARMS + " alarms, found " + alarms.size());
    }
    if (uptimeSeconds < 0) {
      throw new IllegalArgumentException("uptimeSeconds must not be negative");
    }
  }

  /** The device time as an instant. */
  @JsonIgnore
  public Instant deviceInstant() {
    return Instant.parse(deviceTime);
  }

  /** The most urgent active alarm, if any. */
  @JsonIgnore
  public Optional<Alarm> highestAlarm() {
    return alarms.stream().min(Comparator.comparing(Alarm::priority));
  }

  /** One active alarm: what is wrong, how urgent, in words a clinician understands. */
  public record Alarm(String code, AlarmPriority priority, String message) {
    public Alarm {
      Texts.requireToken("alarm code", code);
      Objects.requireNonNull(priority, "alarm priority is required (HIGH, MEDIUM or LOW)");
      Texts.requireText("alarm message", message, 200);
    }
  }
}
