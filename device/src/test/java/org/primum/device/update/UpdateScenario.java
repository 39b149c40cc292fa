package org.primum.device.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.primum.core.tuf.TufMetadata;
import org.primum.testing.FakeClock;

/**
 * One device, one image repository and one director, all fakes with real signatures: the setting of
 * every update-client test. The device's trusted roots are provisioned in {@code state}.
 */
public final class UpdateScenario {
  public static final SecureRandom RANDOM = new SecureRandom();

  public final RepositoryFixture image = RepositoryFixture.image(RANDOM);
  public final RepositoryFixture director = RepositoryFixture.director(RANDOM);
  public final FakeClock clock = new FakeClock(RepositoryFixture.NOW);
  public final Path state;
  public UpdateLimits limits = UpdateLimits.defaults();

  public UpdateScenario(Path dir) throws IOException {
    this.state = dir.resolve("state");
    image.provision(state.resolve("image"));
    director.provision(state.resolve("director"));
  }

  public static String firmwarePath(String version) {
    return "firmware/rp-1/primum-rp1-" + version + ".fw";
  }

  public static byte[] firmware(String version) {
    return ("firmware image " + version + " for the reference pump\n")
        .repeat(64)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Publishes a release in the image repository (not yet assigned). */
  public TufMetadata.TargetFile publishRelease(String version, long counter) {
    TufMetadata.TargetFile file =
        image.addFirmware(firmwarePath(version), firmware(version), version, counter);
    image.publish();
    return file;
  }

  /** Publishes a release and has the director assign it to this device. */
  public TufMetadata.TargetFile release(String version, long counter) {
    TufMetadata.TargetFile file = publishRelease(version, counter);
    director.assign(
        firmwarePath(version), file, RepositoryFixture.HARDWARE, RepositoryFixture.SERIAL, counter);
    return file;
  }

  public UpdateClient client() {
    return new UpdateClient(
        state,
        image.fetcher(),
        director.fetcher(),
        RepositoryFixture.SERIAL,
        RepositoryFixture.HARDWARE,
        clock,
        limits);
  }

  /** The image repository alone, as the conformance CLI uses it. */
  public TufRepository imageRepository() {
    Fetcher fetcher = image.fetcher();
    return TufRepository.open(
        state.resolve("image"),
        fetcher,
        (path, offset) -> fetcher.open("targets/" + path, offset),
        clock,
        limits);
  }
}
