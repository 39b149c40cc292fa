package org.primum.device.update.attacks.fastforward;

import static org.assertj.core.api.Assertions.assertThat;
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
 * Fast-forward (TUF §1.5.2, §5.3.11): with a stolen online key an attacker inflates version numbers
 * so that every later genuine version looks like a rollback. The repository recovers by rotating
 * the stolen key in a new root; the client then forgets its trusted timestamp and snapshot.
 */
class FastForwardTest {
  @TempDir Path dir;

  @Test
  void check_timestampFastForwardedThenKeyRotated_recovers() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);
    // The attacker holds the timestamp key and signs version 1000.
    long genuine = s.image.versions.get("timestamp");
    s.image.versions.put("timestamp", 999L);
    s.image.publish();
    client.check(1);
    // The repository, unaware, goes on from its own counter: refused as a rollback.
    s.image.versions.put("timestamp", genuine);
    s.image.publish();
    assertThatThrownBy(() -> client.check(1)).isInstanceOf(TufRejection.Rollback.class);

    // Recovery: rotate the timestamp key in a new root.
    s.image.rotate("timestamp", 1, 1);
    s.image.versions.put("timestamp", genuine);
    s.image.publish();

    assertThat(client.check(1)).isPresent();
    assertThat(s.imageRepository()).isNotNull();
  }

  @Test
  void check_targetsVersionFastForwardedInSnapshotThenSnapshotKeyRotated_recovers()
      throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);
    // The attacker holds the snapshot key and lists targets.json at version 1000.
    TufMetadata.Snapshot current = s.image.currentSnapshot();
    Map<String, TufMetadata.MetaFile> inflated = new TreeMap<>(current.meta());
    inflated.put("targets.json", TufMetadata.MetaFile.of(1000));
    s.image.publishSnapshot(inflated);
    assertThatThrownBy(() -> client.check(1)).isInstanceOf(java.io.FileNotFoundException.class);
    // A genuine snapshot afterwards is refused: targets.json would go back from 1000.
    s.image.publish();
    assertThatThrownBy(() -> client.check(1)).isInstanceOf(TufRejection.Rollback.class);

    // Recovery: rotate the snapshot key.
    s.image.rotate("snapshot", 1, 1);
    s.image.publish();

    assertThat(client.check(1)).isPresent();
  }

  @Test
  void check_rotationOfTheSnapshotKey_deletesTrustedTimestampAndSnapshot() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);
    s.image.rotate("snapshot", 1, 1);
    // The repository serves no timestamp for a moment: the cycle stops after the root step.
    byte[] timestamp = s.image.files.remove("timestamp.json");

    assertThatThrownBy(() -> client.check(1)).isInstanceOf(java.io.IOException.class);
    assertThat(s.state.resolve("image/timestamp.json")).doesNotExist();
    assertThat(s.state.resolve("image/snapshot.json")).doesNotExist();
    assertThat(timestamp).isNotNull();
  }
}
