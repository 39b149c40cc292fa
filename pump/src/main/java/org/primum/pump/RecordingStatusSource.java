package org.primum.pump;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.device.DeviceStatus;
import org.primum.device.StatusSource;

/**
 * Passes a pump's status through and records every change of therapy state and every alarm raised
 * or cleared as an evidence event. The events carry no patient data: state names, alarm codes and
 * priorities, and — for therapy events — the keyed pseudonyms of the patient and the infusion (see
 * {@link org.primum.device.patient.PatientPseudonyms}), never a name or an identifier.
 */
final class RecordingStatusSource implements StatusSource {
  /** One event to record. */
  record Event(String type, Severity severity, ObjectNode payload) {}

  private final StatusSource source;
  private final Consumer<Event> recorder;
  private final ObjectNode subject;
  private String lastState = "";
  private Set<String> lastAlarms = Set.of();

  RecordingStatusSource(StatusSource source, Consumer<Event> recorder) {
    this(source, recorder, JsonNodeFactory.instance.objectNode());
  }

  /**
   * @param subject pseudonyms of what the therapy concerns ({@code patient}, {@code infusion}),
   *     added to every therapy event
   */
  RecordingStatusSource(StatusSource source, Consumer<Event> recorder, ObjectNode subject) {
    this.source = Objects.requireNonNull(source, "source");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.subject = subject.deepCopy();
  }

  @Override
  public synchronized DeviceStatus currentStatus() {
    DeviceStatus status = source.currentStatus();
    if (!status.operatingState().equals(lastState)) {
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      payload.put("from", lastState.isEmpty() ? "UNKNOWN" : lastState);
      payload.put("to", status.operatingState());
      payload.put("message", "therapy state " + status.operatingState().toLowerCase(Locale.ROOT));
      if (!subject.isEmpty()) {
        payload.set("subject", subject.deepCopy());
      }
      recorder.accept(new Event("therapy.state.changed", Severity.INFO, payload));
      lastState = status.operatingState();
    }
    Set<String> now = new HashSet<>();
    for (StatusReport.Alarm alarm : status.alarms()) {
      now.add(alarm.code());
      if (!lastAlarms.contains(alarm.code())) {
        recorder.accept(
            new Event("safety.alarm.raised", severity(alarm.priority()), alarmPayload(alarm)));
      }
    }
    for (String cleared : lastAlarms) {
      if (!now.contains(cleared)) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("code", cleared);
        payload.put("message", "alarm cleared: " + cleared);
        recorder.accept(new Event("safety.alarm.cleared", Severity.NOTICE, payload));
      }
    }
    lastAlarms = Set.copyOf(now);
    return status;
  }

  private static ObjectNode alarmPayload(StatusReport.Alarm alarm) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("code", alarm.code());
    payload.put("priority", alarm.priority().name());
    payload.put("message", alarm.message());
    return payload;
  }

  private static Severity severity(AlarmPriority priority) {
    return switch (priority) {
      case HIGH -> Severity.CRITICAL;
      case MEDIUM -> Severity.WARNING;
      case LOW -> Severity.NOTICE;
    };
  }

  static List<String> types() {
    return List.of("therapy.state.changed", "safety.alarm.raised", "safety.alarm.cleared");
  }
}
