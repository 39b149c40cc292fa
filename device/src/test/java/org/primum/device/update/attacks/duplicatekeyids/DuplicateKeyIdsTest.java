package org.primum.device.update.attacks.duplicatekeyids;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.core.tuf.TufSigner;
import org.primum.device.update.UpdateScenario;

/**
 * Duplicate key ids (TUF §5.3.4 "a threshold of unique keys"): one key's signature repeated, or one
 * key listed twice for a role, counts once.
 */
class DuplicateKeyIdsTest {
  @TempDir Path dir;

  @Test
  void check_oneSignatureRepeatedToReachAThresholdOfTwo_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.rotate("targets", 2, 2);
    s.release("0.2.0", 2);
    TufSigner stolen = s.image.signers.get("targets").get(0);
    // Targets signed twice by the same key, then snapshot and timestamp by the online keys.
    long version = s.image.versions.get("targets") + 1;
    s.image.addFirmware(
        UpdateScenario.firmwarePath("6.6.6"), UpdateScenario.firmware("6.6.6"), "6.6.6", 3);
    TufMetadata.Targets targets = s.image.targetsMetadata("targets", version);
    byte[] forged = SignedMetadata.sign(targets, List.of(stolen, stolen, stolen));
    s.image.versions.put("targets", version);
    s.image.files.put(version + ".targets.json", forged);
    s.image.publishSnapshot(
        java.util.Map.of("targets.json", TufMetadata.MetaFile.of(version, forged)));

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("found 1");
  }

  @Test
  void check_rootListingOneKeyTwiceForAThresholdOfTwo_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    TufSigner key = s.image.signers.get("timestamp").get(0);
    // The repository (or an attacker with the root key) lists the timestamp key twice.
    TufMetadata.Root current =
        TufMetadata.Root.parse(SignedMetadata.parse(s.image.root(1)).signed());
    java.util.Map<String, TufMetadata.RoleKeys> roles = new java.util.TreeMap<>(current.roles());
    roles.put(
        "timestamp", new TufMetadata.RoleKeys(List.of(key.key().keyId(), key.key().keyId()), 2));
    TufMetadata.Root doubled =
        new TufMetadata.Root(
            current.specVersion(), 2, current.expires(), true, current.keys(), roles);
    s.image.files.put("2.root.json", SignedMetadata.sign(doubled, s.image.signers.get("root")));
    byte[] timestamp =
        SignedMetadata.sign(
            TufMetadata.Timestamp.parse(
                SignedMetadata.parse(s.image.files.get("timestamp.json")).signed()),
            List.of(key, key));
    s.image.files.put("timestamp.json", timestamp);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("timestamp")
        .hasMessageContaining("found 1");
  }
}
