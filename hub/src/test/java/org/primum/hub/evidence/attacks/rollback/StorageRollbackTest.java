package org.primum.hub.evidence.attacks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceUploader;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: roll the device's whole evidence storage (log, receipts, everything) back to an older
 * copy. The device cannot know; the hub's copy can.
 */
class StorageRollbackTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void anOlderCopyOfTheStorage_isCaughtByTheHub_andRaisesAnAlarm(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-ROLLBACK");
      Path snapshot = dir.resolve("snapshot");
      Scene.copyTree(device.data().resolve("evidence"), snapshot);
      for (int i = 0; i < 5; i++) {
        device.agent().recordEvent("safety.alarm.raised", Severity.CRITICAL, "after snapshot " + i);
      }
      assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      device.agent().close();

      Scene.deleteTree(device.data().resolve("evidence"));
      Scene.copyTree(snapshot, device.data().resolve("evidence"));
      DeviceAgent restarted = scene.restart(device);
      restarted.recordEvent("safety.dose.programmed", Severity.NOTICE, "after rollback");
      restarted.reportNow();
      assertThat(restarted.evidence().orElseThrow().uploader().orElseThrow().uploadOnce())
          .isEqualTo(EvidenceUploader.Outcome.INCIDENT);
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsAnyOf("rollback", "inconsistent");
      restarted.reportNow();
      assertThat(
              scene
                  .hub()
                  .hub()
                  .fleet()
                  .device(device.serial())
                  .orElseThrow()
                  .device()
                  .highestAlarm())
          .get()
          .extracting(a -> a.code())
          .isEqualTo("EVIDENCE_INTEGRITY_INCIDENT");
    }
  }
}
