package org.primum.hub.evidence.attacks.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.device.link.HubLink;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: replay an old, genuinely signed checkpoint to make the hub believe the log is shorter.
 * Re-sending the current checkpoint is harmless and answered idempotently.
 */
class ReplayedCheckpointTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void anOlderCheckpoint_isARollbackIncident_andTheCurrentOneIsIdempotent(TestHub.Db db)
      throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-REPLAY");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger honest = scene.honestCopy(device, held);

      EvidenceUpload same =
          new EvidenceUpload(honest.checkpoint(held), held, List.of(), List.of(), device.keyText());
      HubLink.Response again = scene.post(device, same);
      assertThat(again.status()).as(again.bodyText()).isEqualTo(200);
      assertThat(scene.incidentKinds(device)).isEmpty();

      EvidenceUpload old =
          new EvidenceUpload(
              honest.checkpoint(held - 1), 0, List.of(), List.of(), device.keyText());
      Scene.assertIncident(scene.post(device, old), "rollback");
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsExactly("rollback");
    }
  }
}
