package org.primum.hub.evidence.attacks.duplicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.device.evidence.EvidenceTampered;
import org.primum.device.evidence.LogFrames;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/** Attack: duplicate an entry (a replayed event) — on disk, in an upload, in a bundle. */
class DuplicateEntriesTest {
  @TempDir Path dir;
  private final DiskLogs disk = new DiskLogs();

  @Test
  void onDisk_aDuplicatedFrame_isTampering() throws Exception {
    Path copy =
        disk.tamperedCopy(
            dir,
            "duplicate",
            bytes -> {
              LogFrames.Frame second = DiskLogs.entryFrames(bytes).get(1);
              byte[] again = LogFrames.frame(LogFrames.ENTRY, second.payload());
              return DiskLogs.splice(bytes, second.end(), second.end(), again);
            });
    assertThatThrownBy(() -> disk.open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("expected entry 2, found entry 1");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inTransit_aDuplicatedEntry_isAnIncident_signedOrNot(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-DUP");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger honest = scene.honestCopy(device, held);
      honest.add(7, 1, "a").add(7, 2, "b");
      EvidenceUpload upload = honest.upload(held, held + 2);
      List<String> duplicated = new ArrayList<>(upload.entries());
      duplicated.set(1, duplicated.get(0));
      Scene.assertIncident(
          scene.post(
              device,
              new EvidenceUpload(
                  upload.checkpoint(),
                  held,
                  upload.consistencyProof(),
                  duplicated,
                  upload.evidenceKey())),
          "entry-sequence");
      // The same duplicate under a checkpoint the device's key signed over it.
      Scene.Forger signed = scene.honestCopy(device, held);
      byte[] entry = Scene.Forger.entry(held, 7, 1, "a");
      signed.add(entry).add(entry);
      Scene.assertIncident(scene.post(device, signed.upload(held, held + 2)), "entry-sequence");
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsExactly("entry-sequence", "entry-sequence");
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inABundle_aDuplicatedLine_failsNamingIt(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-DUP");
      Path tampered =
          scene.withEntries(
              scene.exportBundle(device),
              lines -> {
                lines.add(3, lines.get(3));
                return lines;
              });
      assertThatThrownBy(() -> scene.verify(tampered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("entry 4: expected entry 4, found entry 3");
    }
  }
}
