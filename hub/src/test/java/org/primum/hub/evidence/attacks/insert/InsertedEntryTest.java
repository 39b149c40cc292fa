package org.primum.hub.evidence.attacks.insert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.BundleRejection;
import org.primum.device.evidence.EvidenceTampered;
import org.primum.device.evidence.LogFrames;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/** Attack: insert a forged entry among real ones — on disk, in an upload, in a bundle. */
class InsertedEntryTest {
  @TempDir Path dir;
  private final DiskLogs disk = new DiskLogs();

  @Test
  void onDisk_aWellFormedForgedFrame_isTampering() throws Exception {
    Path copy =
        disk.tamperedCopy(
            dir,
            "insert",
            bytes -> {
              // A valid frame (correct CRC) holding a canonical entry numbered 2, before entry 2.
              LogFrames.Frame third = DiskLogs.entryFrames(bytes).get(2);
              byte[] forged = LogFrames.frame(LogFrames.ENTRY, Scene.Forger.entry(2, 1, 5, "x"));
              return DiskLogs.splice(bytes, third.offset(), third.offset(), forged);
            });
    assertThatThrownBy(() -> disk.open(copy)).isInstanceOf(EvidenceTampered.class);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inTransit_anEntrySlippedIntoASignedUpload_isAnIncident(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-INSERT");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger forged = scene.honestCopy(device, held);
      forged
          .add(Scene.Forger.entry(held, 4, 1, "real"))
          .add(Scene.Forger.entry(held + 1, 4, 2, "inserted"))
          .add(Scene.Forger.entry(held + 1, 4, 3, "real, now second of its number"));
      Scene.assertIncident(scene.post(device, forged.upload(held, held + 3)), "entry-sequence");
      scene.assertHeldUnchanged(device, held, root);
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inABundle_anInsertedEntry_failsNamingIt(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-INSERT");
      String forged = new String(Scene.Forger.entry(3, 1, 5, "inserted"), StandardCharsets.UTF_8);
      Path tampered =
          scene.withEntries(
              scene.exportBundle(device),
              lines -> {
                lines.add(3, forged);
                return lines;
              });
      assertThatThrownBy(() -> scene.verify(tampered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("entry 4: expected entry 4, found entry 3");
    }
  }
}
