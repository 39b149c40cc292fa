package org.primum.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufRejection;

/**
 * Offline updates from a directory or USB bundle: the same verification, plus a bounded freshness
 * window (the bundle's timestamp may expire at most the window after the device's time).
 */
class OfflineBundleTest {
  @TempDir Path dir;

  private static void export(Map<String, byte[]> files, Path to) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = to.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
  }

  private Path bundle(UpdateScenario s) throws IOException {
    Path bundle = dir.resolve("usb");
    export(s.image.files, bundle.resolve("tuf"));
    export(s.director.files, bundle.resolve("director"));
    return bundle;
  }

  @Test
  void offlineBundle_withinTheWindow_isVerifiedAndDownloaded() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client =
        UpdateClient.offline(
            s.state,
            bundle(s),
            RepositoryFixture.SERIAL,
            RepositoryFixture.HARDWARE,
            s.clock,
            s.limits,
            Duration.ofDays(14));

    VerifiedTarget target = client.check(1).orElseThrow();
    Path slot = dir.resolve("slot-b.img");
    client.download(target, slot);

    assertThat(Files.readAllBytes(slot)).isEqualTo(UpdateScenario.firmware("0.2.0"));
  }

  @Test
  void offlineBundle_timestampValidForLongerThanTheWindow_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.expires.put("timestamp", RepositoryFixture.NOW.plus(Duration.ofDays(365)));
    s.release("0.2.0", 2);
    UpdateClient client =
        UpdateClient.offline(
            s.state,
            bundle(s),
            RepositoryFixture.SERIAL,
            RepositoryFixture.HARDWARE,
            s.clock,
            s.limits,
            Duration.ofDays(14));

    assertThatThrownBy(() -> client.check(1))
        .isInstanceOf(TufRejection.StaleBundle.class)
        .hasMessageContaining("more than 14 days");
  }

  @Test
  void offlineBundle_olderThanWhatTheDeviceTrusts_isRefusedAsRollback() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    Path old = bundle(s);
    Path copy = dir.resolve("old-usb");
    export(s.image.files, copy.resolve("tuf"));
    export(s.director.files, copy.resolve("director"));
    s.release("0.3.0", 3);
    s.client().check(2);

    UpdateClient offline =
        UpdateClient.offline(
            s.state,
            copy,
            RepositoryFixture.SERIAL,
            RepositoryFixture.HARDWARE,
            s.clock,
            s.limits,
            Duration.ofDays(14));

    assertThatThrownBy(() -> offline.check(2)).isInstanceOf(TufRejection.Rollback.class);
    assertThat(old).exists();
  }

  @Test
  void directoryFetcher_pathLeavingTheBundle_isRefused() throws Exception {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle);
    Files.writeString(dir.resolve("secret"), "secret");
    DirectoryFetcher fetcher = new DirectoryFetcher(bundle);

    for (String path :
        new String[] {"../secret", "a/../../secret", "/secret", "", "a//b", "..\\secret"}) {
      assertThatThrownBy(() -> fetcher.open(path, 0))
          .as(path)
          .isInstanceOf(FileNotFoundException.class);
    }
  }

  @Test
  void directoryFetcher_symbolicLinkOutOfTheBundle_isRefused() throws Exception {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle);
    Files.writeString(dir.resolve("secret"), "secret");
    Files.createSymbolicLink(bundle.resolve("timestamp.json"), dir.resolve("secret"));

    assertThatThrownBy(() -> new DirectoryFetcher(bundle).open("timestamp.json", 0))
        .isInstanceOf(FileNotFoundException.class);
  }
}
