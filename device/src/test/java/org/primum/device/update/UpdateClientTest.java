package org.primum.device.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;

/** The update client's ordinary work: assignments, downloads, resumption, persistence. */
class UpdateClientTest {
  @TempDir Path dir;

  @Test
  void check_assignedAndVouchedRelease_isVerifiedTarget() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile file = s.release("0.2.0", 2);

    Optional<VerifiedTarget> target = s.client().check(1);

    assertThat(target).isPresent();
    assertThat(target.get().path()).isEqualTo("firmware/rp-1/primum-rp1-0.2.0.fw");
    assertThat(target.get().version()).isEqualTo("0.2.0");
    assertThat(target.get().releaseCounter()).isEqualTo(2);
    assertThat(target.get().hardwareId()).isEqualTo("rp-1");
    assertThat(target.get().file().hashes()).isEqualTo(file.hashes());
  }

  @Test
  void check_nothingAssigned_isEmpty() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.publishRelease("0.2.0", 2);

    assertThat(s.client().check(1)).isEmpty();
  }

  @Test
  void check_assignmentIsWhatIsInstalled_isEmpty() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);

    assertThat(s.client().check(2)).isEmpty();
  }

  @Test
  void download_verifiedTarget_writesExactlyTheImage() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    VerifiedTarget target = client.check(1).orElseThrow();
    Path slot = dir.resolve("slot-b.img");

    client.download(target, slot);

    assertThat(Files.readAllBytes(slot)).isEqualTo(UpdateScenario.firmware("0.2.0"));
  }

  @Test
  void download_fileHoldsAPrefix_resumesFromItsLength() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    VerifiedTarget target = client.check(1).orElseThrow();
    byte[] image = UpdateScenario.firmware("0.2.0");
    Path slot = dir.resolve("slot-b.img");
    Files.write(slot, java.util.Arrays.copyOf(image, 1000));
    s.image.requests.clear();

    List<Long> offsets = new java.util.ArrayList<>();
    Fetcher counting =
        (path, offset) -> {
          offsets.add(offset);
          return s.image.fetcher().open(path, offset);
        };
    new UpdateClient(
            s.state,
            counting,
            s.director.fetcher(),
            RepositoryFixture.SERIAL,
            RepositoryFixture.HARDWARE,
            s.clock,
            s.limits)
        .download(target, slot);

    assertThat(Files.readAllBytes(slot)).isEqualTo(image);
    assertThat(offsets).containsExactly(1000L);
  }

  @Test
  void check_secondCheckWithNoChange_fetchesOnlyRootProbeAndTimestamps() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);
    s.image.requests.clear();
    s.director.requests.clear();

    client.check(1);

    assertThat(s.image.metadataRequests()).containsExactly("2.root.json", "timestamp.json");
    assertThat(s.director.metadataRequests()).containsExactly("2.root.json", "targets.json");
  }

  @Test
  void check_newClientOnTheSameState_reusesTrustedMetadataFromDisk() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    s.client().check(1);
    s.image.requests.clear();

    assertThat(s.client().check(1)).isPresent();

    assertThat(s.image.metadataRequests()).containsExactly("2.root.json", "timestamp.json");
    assertThat(s.state.resolve("image/root.json")).exists();
    assertThat(s.state.resolve("image/snapshot.json")).exists();
    assertThat(s.state.resolve("director/targets.json")).exists();
  }

  @Test
  void check_newerRelease_replacesTheAssignment() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    assertThat(client.check(1).orElseThrow().version()).isEqualTo("0.2.0");

    s.release("0.3.0", 3);

    assertThat(client.check(2).orElseThrow().version()).isEqualTo("0.3.0");
  }

  @Test
  void check_rootRotatedTwice_followsTheChainOneVersionAtATime() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.rotate("root", 1, 1);
    s.image.rotate("root", 2, 2);
    s.image.publish();
    s.release("0.2.0", 2);

    assertThat(s.client().check(1)).isPresent();

    assertThat(s.image.metadataRequests())
        .startsWith("2.root.json", "3.root.json", "4.root.json", "timestamp.json");
  }

  @Test
  void findImageTarget_drugLibraryInTerminatingDelegation_isFound() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "pharmacy", List.of("druglib/*"), true, 3, 2);
    TufMetadata.TargetFile library =
        s.image.addTarget(
            "pharmacy", "druglib/icu-2026.json", "{\"drugs\":[]}".getBytes(), Optional.empty());
    s.image.publish();
    UpdateClient client = s.client();

    Optional<TufMetadata.TargetFile> found = client.findImageTarget("druglib/icu-2026.json");

    assertThat(found).contains(library);
    Path file = dir.resolve("library.json");
    client.downloadImageTarget("druglib/icu-2026.json", found.get(), file);
    assertThat(Files.readString(file)).isEqualTo("{\"drugs\":[]}");
    assertThat(s.image.metadataRequests()).contains("1.pharmacy.json");
  }

  @Test
  void check_timestampExpiresLater_isStillAcceptedUntilThen() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    UpdateClient client = s.client();
    client.check(1);

    s.clock.advance(Duration.ofHours(23));

    assertThat(client.check(1)).isPresent();
  }
}
