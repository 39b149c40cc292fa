package org.primum.hub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;
import org.primum.hub.updates.OfflineSigning;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.updates.UpdateRepository;

/**
 * A test hub's image repository with one root and one targets key (threshold 1 each), and releases
 * published the way {@code primum release publish} does: the image and its SBOM as TUF targets,
 * signed notes, an optional gate justification.
 */
public final class TestReleases {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final UpdateRepository repository;
  private final TufSigner targetsKey = TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM));

  private TestReleases(UpdateRepository repository) {
    this.repository = repository;
  }

  /** Initializes {@code hub}'s repository: root v1 and empty targets v1. */
  public static TestReleases initialize(TestHub hub) throws Exception {
    TestReleases releases = new TestReleases(hub.hub().updates());
    UpdateRepository repository = releases.repository;
    TufSigner root = TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM));
    Clock clock = Clock.systemUTC();
    repository.initialize(
        OfflineSigning.sign(
            OfflineSigning.root(
                1,
                clock.instant().plus(Duration.ofDays(365)),
                new OfflineSigning.RoleSpec(List.of(root.key()), 1),
                new OfflineSigning.RoleSpec(List.of(releases.targetsKey.key()), 1),
                repository.onlineKeys().snapshotKey(),
                repository.onlineKeys().timestampKey()),
            List.of(root)),
        OfflineSigning.sign(
            OfflineSigning.initialTargets(
                clock.instant().plus(Duration.ofDays(90)), Optional.empty()),
            List.of(releases.targetsKey)),
        "test");
    return releases;
  }

  /**
   * Publishes {@code image} as rp-1 {@code version} with release counter {@code counter}, its
   * {@code sbom} beside it, notes {@code "Release VERSION. " + why} and {@code why} as the gate
   * justification.
   */
  public ReleaseSummary publish(Path image, Path sbom, String version, long counter, String why)
      throws Exception {
    byte[] notes = ("Release " + version + ". " + why).getBytes(StandardCharsets.UTF_8);
    Clock clock = Clock.systemUTC();
    TufMetadata.Targets current =
        OfflineSigning.parseTargets(repository.currentTargets().orElseThrow());
    String path = OfflineSigning.firmwarePath("rp-1", image.getFileName().toString());
    TufMetadata.Targets withImage =
        OfflineSigning.withTarget(
            current,
            path,
            TufMetadata.TargetFile.of(
                Files.readAllBytes(image),
                Optional.of(
                    OfflineSigning.firmwareCustom(
                        version, "rp-1", counter, Hashes.sha256Hex(notes)))),
            clock.instant().plus(Duration.ofDays(90)));
    TufMetadata.Targets both =
        OfflineSigning.withTarget(
            withImage,
            OfflineSigning.sbomPath(path),
            TufMetadata.TargetFile.of(Files.readAllBytes(sbom), Optional.empty()),
            withImage.expires());
    TufMetadata.Targets next =
        new TufMetadata.Targets(
            both.specVersion(),
            current.version() + 1,
            both.expires(),
            both.targets(),
            both.delegations());
    return repository.publish(
        new UpdateRepository.Publication(
            image,
            version,
            "rp-1",
            notes,
            Optional.of(sbom),
            OfflineSigning.sign(next, List.of(targetsKey)),
            Optional.of(why)),
        "staff:rm");
  }
}
