package org.primum.device;

import java.util.List;
import java.util.Objects;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.Texts;

/**
 * What the device is doing right now, as its own software sees it.
 *
 * @param operatingState an upper-case token, e.g. {@code IDLE} or {@code INFUSING}
 * @param alarms the active alarms
 */
public record DeviceStatus(String operatingState, List<StatusReport.Alarm> alarms) {
  public DeviceStatus {
    Texts.requireToken("operatingState", operatingState);
    alarms = List.copyOf(Objects.requireNonNull(alarms, "alarms"));
  }
}
