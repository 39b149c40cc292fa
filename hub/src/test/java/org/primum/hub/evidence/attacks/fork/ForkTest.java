package org.primum.hub.evidence.attacks.fork;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: fork the log — a second history signed with the device's own key, either of the same size
 * (two roots for one size) or longer but not extending what the hub holds.
 */
class ForkTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void twoCheckpointsOfTheSameSize_areAFork(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-FORK");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger fork = new Scene.Forger(device.evidenceKey(), device.origin());
      for (int i = 0; i < held; i++) {
        fork.add(1, i, "rewritten " + i);
      }
      Scene.assertIncident(scene.post(device, fork.upload(0, held)), "fork");
      scene.assertHeldUnchanged(device, held, root);
      // Both checkpoints are kept as proof: the hub's, and the one presented.
      var incident = scene.hub().hub().evidence().incidents(device.serial()).get(0);
      assertThat(incident.kind()).isEqualTo("fork");
      assertThat(incident.presentedCheckpoint()).contains("\n" + held + "\n");
      assertThat(incident.heldCheckpoint()).contains(root);
      assertThat(incident.presentedCheckpoint()).doesNotContain(root);
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aLongerLogThatDoesNotExtendTheHeldOne_isInconsistent(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-FORK");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger fork = new Scene.Forger(device.evidenceKey(), device.origin());
      for (int i = 0; i < held + 2; i++) {
        fork.add(1, i, "rewritten " + i);
      }
      Scene.assertIncident(scene.post(device, fork.upload(held, held + 2)), "inconsistent");
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device)).containsExactly("inconsistent");
    }
  }
}
