package org.primum.hub.evidence.attacks.truncateandcontinue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceLog;
import org.primum.device.evidence.EvidenceUploader;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: cut the newest entries off and keep logging, so the log grows past what the hub holds
 * with a different history — with and without also erasing the device's memory of the hub's
 * receipts.
 */
class TruncateAndContinueTest {
  @TempDir Path dir;

  private static long cutAndContinue(Scene scene, Scene.Device device, boolean eraseReceipts)
      throws Exception {
    long held = scene.heldSize(device);
    device.agent().close();
    DiskLogs.cutBack(device.data().resolve("evidence"), 2);
    if (eraseReceipts) {
      Files.delete(device.data().resolve("evidence/witnessed"));
      Files.delete(device.data().resolve("evidence/last-receipt"));
    }
    DeviceAgent restarted = scene.restart(device);
    EvidenceLog log = restarted.evidence().orElseThrow().log().orElseThrow();
    for (int i = 0; i < held + 5; i++) {
      log.append(
          "safety.dose.programmed",
          Severity.NOTICE,
          JsonNodeFactory.instance.objectNode().put("message", "rewritten " + i));
    }
    EvidenceUploader uploader = restarted.evidence().orElseThrow().uploader().orElseThrow();
    EvidenceUploader.Outcome outcome = EvidenceUploader.Outcome.RETRY;
    for (int i = 0; i < 3 && outcome == EvidenceUploader.Outcome.RETRY; i++) {
      outcome = uploader.uploadOnce();
    }
    assertThat(outcome).isEqualTo(EvidenceUploader.Outcome.INCIDENT);
    assertThat(log.size()).isGreaterThan(held);
    return held;
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void theDeviceSeesItAgainstItsLastReceipt_andTheHubRecordsTheFork(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-CUTCONT");
      String root = scene.heldRoot(device);
      long held = cutAndContinue(scene, device, false);
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsAnyOf("fork", "rollback");
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void withTheDevicesReceiptsErasedToo_theHubFindsTheNewLogInconsistent(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-CUTCONT");
      String root = scene.heldRoot(device);
      long held = cutAndContinue(scene, device, true);
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsExactly("inconsistent");
    }
  }
}
