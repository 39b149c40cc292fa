package org.primum.device.update.attacks.rollback;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateScenario;

/**
 * Rollback (TUF §1.5.2): an attacker replays older, validly signed metadata or an older release so
 * that the device goes back to software with known flaws.
 */
class RollbackTest {
  @TempDir Path dir;

  @Test
  void check_olderTimestampReplayed_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    byte[] old = s.image.files.get("timestamp.json");
    s.release("0.3.0", 3);
    UpdateClient client = s.client();
    client.check(2);

    s.image.files.put("timestamp.json", old);

    assertThatThrownBy(() -> client.check(2))
        .isInstanceOf(TufRejection.Rollback.class)
        .hasMessageContaining("timestamp");
  }

  @Test
  void check_newTimestampNamingAnOlderSnapshot_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    long oldSnapshot = s.image.versions.get("snapshot");
    byte[] oldSnapshotBytes = s.image.files.get(oldSnapshot + ".snapshot.json");
    s.release("0.3.0", 3);
    UpdateClient client = s.client();
    client.check(2);

    s.image.publishTimestamp(TufMetadata.MetaFile.of(oldSnapshot, oldSnapshotBytes));

    assertThatThrownBy(() -> client.check(2))
        .isInstanceOf(TufRejection.Rollback.class)
        .hasMessageContaining("snapshot version in timestamp");
  }

  @Test
  void check_snapshotNamingAnOlderTargets_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    TufMetadata.Snapshot before = s.image.currentSnapshot();
    s.release("0.3.0", 3);
    UpdateClient client = s.client();
    client.check(2);

    Map<String, TufMetadata.MetaFile> meta = new TreeMap<>(before.meta());
    s.image.publishSnapshot(meta);

    assertThatThrownBy(() -> client.check(2))
        .isInstanceOf(TufRejection.Rollback.class)
        .hasMessageContaining("targets.json");
  }

  @Test
  void check_olderRootServedAsTheNextVersion_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.rotate("root", 1, 1);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);

    s.image.files.put("3.root.json", s.image.root(2));

    assertThatThrownBy(() -> client.check(1))
        .isInstanceOf(TufRejection.class)
        .hasMessageContaining("root");
  }

  @Test
  void check_olderDirectorAssignmentReplayed_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    byte[] old = s.director.files.get("targets.json");
    s.release("0.3.0", 3);
    UpdateClient client = s.client();
    client.check(2);

    s.director.files.put("targets.json", old);

    assertThatThrownBy(() -> client.check(2))
        .isInstanceOf(TufRejection.Rollback.class)
        .hasMessageContaining("director targets");
  }

  @Test
  void check_assignedReleaseCounterBelowInstalled_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);

    assertThatThrownBy(() -> s.client().check(3))
        .isInstanceOf(TufRejection.ReleaseRollback.class)
        .hasMessageContaining("release counter 2 is below the installed release counter 3");
  }
}
