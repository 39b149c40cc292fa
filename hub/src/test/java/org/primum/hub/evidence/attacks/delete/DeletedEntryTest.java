package org.primum.hub.evidence.attacks.delete;

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
import org.primum.device.link.HubLink;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/** Attack: delete one entry — from the device's disk, from an upload, from a bundle. */
class DeletedEntryTest {
  @TempDir Path dir;
  private final DiskLogs disk = new DiskLogs();

  @Test
  void onDisk_aRemovedFrame_isTampering() throws Exception {
    Path copy =
        disk.tamperedCopy(
            dir,
            "delete",
            bytes -> {
              LogFrames.Frame inBatch = DiskLogs.entryFrames(bytes).get(7);
              return DiskLogs.splice(bytes, inBatch.offset(), inBatch.end(), new byte[0]);
            });
    // Depending on how the appends were grouped into commits, the hole shows as an entry out of
    // sequence or as a checkpoint covering more entries than precede it: tampering either way.
    assertThatThrownBy(() -> disk.open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .satisfies(
            e ->
                assertThat(((EvidenceTampered) e).code())
                    .isIn("entry-sequence", "checkpoint-size"));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inTransit_aDroppedEntry_isRefused_andAReSignedHole_isAnIncident(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-DELETE");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger honest = scene.honestCopy(device, held);
      honest.add(3, 1, "a").add(3, 2, "b").add(3, 3, "c");
      EvidenceUpload upload = honest.upload(held, held + 3);
      List<String> dropped = new ArrayList<>(upload.entries());
      dropped.remove(1);
      HubLink.Response response =
          scene.post(
              device,
              new EvidenceUpload(
                  upload.checkpoint(),
                  held,
                  upload.consistencyProof(),
                  dropped,
                  upload.evidenceKey()));
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.bodyText()).contains("entry-count");
      assertThat(scene.heldSize(device)).isEqualTo(held);

      // The device's key signs a log with entry held+1 left out: the hole is in the numbering.
      Scene.Forger holed = scene.honestCopy(device, held);
      holed.add(Scene.Forger.entry(held, 3, 1, "a")).add(Scene.Forger.entry(held + 2, 3, 3, "c"));
      Scene.assertIncident(scene.post(device, holed.upload(held, held + 2)), "entry-sequence");
      scene.assertHeldUnchanged(device, held, root);
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inABundle_aRemovedEntry_failsNamingIt(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-DELETE");
      Path tampered =
          scene.withEntries(
              scene.exportBundle(device),
              lines -> {
                lines.remove(2);
                return lines;
              });
      assertThatThrownBy(() -> scene.verify(tampered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("entry 2: expected entry 2, found entry 3");
    }
  }
}
