package org.primum.device.update.attacks.keycompromise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.core.tuf.TufSigner;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateScenario;

/**
 * Key compromise below the threshold (TUF §1.5.2 "vulnerability to key compromises"): an attacker
 * with fewer keys than a role's threshold can sign nothing the device accepts.
 */
class KeyCompromiseTest {
  @TempDir Path dir;

  @Test
  void check_targetsSignedWithOneOfTwoRequiredKeys_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.rotate("targets", 3, 2);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    assertThat(client.check(1)).isPresent();

    List<TufSigner> all = s.image.signers.get("targets");
    s.image.signers.put("targets", List.of(all.get(0)));
    s.release("6.6.6", 3);

    assertThatThrownBy(() -> client.check(2))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("needs 2 valid signatures")
        .hasMessageContaining("found 1");
  }

  @Test
  void check_rootRotationSignedWithOneOfTwoRequiredOldKeys_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.rotate("root", 3, 2);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);

    // The attacker holds one of the three root keys and makes its own keys the root keys.
    TufSigner stolen = s.image.signers.get("root").get(0);
    s.image.signers.put("root", List.of(s.image.newSigner()));
    s.image.thresholds.put("root", 1);
    s.image.extraRootSigners.add(stolen);
    s.image.publishRoot();

    assertThatThrownBy(() -> client.check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("by the keys of v2");
  }

  @Test
  void check_newRootNotSignedByItsOwnThreshold_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    // Root v2 names two new keys with threshold 2, but only one of them signed it (plus the old).
    TufSigner old = s.image.signers.get("root").get(0);
    List<TufSigner> newKeys = List.of(s.image.newSigner(), s.image.newSigner());
    s.image.signers.put("root", newKeys);
    s.image.thresholds.put("root", 2);
    TufMetadata.Root root = s.image.publishRoot();
    s.image.files.put("2.root.json", SignedMetadata.sign(root, List.of(old, newKeys.get(0))));

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("by its own keys");
  }
}
