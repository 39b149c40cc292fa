package org.primum.hub.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.device.DeviceAgent;
import org.primum.device.link.HubLink;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.web.Role;

/**
 * The order relay on SQLite and PostgreSQL: only administrators queue orders, only HL7 v2 ER7 of a
 * bounded size for an active pump; a pump collects only its own orders, answers once, and the
 * order's text (which names a patient) is gone once answered.
 */
class OrderRelayTest {
  @TempDir Path dir;
  private TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  private static final String ORDER =
      "MSH|^~\\&|EHR|HOSP|PRIMUM|ICU|20261122120000+0000||RGV^O15^RGV_O15|CTRL-9|P|2.6\r"
          + "PID|||MRN-1^^^HOSP^MR||Doe^Jo\r";

  private HubLink link(DeviceAgent agent) {
    return HubLink.create(
        hub.uri(),
        hub.hub().pki().caCertificate(),
        Optional.of(agent.identity().orElseThrow().tlsIdentity()),
        new SecureRandom(),
        Duration.ofSeconds(10),
        Optional.empty());
  }

  private static java.net.http.HttpResponse<String> submit(StaffClient staff) throws Exception {
    return staff.send(
        HttpRequest.newBuilder(staff.base().resolve("/api/v1/devices/PUMP-000A/orders"))
            .header("Content-Type", "application/hl7-v2")
            .header("X-CSRF-Token", staff.csrf())
            .POST(HttpRequest.BodyPublishers.ofString(ORDER)));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void ordersTravelToTheirPumpOnly_andTheirTextIsGoneOnceAnswered(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceAgent a = hub.enroll("PUMP-000A", dir.resolve("a"));
    DeviceAgent b = hub.enroll("PUMP-000B", dir.resolve("b"));
    var submitted = submit(hub.admin());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    long id = hub.hub().orders().pending("PUMP-000A").get(0).id();

    StaffClient viewer = hub.staff("nurse", Role.CLINICAL_VIEWER);
    var refused = submit(viewer);
    assertThat(refused.statusCode()).isEqualTo(403);

    // B sees nothing of A's, and cannot answer for A.
    assertThat(link(b).get("/api/v1/devices/PUMP-000A/orders/pending", Map.of()).status())
        .isEqualTo(403);
    assertThat(link(b).get("/api/v1/devices/PUMP-000B/orders/pending", Map.of()).bodyText())
        .contains("\"orders\":[]");
    HubLink.Response mine = link(a).get("/api/v1/devices/PUMP-000A/orders/pending", Map.of());
    assertThat(mine.bodyText()).contains("CTRL-9").contains("\"id\":" + id);
    byte[] ack =
        "MSH|^~\\&|PRIMUM|PUMP-000A|EHR|HOSP|x||RRG^O16|A1|P|2.6\rMSA|AA|CTRL-9\r"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            link(b)
                .post(
                    "/api/v1/devices/PUMP-000B/orders/" + id + "/ack",
                    "application/hl7-v2",
                    ack,
                    Map.of())
                .status())
        .isEqualTo(409);
    assertThat(
            link(a)
                .post(
                    "/api/v1/devices/PUMP-000A/orders/" + id + "/ack",
                    "application/hl7-v2",
                    ack,
                    Map.of())
                .status())
        .isEqualTo(204);
    assertThat(
            link(a)
                .post(
                    "/api/v1/devices/PUMP-000A/orders/" + id + "/ack",
                    "application/hl7-v2",
                    ack,
                    Map.of())
                .status())
        .isEqualTo(409); // answered once
    assertThat(hub.hub().orders().pending("PUMP-000A")).isEmpty();
    assertThat(hub.hub().orders().holdsText(id)).isFalse();
    assertThat(viewer.getJson("/api/v1/orders/" + id).body())
        .contains("\"status\":\"ANSWERED\"")
        .contains("MSA|AA|CTRL-9");
    assertThat(hub.hub().audit().latest(10, "order.submit"))
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain("Doe").doesNotContain("MRN-1"));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void badOrders_areRefusedWithTheReason(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    hub.enroll("PUMP-000A", dir.resolve("a"));
    OrderRelay relay = hub.hub().orders();
    assertThatThrownBy(
            () -> relay.submit("PUMP-000A", "hello".getBytes(StandardCharsets.UTF_8), "t", "t"))
        .hasMessageContaining("ER7");
    assertThatThrownBy(
            () -> relay.submit("PUMP-000A", new byte[OrderRelay.MAX_BYTES + 1], "t", "t"))
        .hasMessageContaining("bytes");
    assertThatThrownBy(
            () ->
                relay.submit(
                    "PUMP-000A",
                    "MSH|^~\\&|a|b|c|d|e||f|\r".getBytes(StandardCharsets.UTF_8),
                    "t",
                    "t"))
        .hasMessageContaining("MSH-10");
    assertThatThrownBy(
            () -> relay.submit("PUMP-0999", ORDER.getBytes(StandardCharsets.UTF_8), "t", "t"))
        .hasMessageContaining("no active pump PUMP-0999");
  }
}
