package org.primum.pump;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.device.DeviceStatus;

class RecordingStatusSourceTest {
  @Test
  void stateChangesAndAlarms_becomeEvidenceEvents_once() {
    AtomicReference<DeviceStatus> status =
        new AtomicReference<>(new DeviceStatus("IDLE", List.of()));
    List<RecordingStatusSource.Event> events = new ArrayList<>();
    RecordingStatusSource source = new RecordingStatusSource(status::get, events::add);
    source.currentStatus();
    source.currentStatus();
    status.set(
        new DeviceStatus(
            "ALARM",
            List.of(
                new StatusReport.Alarm("OCCLUSION_DOWNSTREAM", AlarmPriority.HIGH, "Occlusion"))));
    source.currentStatus();
    source.currentStatus();
    status.set(new DeviceStatus("INFUSING", List.of()));
    source.currentStatus();
    assertThat(events)
        .extracting(RecordingStatusSource.Event::type)
        .containsExactly(
            "therapy.state.changed",
            "therapy.state.changed",
            "safety.alarm.raised",
            "therapy.state.changed",
            "safety.alarm.cleared");
    assertThat(events.get(2).severity()).isEqualTo(org.primum.core.evidence.Severity.CRITICAL);
    assertThat(events.get(2).payload().get("code").asText()).isEqualTo("OCCLUSION_DOWNSTREAM");
  }
}
