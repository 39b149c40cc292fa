package org.primum.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceReceipt;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.json.Json;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceKeys;
import org.primum.device.evidence.EvidenceLog;
import org.primum.device.evidence.EvidenceUploader;
import org.primum.device.link.HubLink;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;

/**
 * The hub as witness: honest uploads get signed receipts the device records; forks, rollbacks,
 * replays, wrong keys, altered or duplicated entries and backwards time each become an integrity
 * incident with both checkpoints kept, and nothing held is overwritten. SQLite and PostgreSQL.
 */
class EvidenceWitnessTest {
  @TempDir Path dir;
  private TestHub hub;
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  private record Device(DeviceAgent agent, String serial, Path data, Ed25519KeyPair evidenceKey) {
    EvidenceLog log() {
      return agent.evidence().orElseThrow().log().orElseThrow();
    }

    String origin() {
      return "primum.evidence/" + serial;
    }
  }

  private Device device(String serial) throws Exception {
    Path data = dir.resolve(serial);
    DeviceAgent agent = hub.enroll(serial, data);
    return new Device(
        agent, serial, data, EvidenceKeys.loadOrCreate(data.resolve("evidence"), random));
  }

  private HubLink link(Device device) {
    return HubLink.create(
        hub.uri(),
        hub.hub().pki().caCertificate(),
        Optional.of(device.agent().identity().orElseThrow().tlsIdentity()),
        random,
        Duration.ofSeconds(10),
        Optional.empty());
  }

  private HubLink.Response post(Device device, EvidenceUpload upload) throws Exception {
    return link(device)
        .post(
            "/api/v1/devices/" + device.serial() + "/evidence",
            "application/json",
            Json.write(upload),
            Map.of());
  }

  /** Builds uploads of arbitrary logs signed with a device's evidence key. */
  private static final class Forger {
    final MerkleTree tree = new MerkleTree();
    final List<byte[]> entries = new ArrayList<>();
    final Ed25519KeyPair key;
    final String origin;

    Forger(Ed25519KeyPair key, String origin) {
      this.key = key;
      this.origin = origin;
    }

    Forger add(byte[] entry) {
      entries.add(entry);
      tree.append(MerkleHashes.leaf(entry));
      return this;
    }

    Forger add(long boot, long monotonic, String message) throws Exception {
      return add(
          new EvidenceEntry(
                  entries.size(),
                  "2026-11-22T12:00:00Z",
                  monotonic,
                  boot,
                  "forged.event",
                  Severity.INFO,
                  JsonNodeFactory.instance.objectNode().put("message", message))
              .encode());
    }

    String checkpoint(long size) {
      return new Checkpoint(origin, size, tree.root(size)).sign(key);
    }

    EvidenceUpload upload(long from, long to) {
      List<String> proof =
          from == 0
              ? List.of()
              : tree.consistencyProof(from, to).stream()
                  .map(Base64.getEncoder()::encodeToString)
                  .toList();
      List<String> sent =
          entries.subList((int) from, (int) to).stream()
              .map(Base64.getEncoder()::encodeToString)
              .toList();
      return new EvidenceUpload(
          checkpoint(to), from, proof, sent, NoteVerifierKey.of(origin, key.publicKey()).text());
    }
  }

  /** A forger holding a copy of the first {@code count} entries of the device's honest log. */
  private Forger honestCopy(Device device, long count) throws Exception {
    Forger forger = new Forger(device.evidenceKey(), device.origin());
    for (long i = 0; i < count; i++) {
      forger.add(device.log().entryBytes(i));
    }
    return forger;
  }

  private long heldSize(Device device) {
    return hub.hub().evidence().log(device.serial()).orElseThrow().size();
  }

  private void assertIncident(HubLink.Response response, String kind) throws Exception {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(409);
    JsonNode body = Json.readTree(response.body());
    assertThat(body.path("error").asText()).isEqualTo("evidence-incident");
    assertThat(body.path("message").asText()).contains("(" + kind + ")");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void honestDevice_isWitnessed_andRecordsTheSignedReceipt(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Device device = device("PUMP-0001");
    device.agent().recordEvent("security.login.failed", Severity.WARNING, "biomed PIN wrong");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    EvidenceUploader uploader = device.agent().evidence().orElseThrow().uploader().orElseThrow();
    long witnessed = uploader.witnessedSize();
    assertThat(witnessed).isGreaterThanOrEqualTo(3);
    assertThat(heldSize(device)).isEqualTo(witnessed);
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
    assertThat(heldSize(device)).isGreaterThan(witnessed);
    assertThat(hub.hub().evidence().log(device.serial()).orElseThrow().integrity()).isEqualTo("OK");
    assertThat(hub.hub().evidence().incidents(device.serial())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void forksReplaysRollbacksAndWrongKeys_becomeIncidents_andOverwriteNothing(TestHub.Db db)
      throws Exception {
    hub = TestHub.start(db, dir);
    Device device = device("PUMP-0002");
    device.agent().recordEvent("test.event", Severity.INFO, "one");
    device.agent().recordEvent("test.event", Severity.INFO, "two");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    long held = heldSize(device);
    String heldRoot = hub.hub().evidence().log(device.serial()).orElseThrow().rootHash();

    // A fork at the same size: other entries, same key.
    Forger fork = new Forger(device.evidenceKey(), device.origin());
    for (int i = 0; i < held; i++) {
      fork.add(1, i, "rewritten " + i);
    }
    assertIncident(post(device, fork.upload(0, held)), "fork");

    // A longer log that does not extend the held one.
    fork.add(1, 99, "more").add(1, 100, "more");
    assertIncident(post(device, fork.upload(held, held + 2)), "inconsistent");

    // Replaying an older checkpoint (a rollback).
    Forger honest = honestCopy(device, held);
    EvidenceUpload old =
        new EvidenceUpload(
            honest.checkpoint(held - 1),
            0,
            List.of(),
            List.of(),
            NoteVerifierKey.of(device.origin(), device.evidenceKey().publicKey()).text());
    assertIncident(post(device, old), "rollback");

    // A checkpoint signed by another key under the device's key name.
    Ed25519KeyPair other = Ed25519KeyPair.generate(random);
    EvidenceUpload wrongKey =
        new EvidenceUpload(
            new Checkpoint(device.origin(), held, Base64.getDecoder().decode(heldRoot)).sign(other),
            held,
            List.of(),
            List.of(),
            NoteVerifierKey.of(device.origin(), device.evidenceKey().publicKey()).text());
    assertIncident(post(device, wrongKey), "wrong-key");

    // Presenting another evidence key altogether.
    Forger stranger = new Forger(other, device.origin());
    stranger.add(1, 1, "x");
    assertIncident(post(device, stranger.upload(0, 1)), "wrong-key");

    // A checkpoint that names another log, correctly signed.
    String otherOrigin =
        SignedNote.sign(
            new Checkpoint("primum.evidence/PUMP-9999", held, Base64.getDecoder().decode(heldRoot))
                .text(),
            device.origin(),
            device.evidenceKey());
    assertIncident(
        post(
            device,
            new EvidenceUpload(
                otherOrigin,
                held,
                List.of(),
                List.of(),
                NoteVerifierKey.of(device.origin(), device.evidenceKey().publicKey()).text())),
        "wrong-origin");

    // Nothing held was overwritten, and every incident kept both checkpoints.
    var log = hub.hub().evidence().log(device.serial()).orElseThrow();
    assertThat(log.size()).isEqualTo(held);
    assertThat(log.rootHash()).isEqualTo(heldRoot);
    assertThat(log.integrity()).isEqualTo("INCIDENT");
    var incidents = hub.hub().evidence().incidents(device.serial());
    assertThat(incidents)
        .extracting(EvidenceService.IncidentView::kind)
        .containsExactlyInAnyOrder(
            "fork", "inconsistent", "rollback", "wrong-key", "wrong-key", "wrong-origin");
    assertThat(incidents)
        .allSatisfy(
            i -> {
              assertThat(i.heldCheckpoint()).contains(device.origin());
              assertThat(i.presentedCheckpoint()).isNotBlank();
            });
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void alteredDuplicatedOrBackwardsEntries_areCaught(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Device device = device("PUMP-0003");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    long held = heldSize(device);

    // Entries altered after signing: the checkpoint is honest, one entry is not.
    Forger honest = honestCopy(device, held);
    honest.add(7, 1, "honest a").add(7, 2, "honest b");
    EvidenceUpload upload = honest.upload(held, held + 2);
    List<String> altered = new ArrayList<>(upload.entries());
    altered.set(
        1,
        Base64.getEncoder()
            .encodeToString(
                new EvidenceEntry(
                        held + 1,
                        "2026-11-22T12:00:00Z",
                        2,
                        7,
                        "forged.event",
                        Severity.INFO,
                        JsonNodeFactory.instance.objectNode().put("message", "edited"))
                    .encode()));
    assertIncident(
        post(
            device,
            new EvidenceUpload(
                upload.checkpoint(),
                held,
                upload.consistencyProof(),
                altered,
                upload.evidenceKey())),
        "entries-mismatch");

    // A duplicated entry in place of the next one.
    List<String> duplicated = new ArrayList<>(upload.entries());
    duplicated.set(1, duplicated.get(0));
    assertIncident(
        post(
            device,
            new EvidenceUpload(
                upload.checkpoint(),
                held,
                upload.consistencyProof(),
                duplicated,
                upload.evidenceKey())),
        "entry-sequence");
    assertThat(heldSize(device)).isEqualTo(held);

    // Time going backwards within one boot: the consistent, signed entries are kept, and flagged.
    Forger backwards = honestCopy(device, held);
    backwards.add(9, 5_000, "later").add(9, 4_000, "earlier?");
    HubLink.Response response = post(device, backwards.upload(held, held + 2));
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(heldSize(device)).isEqualTo(held + 2);
    assertThat(hub.hub().evidence().incidents(device.serial()))
        .extracting(EvidenceService.IncidentView::kind)
        .contains("timestamps-backwards");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void storageRolledBackOnTheDevice_isCaughtByTheHubsReceipts(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Device device = device("PUMP-0004");
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    // Copy the device's evidence storage, then let it log and upload more.
    Path snapshot = dir.resolve("snapshot");
    copyTree(device.data().resolve("evidence"), snapshot);
    for (int i = 0; i < 5; i++) {
      device.agent().recordEvent("test.event", Severity.INFO, "after snapshot " + i);
    }
    assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    long held = heldSize(device);
    device.agent().close();
    // Roll the storage back to the old copy and start the device again.
    deleteTree(device.data().resolve("evidence"));
    copyTree(snapshot, device.data().resolve("evidence"));
    DeviceAgent restarted = hub.agent(device.data(), java.time.Clock.systemUTC(), TestHub.IDLE);
    restarted.enrollIfNeeded(Optional.empty(), Optional.empty());
    restarted.recordEvent("test.event", Severity.INFO, "after rollback");
    restarted.reportNow();
    assertThat(restarted.evidence().orElseThrow().uploader().orElseThrow().uploadOnce())
        .isEqualTo(EvidenceUploader.Outcome.INCIDENT);
    assertThat(heldSize(device)).isEqualTo(held);
    assertThat(hub.hub().evidence().incidents(device.serial()))
        .extracting(EvidenceService.IncidentView::kind)
        .containsAnyOf("rollback", "inconsistent");
    // The device raises a visible alarm in its next status report.
    restarted.reportNow();
    assertThat(hub.hub().fleet().device(device.serial()).orElseThrow().device().highestAlarm())
        .get()
        .extracting(a -> a.code())
        .isEqualTo("EVIDENCE_INTEGRITY_INCIDENT");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void staff_seeIntegrityPerDevice_andDevicesOnlyTheirOwnLog(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Device a = device("PUMP-000A");
    Device b = device("PUMP-000B");
    assertThat(a.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(b.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    HubLink.Response other =
        link(a)
            .post(
                "/api/v1/devices/PUMP-000B/evidence",
                "application/json",
                Json.write(honestCopy(a, 1).upload(0, 1)),
                Map.of());
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
        .contains("\"PUMP-000A\":\"" + heldSize(a) + " · OK\"");
    assertThat(viewer.getJson("/api/v1/devices/PUMP-000A/evidence?severity=LOUD").statusCode())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void investigator_exportsABundleThatVerifiesOffline(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Device device = device("PUMP-0005");
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
    assertThat(report.to()).isEqualTo(heldSize(device));
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

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals(".lock")) {
          Files.copy(path, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
