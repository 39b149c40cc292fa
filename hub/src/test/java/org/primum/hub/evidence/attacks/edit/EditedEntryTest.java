package org.primum.hub.evidence.attacks.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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

/**
 * Attack: edit an entry after it was acknowledged — on the device's disk, in transit, in a bundle.
 */
class EditedEntryTest {
  @TempDir Path dir;
  private final DiskLogs disk = new DiskLogs();

  @Test
  void onDisk_aFlippedByteUnderALaterCheckpoint_isTampering() throws Exception {
    Path copy =
        disk.tamperedCopy(
            dir,
            "edit",
            bytes -> {
              LogFrames.Frame second = DiskLogs.entryFrames(bytes).get(1);
              bytes[(int) second.offset() + LogFrames.HEADER + 5] ^= 0x20;
              return bytes;
            });
    // A damaged frame followed by a valid checkpoint cannot be a torn tail: it is tampering.
    assertThatThrownBy(() -> disk.open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("valid later checkpoint");
  }

  @Test
  void onDisk_anEditWithARepairedCrc_failsTheSignedRoot() throws Exception {
    Path copy =
        disk.tamperedCopy(
            dir,
            "edit-crc",
            bytes -> {
              LogFrames.Frame second = DiskLogs.entryFrames(bytes).get(1);
              String json =
                  new String(second.payload(), StandardCharsets.UTF_8)
                      .replace("single 1", "single 7");
              byte[] frame =
                  LogFrames.frame(LogFrames.ENTRY, json.getBytes(StandardCharsets.UTF_8));
              return DiskLogs.splice(bytes, second.offset(), second.end(), frame);
            });
    assertThatThrownBy(() -> disk.open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("do not hash to its root");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inTransit_anEntryAlteredUnderAnHonestCheckpoint_isAnIncident(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-EDIT");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger honest = scene.honestCopy(device, held);
      honest.add(7, 1, "rate 5 ml/h").add(7, 2, "rate 6 ml/h");
      EvidenceUpload upload = honest.upload(held, held + 2);
      List<String> altered = new ArrayList<>(upload.entries());
      altered.set(
          1,
          Base64.getEncoder().encodeToString(Scene.Forger.entry(held + 1, 7, 2, "rate 60 ml/h")));
      Scene.assertIncident(
          scene.post(
              device,
              new EvidenceUpload(
                  upload.checkpoint(),
                  held,
                  upload.consistencyProof(),
                  altered,
                  upload.evidenceKey())),
          "entries-mismatch");
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsExactly("entries-mismatch");
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inABundle_anEditedEntry_failsTheDevicesSignedRoot(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-EDIT");
      Path bundle = scene.exportBundle(device);
      assertThat(scene.verify(bundle).to()).isEqualTo(scene.heldSize(device));
      Path tampered =
          scene.withEntries(
              bundle,
              lines -> {
                int i = indexOf(lines, "rate 2 ml/h");
                lines.set(i, lines.get(i).replace("rate 2 ml/h", "rate 9 ml/h"));
                return lines;
              });
      assertThatThrownBy(() -> scene.verify(tampered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("do not hash to the device's signed root")
          .satisfies(e -> assertThat(((BundleRejection) e).code()).isEqualTo("root-mismatch"));
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no entry contains " + text);
  }
}
