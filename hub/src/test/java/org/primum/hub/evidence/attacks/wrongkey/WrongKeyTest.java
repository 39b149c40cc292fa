package org.primum.hub.evidence.attacks.wrongkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.EvidenceBundles;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.device.evidence.EvidenceTampered;
import org.primum.device.evidence.LogFrames;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.EvidenceService;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: a checkpoint signed by a wrong or unknown key — under the device's key name, with a
 * stranger's key, naming another log; on disk; and a bundle from another hub.
 */
class WrongKeyTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void uploadsSignedByAnyOtherKey_areIncidents(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-WRONGKEY");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Ed25519KeyPair other = Ed25519KeyPair.generate(random);

      // The held root, signed by another key under the device's key name.
      String forged =
          new Checkpoint(device.origin(), held, Base64.getDecoder().decode(root)).sign(other);
      Scene.assertIncident(
          scene.post(
              device, new EvidenceUpload(forged, held, List.of(), List.of(), device.keyText())),
          "wrong-key");

      // A stranger's key presented as the device's evidence key.
      Scene.Forger stranger = new Scene.Forger(other, device.origin());
      stranger.add(1, 1, "x");
      Scene.assertIncident(scene.post(device, stranger.upload(0, 1)), "wrong-key");

      // The device's real key, but the checkpoint names another device's log.
      String otherLog =
          SignedNote.sign(
              new Checkpoint(
                      EvidenceService.originOf("PUMP-9999"), held, Base64.getDecoder().decode(root))
                  .text(),
              device.origin(),
              device.evidenceKey());
      Scene.assertIncident(
          scene.post(
              device, new EvidenceUpload(otherLog, held, List.of(), List.of(), device.keyText())),
          "wrong-origin");

      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device))
          .containsExactlyInAnyOrder("wrong-key", "wrong-key", "wrong-origin");
    }
  }

  @Test
  void onDisk_aCheckpointReSignedByAnotherKey_isTampering() throws Exception {
    DiskLogs disk = new DiskLogs();
    Ed25519KeyPair forger = Ed25519KeyPair.generate(random);
    Path copy =
        disk.tamperedCopy(
            dir,
            "forged",
            bytes -> {
              int offset = 0;
              while (true) {
                LogFrames.Frame frame = LogFrames.read(bytes, offset);
                if (frame.kind() == LogFrames.CHECKPOINT && offset > 0) {
                  try {
                    Checkpoint c =
                        Checkpoint.parse(SignedNote.parse(frame.payload()).unverifiedText());
                    byte[] resigned =
                        LogFrames.frame(
                            LogFrames.CHECKPOINT, c.sign(forger).getBytes(StandardCharsets.UTF_8));
                    return DiskLogs.splice(bytes, frame.offset(), frame.end(), resigned);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
                offset = (int) frame.end();
              }
            });
    assertThatThrownBy(() -> disk.open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("no signature by a trusted key");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aBundleCheckedAgainstAnotherHubsKey_isRefused(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-WRONGKEY");
      Path bundle = scene.exportBundle(device);
      NoteVerifierKey otherHub =
          NoteVerifierKey.of(
              scene.hub().hub().evidence().receiptKey().name(),
              Ed25519KeyPair.generate(random).publicKey());
      assertThatThrownBy(
              () -> EvidenceBundles.verify(bundle, Optional.of(otherHub), false, n -> {}))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("another hub key");
    }
  }
}
