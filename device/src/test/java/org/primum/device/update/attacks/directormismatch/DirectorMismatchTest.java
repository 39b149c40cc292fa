package org.primum.device.update.attacks.directormismatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.RepositoryFixture;
import org.primum.device.update.UpdateScenario;

/**
 * A compromised director (its key is online, on the hub) assigns something the image repository
 * (offline targets keys) does not vouch for (Uptane "full verification"): refused.
 */
class DirectorMismatchTest {
  @TempDir Path dir;

  @Test
  void check_directorAssignsAnUnknownImage_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.publishRelease("0.2.0", 2);
    TufMetadata.TargetFile evil =
        TufMetadata.TargetFile.of(UpdateScenario.firmware("evil"), Optional.empty());
    s.director.assign(
        "firmware/rp-1/evil.fw", evil, RepositoryFixture.HARDWARE, RepositoryFixture.SERIAL, 9);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.DirectorMismatch.class)
        .hasMessageContaining("no such target");
  }

  @Test
  void check_directorAssignsAKnownPathWithOtherHashes_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile genuine = s.publishRelease("0.2.0", 2);
    byte[] evil = UpdateScenario.firmware("0.2.0").clone();
    evil[0] ^= 1;
    TufMetadata.TargetFile substituted = TufMetadata.TargetFile.of(evil, Optional.empty());
    assertThat(substituted.length()).isEqualTo(genuine.length());
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"),
        substituted,
        RepositoryFixture.HARDWARE,
        RepositoryFixture.SERIAL,
        2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.DirectorMismatch.class)
        .hasMessageContaining("the image repository has");
  }

  @Test
  void check_directorAssignsAKnownPathWithAnotherLength_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile genuine = s.publishRelease("0.2.0", 2);
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"),
        new TufMetadata.TargetFile(genuine.length() + 1, genuine.hashes(), Optional.empty()),
        RepositoryFixture.HARDWARE,
        RepositoryFixture.SERIAL,
        2);

    assertThatThrownBy(() -> s.client().check(1)).isInstanceOf(TufRejection.DirectorMismatch.class);
  }

  @Test
  void check_directorClaimsAHigherReleaseCounterThanTheImage_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile genuine = s.publishRelease("0.2.0", 2);
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"),
        genuine,
        RepositoryFixture.HARDWARE,
        RepositoryFixture.SERIAL,
        7);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.DirectorMismatch.class)
        .hasMessageContaining("release counter");
  }

  @Test
  void check_directorHashesOnlyInAnUnsupportedAlgorithm_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile genuine = s.publishRelease("0.2.0", 2);
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"),
        new TufMetadata.TargetFile(genuine.length(), Map.of("md5", "00"), Optional.empty()),
        RepositoryFixture.HARDWARE,
        RepositoryFixture.SERIAL,
        2);

    assertThatThrownBy(() -> s.client().check(1)).isInstanceOf(TufRejection.DirectorMismatch.class);
  }

  @Test
  void check_imageVouchesThroughADelegatedRole_isAccepted() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "firmware", List.of("firmware/*/*"), true, 1, 1);
    com.fasterxml.jackson.databind.node.ObjectNode custom =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    custom.put("version", "0.2.0");
    custom.putArray("hardwareIds").add("rp-1");
    custom.put("releaseCounter", 2);
    TufMetadata.TargetFile file =
        s.image.addTarget(
            "firmware",
            UpdateScenario.firmwarePath("0.2.0"),
            UpdateScenario.firmware("0.2.0"),
            Optional.of(custom));
    s.image.publish();
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"),
        file,
        RepositoryFixture.HARDWARE,
        RepositoryFixture.SERIAL,
        2);

    assertThat(s.client().check(1)).isPresent();
  }
}
