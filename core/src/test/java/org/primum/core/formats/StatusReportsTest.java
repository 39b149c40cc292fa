package org.primum.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.json.Json;

class StatusReportsTest {
  private final SecureRandom random = new SecureRandom();
  private final EcKeyPair device = EcKeyPair.generate(random);

  private StatusReport report() {
    return new StatusReport(
        "PUMP-0001",
        42,
        "2026-11-22T12:00:00Z",
        "Primum RP-1 infusion pump",
        "0.1.0",
        "INFUSING",
        "ONLINE",
        List.of(
            new StatusReport.Alarm(
                "OCCLUSION_DOWNSTREAM", AlarmPriority.HIGH, "Downstream occlusion")),
        10);
  }

  @Test
  void verify_signedReport_returnsTheSameReport() throws Exception {
    byte[] envelope = StatusReports.sign(report(), device);
    assertThat(StatusReports.verify(envelope, device.publicKey())).isEqualTo(report());
  }

  @Test
  void verify_otherKey_isRefused() {
    byte[] envelope = StatusReports.sign(report(), device);
    assertThatThrownBy(() -> StatusReports.verify(envelope, EcKeyPair.generate(random).publicKey()))
        .isInstanceOf(StatusReports.StatusReportRejection.class)
        .hasMessageContaining("no signature verifies");
  }

  @Test
  void verify_payloadChangedAfterSigning_isRefused() throws Exception {
    ObjectNode envelope = (ObjectNode) Json.readTree(StatusReports.sign(report(), device));
    String payload =
        new String(
                Base64.getDecoder().decode(envelope.get("payload").asText()),
                StandardCharsets.UTF_8)
            .replace("INFUSING", "IDLE");
    envelope.put(
        "payload", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> StatusReports.verify(Json.write(envelope), device.publicKey()))
        .hasMessageContaining("no signature verifies");
  }

  @Test
  void verify_signatureForAnotherPayloadType_isRefused() {
    byte[] other = Dsse.sign("application/vnd.other+json", Json.canonical(report()), device);
    assertThatThrownBy(() -> StatusReports.verify(other, device.publicKey()))
        .hasMessageContaining("expected payload type");
  }

  @Test
  void verify_signedButInvalidContent_isRefusedWithTheField() {
    byte[] payload =
        "{\"serial\":\"PUMP 1\",\"sequence\":1,\"deviceTime\":\"2026-11-22T12:00:00Z\",\"model\":\"m\",\"firmware\":\"f\",\"operatingState\":\"IDLE\",\"connectivity\":\"ONLINE\",\"alarms\":[],\"uptimeSeconds\":1}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] envelope = Dsse.sign(StatusReports.PAYLOAD_TYPE, payload, device);
    assertThatThrownBy(() -> StatusReports.verify(envelope, device.publicKey()))
        .hasMessageContaining("serial number");
  }

  @Test
  void verify_garbage_isRefused() {
    for (String garbage :
        List.of("", "{}", "[]", "{\"payloadType\":1}", "not json", "{\"payload\":\"%%\"}")) {
      assertThatThrownBy(
              () ->
                  StatusReports.verify(
                      garbage.getBytes(StandardCharsets.UTF_8), device.publicKey()))
          .as(garbage)
          .isInstanceOf(StatusReports.StatusReportRejection.class);
    }
  }

  @Test
  void statusReport_rejectsBadFieldsAtConstruction() {
    assertThatThrownBy(
            () ->
                new StatusReport(
                    "P", -1, "2026-11-22T12:00:00Z", "m", "f", "IDLE", "ONLINE", List.of(), 0))
        .hasMessageContaining("sequence");
    assertThatThrownBy(
            () -> new StatusReport("P", 1, "yesterday", "m", "f", "IDLE", "ONLINE", List.of(), 0))
        .hasMessageContaining("deviceTime");
    assertThatThrownBy(
            () ->
                new StatusReport(
                    "P", 1, "2026-11-22T12:00:00Z", "m", "f", "idle", "ONLINE", List.of(), 0))
        .hasMessageContaining("operatingState");
    assertThatThrownBy(
            () ->
                new StatusReport(
                    "P", 1, "2026-11-22T12:00:00Z", "m", "f", "IDLE", "MAYBE", List.of(), 0))
        .hasMessageContaining("connectivity");
    StatusReport.Alarm alarm = new StatusReport.Alarm("A", AlarmPriority.LOW, "x");
    assertThatThrownBy(
            () ->
                new StatusReport(
                    "P",
                    1,
                    "2026-11-22T12:00:00Z",
                    "m",
                    "f",
                    "IDLE",
                    "ONLINE",
                    Collections.nCopies(17, alarm),
                    0))
        .hasMessageContaining("at most 16 alarms");
    assertThatThrownBy(() -> new StatusReport.Alarm("A", AlarmPriority.LOW, "line\nbreak"))
        .hasMessageContaining("control characters");
  }

  @Test
  void highestAlarm_isTheMostUrgent() {
    StatusReport report =
        new StatusReport(
            "P",
            1,
            "2026-11-22T12:00:00Z",
            "m",
            "f",
            "IDLE",
            "ONLINE",
            List.of(
                new StatusReport.Alarm("LOW_ONE", AlarmPriority.LOW, "l"),
                new StatusReport.Alarm("HIGH_ONE", AlarmPriority.HIGH, "h"),
                new StatusReport.Alarm("MEDIUM_ONE", AlarmPriority.MEDIUM, "m")),
            0);
    assertThat(report.highestAlarm())
        .get()
        .extracting(StatusReport.Alarm::code)
        .isEqualTo("HIGH_ONE");
  }
}
