package org.primum.hub.evidence.attacks.reorder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
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

/** Attack: swap two entries — on disk, in an upload, in a bundle. */
class ReorderedEntriesTest {
  @TempDir Path dir;
  private final DiskLogs disk = new DiskLogs();

  @Test
  void onDisk_twoSwappedFrames_areTampering() throws Exception {
    Path copy =
        disk.tamperedCopy(
            dir,
            "reorder",
            bytes -> {
              List<LogFrames.Frame> frames = DiskLogs.entryFrames(bytes);
              LogFrames.Frame a = frames.get(6);
              LogFrames.Frame b = frames.get(7);
              byte[] fa = LogFrames.frame(LogFrames.ENTRY, a.payload());
              byte[] fb = LogFrames.frame(LogFrames.ENTRY, b.payload());
              if (fa.length != fb.length) {
                throw new IllegalStateException("the sample entries 6 and 7 have equal lengths");
              }
              // Swap the two frames in place (a checkpoint may lie between them).
              System.arraycopy(fb, 0, bytes, (int) a.offset(), fb.length);
              System.arraycopy(fa, 0, bytes, (int) b.offset(), fa.length);
              return bytes;
            });
    assertThatThrownBy(() -> disk.open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("expected entry 6, found entry 7");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inTransit_swappedEntriesUnderTheDevicesSignature_areAnIncident(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-REORDER");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger swapped = scene.honestCopy(device, held);
      swapped
          .add(Scene.Forger.entry(held + 1, 5, 2, "second"))
          .add(Scene.Forger.entry(held, 5, 1, "first"));
      Scene.assertIncident(scene.post(device, swapped.upload(held, held + 2)), "entry-sequence");
      scene.assertHeldUnchanged(device, held, root);
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void inABundle_swappedLines_failNamingTheEntry(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-REORDER");
      Path tampered =
          scene.withEntries(
              scene.exportBundle(device),
              lines -> {
                Collections.swap(lines, 1, 2);
                return lines;
              });
      assertThatThrownBy(() -> scene.verify(tampered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("entry 1: expected entry 1, found entry 2");
    }
  }
}
