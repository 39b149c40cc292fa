package org.primum.device.update.attacks.arbitraryinstallation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.RepositoryFixture;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateScenario;
import org.primum.device.update.VerifiedTarget;

/**
 * Arbitrary installation (TUF §1.5.2): an attacker serves files of its choosing. Without a
 * threshold of trusted keys nothing they serve is accepted.
 */
class ArbitraryInstallationTest {
  @TempDir Path dir;

  @Test
  void download_imageReplacedOnTheWire_isRefusedAndDeleted() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    VerifiedTarget target = client.check(1).orElseThrow();
    byte[] genuine = UpdateScenario.firmware("0.2.0");
    byte[] malicious = genuine.clone();
    malicious[100] ^= 1;
    String served = "targets/firmware/rp-1/" + Hashes.sha256Hex(genuine) + ".primum-rp1-0.2.0.fw";
    s.image.files.put(served, malicious);
    Path slot = dir.resolve("slot-b.img");

    assertThatThrownBy(() -> client.download(target, slot))
        .isInstanceOf(TufRejection.LengthOrHashMismatch.class);
    assertThat(slot).doesNotExist();
  }

  @Test
  void check_targetsSignedWithOnlineKeysButNotTheTargetsKey_isRefused() throws Exception {
    // The hub holds the timestamp and snapshot keys; an attacker who stole them signs targets
    // metadata listing a malicious image with a key of its own.
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    s.image.signers.put("targets", List.of(s.image.newSigner()));
    s.release("6.6.6", 3);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("targets");
  }

  @Test
  void check_timestampSignedByAnUnknownKey_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.signers.put("timestamp", List.of(s.image.newSigner()));
    s.release("0.2.0", 2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("timestamp");
  }

  @Test
  void check_directorAssignmentSignedByAnUnknownKey_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.director.signers.put("targets", List.of(s.director.newSigner()));
    s.release("0.2.0", 2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("director targets");
  }

  @Test
  void check_rootReplacedByAnAttackerRoot_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.signers.put("root", List.of(s.image.newSigner()));
    s.image.publishRoot();
    s.release("0.2.0", 2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("root v2");
    assertThat(RepositoryFixture.HARDWARE).isEqualTo("rp-1");
  }
}
