package org.primum.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.Severity;
import org.primum.core.json.Json;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceLog;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.fleet.DeviceView;

/**
 * No silent gaps, end to end: a device whose evidence storage fills while it is offline raises a
 * medium alarm, keeps recording into a signed gap record, and once the hub witnesses its entries
 * reclaims space; the hub then shows the gap on the device's evidence page and in the fleet table.
 */
class EvidenceGapTest {
  @TempDir Path dir;
  private TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void fullDevice_showsAnAlarm_thenItsGapOnTheHub(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    String serial = "PUMP-0300";
    DeviceAgent agent = hub.enrollWithEvidenceStorage(serial, dir.resolve(serial), 1_200_000);
    EvidenceLog log = agent.evidence().orElseThrow().log().orElseThrow();

    // Offline for a long time: far more events than the storage holds.
    for (int i = 0; i < 2500; i++) {
      agent.recordEvent(
          "therapy.rate.changed",
          Severity.NOTICE,
          JsonNodeFactory.instance.objectNode().put("step", i).put("pad", "p".repeat(900)));
    }
    log.appendAsync("test.marker", Severity.INFO, JsonNodeFactory.instance.objectNode())
        .handle((sequence, failure) -> failure)
        .get();
    assertThat(log.storageFull()).isTrue();

    // The next report carries the medium alarm; the hub shows it as the device's highest alarm.
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    DeviceView view =
        hub.hub().fleet().devices().stream()
            .filter(d -> d.serial().equals(serial))
            .findFirst()
            .orElseThrow();
    assertThat(view.highestAlarm()).isPresent();
    assertThat(view.highestAlarm().get().code()).isEqualTo("EVIDENCE_STORAGE_FULL");
    assertThat(view.highestAlarm().get().priority()).isEqualTo("MEDIUM");

    // That report's upload got receipts: space was reclaimed and the gap recorded.
    assertThat(log.firstHeld()).isPositive();
    assertThat(log.storageFull()).isFalse();
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);

    var held = hub.hub().evidence().log(serial).orElseThrow();
    assertThat(held.integrity()).isEqualTo("OK");
    assertThat(held.gaps()).isEqualTo(1);
    assertThat(held.lastReceiptSize()).isEqualTo(held.size());
    var gaps = hub.hub().evidence().entries(serial, "evidence.gap", "", 10);
    assertThat(gaps).hasSize(1);
    JsonNode gap = Json.readTree(gaps.get(0).entry().getBytes()).path("payload");
    assertThat(gap.path("dropped").asLong()).isPositive();
    assertThat(gap.path("types").path("therapy.rate.changed").asLong()).isPositive();
    assertThat(hub.hub().evidence().summaries().get(serial)).endsWith("OK · 1 gap(s)");
    // Nothing is lost on the hub: it holds every entry the device ever stored, in order.
    assertThat(held.size()).isGreaterThan(log.firstHeld());

    StaffClient admin = hub.admin();
    String page = admin.get("/evidence/" + serial).body();
    assertThat(page).contains("evidence-gaps").contains("1 gap record(s)").contains("id=\"gaps\"");
    assertThat(page).contains("evidence-last-receipt").contains("covers " + held.size());
    // The timeline filters by device time as well as type and severity.
    String window =
        admin
            .getJson(
                "/api/v1/devices/"
                    + serial
                    + "/evidence?type=evidence.gap&from="
                    + gaps.get(0).deviceTime()
                    + "&to="
                    + gaps.get(0).deviceTime())
            .body();
    assertThat(Json.readTree(window.getBytes()).path("entries")).hasSize(1);
    String before =
        admin
            .getJson(
                "/api/v1/devices/" + serial + "/evidence?type=evidence.gap&to=2000-01-01T00:00:00Z")
            .body();
    assertThat(Json.readTree(before.getBytes()).path("entries")).isEmpty();
    var badTime = admin.getJson("/api/v1/devices/" + serial + "/evidence?from=yesterday");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(badTime.body()).contains("ISO-8601");
  }
}
