package org.primum.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceReceipt;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceUploader;
import org.primum.device.link.HubLink;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.Scene;

/**
 * The hub as witness: honest uploads get signed receipts the device records, staff see integrity
 * per device, investigators export bundles. Each attack has its own folder under {@code attacks/}.
 * SQLite and PostgreSQL.
 */
class EvidenceWitnessTest {
  @TempDir Path dir;
  private Scene scene;
  private TestHub hub;
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    if (scene != null) {
      scene.close();
    }
  }

  private void start(TestHub.Db db) throws Exception {
    scene = Scene.start(db, dir);
    hub = scene.hub();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void honestDevice_isWitnessed_andRecordsTheSignedReceipt(TestHub.Db db) throws Exception {
    start(db);
    Scene.Device device = scene.witnessedDevice("PUMP-0001");
    device.agent().recordEvent("security.login.failed", Severity.WARNING, "biomed PIN wrong");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    EvidenceUploader uploader = device.agent().evidence().orElseThrow().uploader().orElseThrow();
    long witnessed = uploader.witnessedSize();
    assertThat(witnessed).isGreaterThanOrEqualTo(3);
    assertThat(scene.heldSize(device)).isEqualTo(witnessed);
    assertThat(hub.hub().evidence().entries(device.serial(), "security.", "", 10))
        .extracting(EvidenceService.EntryView::type)
        .containsExactly("security.login.failed");
    // The device recorded the hub's receipt in its own log (mutual witnessing).
    EvidenceEntry receiptEntry = null;
    for (long i = witnessed; i < device.log().size() && receiptEntry == null; i++) {
      if (device.log().entry(i).type().equals("evidence.receipt")) {
        receiptEntry = device.log().entry(i);
      }
    }
    assertThat(receiptEntry).as("a receipt entry after the witnessed entries").isNotNull();
    EvidenceReceipt receipt =
        EvidenceReceipt.open(
            receiptEntry.payload().get("receipt").asText(),
            List.of(hub.hub().evidence().receiptKey()));
    assertThat(receipt.size()).isEqualTo(witnessed);
    assertThat(receipt.rootHash()).isEqualTo(device.log().root(witnessed));
    // More events go up incrementally, proven consistent with what the hub holds.
    device.agent().recordEvent("safety.alarm.raised", Severity.CRITICAL, "occlusion");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(scene.heldSize(device)).isGreaterThan(witnessed);
    assertThat(hub.hub().evidence().log(device.serial()).orElseThrow().integrity()).isEqualTo("OK");
    assertThat(hub.hub().evidence().incidents(device.serial())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void staff_seeIntegrityPerDevice_andDevicesOnlyTheirOwnLog(TestHub.Db db) throws Exception {
    start(db);
    Scene.Device a = scene.witnessedDevice("PUMP-000A");
    Scene.Device b = scene.witnessedDevice("PUMP-000B");
    assertThat(a.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(b.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    HubLink.Response other = scene.post(a, "PUMP-000B", scene.honestCopy(a, 1).upload(0, 1));
    assertThat(other.status()).isEqualTo(403);
    StaffClient viewer = hub.staff("nurse", org.primum.hub.web.Role.CLINICAL_VIEWER);
    String api = viewer.getJson("/api/v1/devices/PUMP-000A/evidence?type=link.&limit=5").body();
    assertThat(api)
        .contains("\"integrity\":\"OK\"")
        .contains("link.enrolled")
        .doesNotContain("evidence.log.opened");
    assertThat(viewer.get("/evidence/PUMP-000A").body())
        .contains("evidence-integrity")
        .contains("link.enrolled");
    assertThat(viewer.getJson("/api/v1/devices").body())
        .contains("\"PUMP-000A\":\"" + scene.heldSize(a) + " · OK\"");
    assertThat(viewer.getJson("/api/v1/devices/PUMP-000A/evidence?severity=LOUD").statusCode())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void investigator_exportsABundleThatVerifiesOffline(TestHub.Db db) throws Exception {
    start(db);
    Scene.Device device = scene.witnessedDevice("PUMP-0005");
    device.agent().recordEvent("safety.alarm.raised", Severity.CRITICAL, "occlusion");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    StaffClient analyst = hub.staff("sam", org.primum.hub.web.Role.SECURITY_ANALYST);
    Path bundle = dir.resolve("bundle.zip");
    java.net.http.HttpClient raw =
        java.net.http.HttpClient.newBuilder()
            .sslContext(
                org.primum.core.crypto.TlsContexts.client(
                    hub.hub().pki().caCertificate(), Optional.empty(), random))
            .build();
    String cookie = analyst.cookies().getCookieStore().getCookies().get(0).getValue();
    var zip =
        raw.send(
            java.net.http.HttpRequest.newBuilder(
                    hub.uri().resolve("/api/v1/devices/PUMP-0005/evidence/bundles"))
                .header("Content-Type", "application/json")
                .header("Cookie", "__Host-primum-session=" + cookie)
                .header("X-CSRF-Token", analyst.csrf())
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"reason\":\"occlusion review\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Disposition"))
        .get()
        .asString()
        .contains("evidence-PUMP-0005");
    Files.write(bundle, zip.body());
    var report =
        org.primum.core.evidence.EvidenceBundles.verify(
            bundle, Optional.of(hub.hub().evidence().receiptKey()), true, n -> {});
    assertThat(report.device()).isEqualTo("PUMP-0005");
    assertThat(report.to()).isEqualTo(scene.heldSize(device));
    assertThat(report.custody())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.actor()).isEqualTo("staff:sam");
              assertThat(c.reason()).isEqualTo("occlusion review");
            });
    assertThat(hub.hub().audit().latest(10, "evidence.bundle.export")).hasSize(1);
    StaffClient viewer = hub.staff("nurse", org.primum.hub.web.Role.CLINICAL_VIEWER);
    assertThat(
            viewer
                .postJson("/api/v1/devices/PUMP-0005/evidence/bundles", "{\"reason\":\"x\"}", true)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            analyst
                .postJson("/api/v1/devices/PUMP-0005/evidence/bundles", "{\"reason\":\"\"}", true)
                .statusCode())
        .isEqualTo(400);
  }
}
