package org.primum.hub.evidence.attacks.truncatetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceLog;
import org.primum.device.evidence.EvidenceUploader;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: cut the newest entries off the log. A cut at a checkpoint boundary leaves a valid,
 * shorter log, so the device's disk alone cannot prove it; the device's memory of the hub's last
 * receipt and the hub's own copy do.
 */
class TruncatedTailTest {
  @TempDir Path dir;

  @Test
  void onDisk_aCutAtACheckpoint_looksLikeAShorterLog_toTheDiskAlone() throws Exception {
    DiskLogs disk = new DiskLogs();
    DiskLogs.Written written = disk.writeSample(dir.resolve("original"));
    long[] earlier = written.checkpointEnds().get(3);
    Path copy = Files.createDirectories(dir.resolve("cut"));
    Files.write(
        copy.resolve(written.segment().getFileName()),
        java.util.Arrays.copyOf(written.bytes(), (int) earlier[0]));
    try (EvidenceLog log = disk.open(copy)) {
      assertThat(log.size()).isEqualTo(earlier[1]);
      assertThat(log.recovery().tornBytesCut()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void onADevice_theCutIsSeenAgainstTheHubsReceipt_andTheHubRecordsARollback(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-TRUNC");
      for (int i = 0; i < 5; i++) {
        device.agent().recordEvent("safety.alarm.raised", Severity.CRITICAL, "occlusion " + i);
      }
      assertThat(device.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      device.agent().close();

      long kept = DiskLogs.cutBack(device.data().resolve("evidence"), 2);
      assertThat(kept).isLessThan(held);
      DeviceAgent restarted = scene.restart(device);
      EvidenceUploader uploader = restarted.evidence().orElseThrow().uploader().orElseThrow();
      assertThat(uploader.uploadOnce()).isEqualTo(EvidenceUploader.Outcome.INCIDENT);
      assertThat(uploader.lastProblem()).contains("only");
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).contains("rollback");
      // The device logged what it saw, and its next report raises a visible alarm.
      EvidenceLog log = restarted.evidence().orElseThrow().log().orElseThrow();
      boolean recorded = false;
      for (long i = kept; i < log.size(); i++) {
        recorded |= log.entry(i).type().equals("evidence.rollback-detected");
      }
      assertThat(recorded).as("evidence.rollback-detected in the device's own log").isTrue();
      restarted.reportNow();
      assertThat(scene.hub().hub().fleet().device(device.serial()).orElseThrow().device())
          .satisfies(
              d ->
                  assertThat(d.highestAlarm())
                      .get()
                      .extracting(a -> a.code())
                      .isEqualTo("EVIDENCE_INTEGRITY_INCIDENT"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inABundle_missingTailEntries_areRefused(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-TRUNC");
      Path tampered =
          scene.withEntries(
              scene.exportBundle(device), lines -> lines.subList(0, lines.size() - 2));
      assertThatThrownBy(() -> scene.verify(tampered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("promises entries");
    }
  }
}
