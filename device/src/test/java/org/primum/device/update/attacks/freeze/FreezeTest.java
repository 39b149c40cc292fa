package org.primum.device.update.attacks.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.RepositoryFixture;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateScenario;

/**
 * Indefinite freeze (TUF §1.5.2): an attacker keeps serving the same, once valid metadata so the
 * device never learns about a fix. Every role's expiry is checked against the fixed update start
 * time (TUF §5.1).
 */
class FreezeTest {
  @TempDir Path dir;

  @Test
  void check_expiredTimestampKeptBeingServed_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);

    s.clock.advance(Duration.ofDays(2));

    assertThatThrownBy(() -> client.check(1))
        .isInstanceOf(TufRejection.Expired.class)
        .hasMessageContaining("timestamp");
  }

  @Test
  void check_freshTimestampOverAnExpiredSnapshot_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.expires.put("snapshot", RepositoryFixture.NOW.plus(Duration.ofHours(1)));
    s.release("0.2.0", 2);
    s.clock.advance(Duration.ofHours(2));
    s.image.expires.put("timestamp", s.clock.instant().plus(Duration.ofDays(1)));
    s.image.publishTimestamp(
        org.primum.core.tuf.TufMetadata.MetaFile.of(
            s.image.versions.get("snapshot"),
            s.image.files.get(s.image.versions.get("snapshot") + ".snapshot.json")));

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.Expired.class)
        .hasMessageContaining("snapshot");
  }

  @Test
  void check_expiredTargetsKeptBeingServed_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.expires.put("targets", RepositoryFixture.NOW.plus(Duration.ofHours(1)));
    s.release("0.2.0", 2);
    s.clock.advance(Duration.ofHours(2));

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.Expired.class)
        .hasMessageContaining("targets");
  }

  @Test
  void check_expiredRoot_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    s.clock.advance(Duration.ofDays(400));
    s.image.expires.put("timestamp", s.clock.instant().plus(Duration.ofDays(1)));
    s.image.expires.put("snapshot", s.clock.instant().plus(Duration.ofDays(1)));
    s.image.expires.put("targets", s.clock.instant().plus(Duration.ofDays(1)));
    s.director.expires.put("targets", s.clock.instant().plus(Duration.ofDays(1)));
    s.director.publish();
    s.image.publish();

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.Expired.class)
        .hasMessageContaining("root");
  }

  @Test
  void check_expiredDirectorAssignment_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.director.expires.put("targets", RepositoryFixture.NOW.plus(Duration.ofHours(1)));
    s.release("0.2.0", 2);
    s.clock.advance(Duration.ofHours(2));

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.Expired.class)
        .hasMessageContaining("director targets");
  }

  @Test
  void findImageTarget_expiredDelegatedRole_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.expires.put("pharmacy", RepositoryFixture.NOW.plus(Duration.ofHours(1)));
    s.image.delegate("targets", "pharmacy", List.of("druglib/*"), true, 1, 1);
    s.image.addTarget("pharmacy", "druglib/a.json", new byte[] {1}, Optional.empty());
    s.image.publish();
    s.clock.advance(Duration.ofHours(2));

    assertThatThrownBy(() -> s.client().findImageTarget("druglib/a.json"))
        .isInstanceOf(TufRejection.Expired.class)
        .hasMessageContaining("pharmacy");
  }

  @Test
  void check_repositoryResignsAfterAFreeze_recovers() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);
    s.clock.advance(Duration.ofDays(2));
    assertThatThrownBy(() -> client.check(1)).isInstanceOf(TufRejection.Expired.class);

    s.image.expires.put("timestamp", s.clock.instant().plus(Duration.ofDays(1)));
    s.image.publish();

    assertThat(client.check(1)).isPresent();
  }
}
