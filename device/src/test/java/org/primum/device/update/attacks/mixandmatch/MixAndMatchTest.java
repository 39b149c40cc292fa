package org.primum.device.update.attacks.mixandmatch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.UpdateScenario;

/**
 * Mix-and-match (TUF §1.5.2): an attacker combines metadata files that never existed together. Each
 * file must be the one the role above names, by hashes (TUF §5.5.2, §5.6.2) and version (TUF
 * §5.5.4, §5.6.4).
 */
class MixAndMatchTest {
  @TempDir Path dir;

  @Test
  void check_olderSnapshotServedUnderTheCurrentName_isRefusedByItsHash() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    byte[] old = s.image.files.get(s.image.versions.get("snapshot") + ".snapshot.json");
    s.release("0.3.0", 3);

    s.image.files.put(s.image.versions.get("snapshot") + ".snapshot.json", old);

    assertThatThrownBy(() -> s.client().check(2))
        .isInstanceOf(TufRejection.LengthOrHashMismatch.class)
        .hasMessageContaining("snapshot");
  }

  @Test
  void check_olderTargetsServedUnderTheCurrentName_isRefusedByItsHash() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    byte[] old = s.image.files.get(s.image.versions.get("targets") + ".targets.json");
    s.release("0.3.0", 3);

    s.image.files.put(s.image.versions.get("targets") + ".targets.json", old);

    assertThatThrownBy(() -> s.client().check(2))
        .isInstanceOf(TufRejection.LengthOrHashMismatch.class)
        .hasMessageContaining("targets");
  }

  @Test
  void check_snapshotWithoutHashesAndOlderTargetsServed_isRefusedByItsVersion() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    long oldVersion = s.image.versions.get("targets");
    byte[] old = s.image.files.get(oldVersion + ".targets.json");
    s.release("0.3.0", 3);
    long current = s.image.versions.get("targets");
    // A snapshot that lists versions only (allowed by TUF §4.4).
    Map<String, TufMetadata.MetaFile> meta = new TreeMap<>();
    meta.put("targets.json", TufMetadata.MetaFile.of(current));
    s.image.publishSnapshot(meta);

    s.image.files.put(current + ".targets.json", old);

    assertThatThrownBy(() -> s.client().check(2))
        .isInstanceOf(TufRejection.VersionMismatch.class)
        .hasMessageContaining("expected version " + current + ", found " + oldVersion);
  }

  @Test
  void check_snapshotOfAnotherVersionThanTheTimestampNames_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    long oldVersion = s.image.versions.get("snapshot");
    byte[] old = s.image.files.get(oldVersion + ".snapshot.json");
    s.release("0.3.0", 3);
    long current = s.image.versions.get("snapshot");
    s.image.publishTimestamp(TufMetadata.MetaFile.of(current));
    s.image.versions.put("snapshot", current);

    s.image.files.put(current + ".snapshot.json", old);

    assertThatThrownBy(() -> s.client().check(2))
        .isInstanceOf(TufRejection.VersionMismatch.class)
        .hasMessageContaining("snapshot");
  }
}
