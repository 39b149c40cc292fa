package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.core.tuf.TufSigner;
import org.primum.hub.TestHub;

/**
 * The image repository and director on SQLite and PostgreSQL: what is served verifies as a TUF
 * client checks it; refused publications name why and leave nothing behind; online metadata is
 * re-signed before it expires; root rotation needs both thresholds.
 */
class UpdateRepositoryTest {
  @TempDir Path dir;
  private RepositoryFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private RepositoryFixture fixture(TestHub.Db db) throws Exception {
    fx = new RepositoryFixture(db, dir);
    return fx;
  }

  private byte[] served(String file) {
    return fx.repository.metadata(file).orElseThrow(() -> new AssertionError("no " + file));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void publish_atThreshold_servesAVerifiableChainNamingTheImage(TestHub.Db db) throws Exception {
    fixture(db).initialized();
    assertThat(ClientWalk.walk(1, this::served).targets()).isEmpty();

    ReleaseSummary first = fx.publish("0.1.0", 1);
    ReleaseSummary second = fx.publish("0.2.0", fx.repository.nextReleaseCounter("rp-1"));

    TufMetadata.Targets targets = ClientWalk.walk(1, this::served);
    assertThat(targets.version()).isEqualTo(3);
    TufMetadata.TargetFile file = targets.targets().get("firmware/rp-1/primum-rp1-0.2.0.fw");
    byte[] image = "firmware 0.2.0".getBytes(StandardCharsets.UTF_8);
    assertThat(file.length()).isEqualTo(image.length);
    assertThat(file.hashes())
        .containsEntry("sha256", Hashes.sha256Hex(image))
        .containsKey("sha512");
    JsonNode custom = file.custom().orElseThrow();
    assertThat(custom.get("version").asText()).isEqualTo("0.2.0");
    assertThat(custom.get("hardwareIds").get(0).asText()).isEqualTo("rp-1");
    assertThat(custom.get("releaseCounter").asLong()).isEqualTo(2);
    assertThat(custom.get("notes").asText())
        .isEqualTo(Hashes.sha256Hex("Fixes things in 0.2.0.\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(
            fx.repository.targetFile(
                "firmware/rp-1/" + Hashes.sha256Hex(image) + ".primum-rp1-0.2.0.fw"))
        .hasValueSatisfying(p -> assertThat(p).hasBinaryContent(image));

    assertThat(second.releaseCounter()).isEqualTo(2);
    assertThat(fx.repository.releases())
        .extracting(ReleaseSummary::version)
        .containsExactly("0.2.0", "0.1.0");
    assertThat(fx.repository.release(first.id())).hasValue(first);
    assertThat(fx.repository.releaseByVersion("rp-1", "0.2.0")).hasValue(second);
    assertThat(fx.repository.roles())
        .extracting(UpdateRepository.RoleStatus::role, UpdateRepository.RoleStatus::version)
        .contains(
            org.assertj.core.groups.Tuple.tuple("root", 1L),
            org.assertj.core.groups.Tuple.tuple("targets", 3L),
            org.assertj.core.groups.Tuple.tuple("snapshot", 3L),
            org.assertj.core.groups.Tuple.tuple("timestamp", 3L));
    assertThat(fx.repository.roles().get(1).signedBy())
        .containsExactlyElementsOf(
            RepositoryFixture.keysOf(fx.targets.subList(0, 2)).stream()
                .map(org.primum.core.tuf.TufKey::keyId)
                .toList());
    assertThat(fx.audit.latest(10, "release.publish")).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void publish_refusals_nameWhy_andLeaveNothingBehind(TestHub.Db db) throws Exception {
    fixture(db).initialized();
    fx.publish("0.1.0", 1);
    Path image = fx.image("primum-rp1-0.2.0.fw", "firmware 0.2.0");
    byte[] notes = RepositoryFixture.notes("Fixes the flow sensor.\n");
    List<TufSigner> two = fx.targets.subList(0, 2);
    TufMetadata.Targets current =
        OfflineSigning.parseTargets(fx.repository.currentTargets().orElseThrow());
    List<String> failures = new ArrayList<>();

    // Key compromise below threshold: one targets key, or one key twice.
    expect(
        failures,
        "one key",
        publication(
            image,
            "0.2.0",
            notes,
            fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, notes, fx.targets.subList(0, 1))),
        TufRejection.ThresholdNotMet.class,
        "needs 2 valid signatures");
    expect(
        failures,
        "one key twice",
        publication(
            image,
            "0.2.0",
            notes,
            fx.signedTargetsFor(
                image, "0.2.0", "rp-1", 2, notes, List.of(fx.targets.get(0), fx.targets.get(0)))),
        TufRejection.ThresholdNotMet.class,
        "found 1");
    expect(
        failures,
        "root keys sign targets",
        publication(
            image,
            "0.2.0",
            notes,
            fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, notes, fx.root.subList(0, 2))),
        TufRejection.ThresholdNotMet.class,
        "targets metadata needs 2");
    // Wrong versions: replaying the current version, or skipping one.
    expect(
        failures,
        "same version",
        publication(
            image,
            "0.2.0",
            notes,
            fx.signedTargetsFor(current, current.version(), image, "0.2.0", "rp-1", 2, notes, two)),
        TufRejection.VersionMismatch.class,
        "expected version 3, found 2");
    expect(
        failures,
        "skipped version",
        publication(
            image,
            "0.2.0",
            notes,
            fx.signedTargetsFor(
                current, current.version() + 2, image, "0.2.0", "rp-1", 2, notes, two)),
        TufRejection.VersionMismatch.class,
        "found 4");
    // Anti-rollback counter that does not increase.
    expect(
        failures,
        "counter",
        publication(
            image, "0.2.0", notes, fx.signedTargetsFor(image, "0.2.0", "rp-1", 1, notes, two)),
        UpdateRefusal.class,
        "not above the highest published (1)");
    // The image is not the one signed.
    byte[] signedForOther = fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, notes, two);
    Files.writeString(image, "firmware 0.2.0 with a backdoor");
    expect(
        failures,
        "other image",
        publication(image, "0.2.0", notes, signedForOther),
        TufRejection.LengthOrHashMismatch.class,
        "image firmware/rp-1/primum-rp1-0.2.0.fw");
    Files.writeString(image, "firmware 0.2.0");
    // Notes: not the ones signed, garbage bytes, too large, empty.
    expect(
        failures,
        "other notes",
        publication(
            image,
            "0.2.0",
            RepositoryFixture.notes("Other notes"),
            fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, notes, two)),
        UpdateRefusal.class,
        "hash to");
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};
    expect(
        failures,
        "garbage notes",
        publication(
            image, "0.2.0", garbage, fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, garbage, two)),
        UpdateRefusal.class,
        "UTF-8 text");
    byte[] control = RepositoryFixture.notes("ok\u0000binary");
    expect(
        failures,
        "binary notes",
        publication(
            image, "0.2.0", control, fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, control, two)),
        UpdateRefusal.class,
        "control character U+0000");
    byte[] huge = RepositoryFixture.notes("x".repeat(UpdateRepository.MAX_NOTES_BYTES + 1));
    expect(
        failures,
        "huge notes",
        publication(
            image, "0.2.0", huge, fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, huge, two)),
        UpdateRefusal.class,
        "at most 65536 bytes");
    // Garbage instead of metadata; expired metadata.
    expect(
        failures,
        "garbage targets",
        publication(image, "0.2.0", notes, "not json at all".getBytes(StandardCharsets.UTF_8)),
        TufRejection.Malformed.class,
        "not valid JSON");
    byte[] expiring = fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, notes, two);
    fx.clock.advance(Duration.ofDays(91));
    expect(
        failures,
        "expired",
        publication(image, "0.2.0", notes, expiring),
        TufRejection.Expired.class,
        "expired at");
    fx.clock.set(fx.clock.instant().minus(Duration.ofDays(91)));
    // Dropping a published target.
    TufMetadata.Targets dropped =
        new TufMetadata.Targets(
            current.specVersion(),
            current.version() + 1,
            current.expires(),
            Map.of(),
            current.delegations());
    expect(
        failures,
        "drop",
        publication(image, "0.2.0", notes, SignedMetadata.sign(dropped, two)),
        UpdateRefusal.class,
        "drop the published target firmware/rp-1/primum-rp1-0.1.0.fw");
    // Bad names.
    expect(
        failures,
        "hardware",
        new UpdateRepository.Publication(
            image, "0.2.0", "../etc", notes, Optional.empty(), new byte[0], Optional.empty()),
        UpdateRefusal.class,
        "hardware id");

    assertThat(failures).isEmpty();
    assertThat(fx.repository.releases()).hasSize(1);
    assertThat(OfflineSigning.parseTargets(fx.repository.currentTargets().orElseThrow()).version())
        .isEqualTo(2);
    assertThat(fx.repository.metadata("3.targets.json")).isEmpty();
    assertThat(fx.repository.metadata("3.snapshot.json")).isEmpty();
    assertThat(fx.audit.latest(50, "release.publish"))
        .filteredOn(e -> e.toString().contains("refused"))
        .hasSizeGreaterThanOrEqualTo(10);
    // And after all that, the right publication still goes through.
    assertThat(
            fx.repository
                .publish(
                    publication(
                        image,
                        "0.2.0",
                        notes,
                        fx.signedTargetsFor(image, "0.2.0", "rp-1", 2, notes, two)),
                    "test")
                .releaseCounter())
        .isEqualTo(2);
  }

  private static UpdateRepository.Publication publication(
      Path image, String version, byte[] notes, byte[] signedTargets) {
    return new UpdateRepository.Publication(
        image, version, "rp-1", notes, Optional.empty(), signedTargets, Optional.empty());
  }

  private void expect(
      List<String> failures,
      String name,
      UpdateRepository.Publication publication,
      Class<? extends Exception> type,
      String message) {
    try {
      fx.repository.publish(publication, "test");
      failures.add(name + ": accepted");
    } catch (Exception e) {
      if (!type.isInstance(e) || !e.getMessage().contains(message)) {
        failures.add(name + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void onlineMetadata_isResignedWhenHalfItsLifetimeHasPassed(TestHub.Db db) throws Exception {
    fixture(db).initialized();
    assertThat(fx.repository.refreshExpiring()).isZero();
    fx.clock.advance(Duration.ofHours(11));
    assertThat(fx.repository.refreshExpiring()).isZero();
    fx.clock.advance(Duration.ofHours(2));
    assertThat(fx.repository.refreshExpiring()).isEqualTo(1);
    TufMetadata.Timestamp timestamp =
        TufMetadata.Timestamp.parse(SignedMetadata.parse(served("timestamp.json")).signed());
    assertThat(timestamp.version()).isEqualTo(2);
    assertThat(timestamp.expires()).isEqualTo(fx.clock.instant().plus(Duration.ofDays(1)));
    assertThat(timestamp.snapshot().version()).isEqualTo(1);
    // Snapshot (7 days) is due after 3.5 days; the timestamp naming it comes with it.
    fx.clock.advance(Duration.ofDays(3));
    assertThat(fx.repository.refreshExpiring()).isEqualTo(2);
    timestamp =
        TufMetadata.Timestamp.parse(SignedMetadata.parse(served("timestamp.json")).signed());
    assertThat(timestamp.snapshot().version()).isEqualTo(2);
    assertThat(ClientWalk.walk(1, this::served).version()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void rootRotation_needsTheOldAndTheNewThreshold(TestHub.Db db) throws Exception {
    fixture(db).initialized();
    List<TufSigner> newRoot = RepositoryFixture.signers(2);
    TufMetadata.Root v2 =
        OfflineSigning.root(
            2,
            RepositoryFixture.START.plus(Duration.ofDays(365)),
            new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(newRoot), 2),
            new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(fx.targets), 2),
            fx.repository.onlineKeys().snapshotKey(),
            fx.repository.onlineKeys().timestampKey());
    List<TufSigner> onlyNew = newRoot;
    List<TufSigner> oldAndOneNew = List.of(fx.root.get(0), fx.root.get(1), newRoot.get(0));
    assertThatThrownBy(
            () -> fx.repository.rotateRoot(OfflineSigning.sign(v2, onlyNew), Optional.empty(), "t"))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("keys of version 1");
    assertThatThrownBy(
            () ->
                fx.repository.rotateRoot(
                    OfflineSigning.sign(v2, oldAndOneNew), Optional.empty(), "t"))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("keys of version 2");
    List<TufSigner> both = new ArrayList<>(fx.root.subList(1, 3));
    both.addAll(newRoot);
    fx.repository.rotateRoot(OfflineSigning.sign(v2, both), Optional.empty(), "t");
    SignedMetadata served = SignedMetadata.parse(served("2.root.json"));
    served.verify("root", fx.rootV1().role("root"), fx.rootV1().keys());
    served.verify("root", v2.role("root"), v2.keys());
    assertThatThrownBy(
            () -> fx.repository.rotateRoot(OfflineSigning.sign(v2, both), Optional.empty(), "t"))
        .isInstanceOf(TufRejection.VersionMismatch.class);
    // Publishing still works under root v2.
    assertThat(fx.publish("0.1.0", 1).releaseCounter()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void rootRotation_changingTargetsKeys_needsTargetsSignedByTheNewKeys(TestHub.Db db)
      throws Exception {
    fixture(db).initialized();
    fx.publish("0.1.0", 1);
    List<TufSigner> newTargets = RepositoryFixture.signers(1);
    TufMetadata.Root v2 =
        OfflineSigning.root(
            2,
            RepositoryFixture.START.plus(Duration.ofDays(365)),
            new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(fx.root), 2),
            new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(newTargets), 1),
            fx.repository.onlineKeys().snapshotKey(),
            fx.repository.onlineKeys().timestampKey());
    byte[] signedRoot = OfflineSigning.sign(v2, fx.root.subList(0, 2));
    assertThatThrownBy(() -> fx.repository.rotateRoot(signedRoot, Optional.empty(), "t"))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("changes the targets keys");
    TufMetadata.Targets current =
        OfflineSigning.parseTargets(fx.repository.currentTargets().orElseThrow());
    byte[] oldKeysTargets =
        OfflineSigning.sign(
            OfflineSigning.reissued(current, RepositoryFixture.START.plus(Duration.ofDays(30))),
            fx.targets.subList(0, 2));
    assertThatThrownBy(() -> fx.repository.rotateRoot(signedRoot, Optional.of(oldKeysTargets), "t"))
        .isInstanceOf(TufRejection.ThresholdNotMet.class);
    byte[] newKeysTargets =
        OfflineSigning.sign(
            OfflineSigning.reissued(current, RepositoryFixture.START.plus(Duration.ofDays(30))),
            newTargets);
    fx.repository.rotateRoot(signedRoot, Optional.of(newKeysTargets), "t");
    TufMetadata.Targets walked = ClientWalk.walk(2, this::served);
    assertThat(walked.version()).isEqualTo(3);
    assertThat(walked.targets()).containsKey("firmware/rp-1/primum-rp1-0.1.0.fw");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void delegatedPharmacyTargets_needTheDelegationsThreshold(TestHub.Db db) throws Exception {
    fixture(db).initialized();
    byte[] library = "{\"drugs\":[]}".getBytes(StandardCharsets.UTF_8);
    TufMetadata.Targets pharmacy =
        new TufMetadata.Targets(
            TufMetadata.SPEC_VERSION,
            1,
            RepositoryFixture.START.plus(Duration.ofDays(30)),
            Map.of("druglib/icu.json", TufMetadata.TargetFile.of(library, Optional.empty())),
            Optional.empty());
    assertThatThrownBy(
            () ->
                fx.repository.publishDelegated(
                    "pharmacy",
                    SignedMetadata.sign(pharmacy, fx.pharmacy.subList(0, 1)),
                    Map.of("druglib/icu.json", library)))
        .isInstanceOf(TufRejection.ThresholdNotMet.class);
    assertThatThrownBy(
            () ->
                fx.repository.publishDelegated(
                    "pharmacy",
                    SignedMetadata.sign(pharmacy, fx.targets.subList(0, 2)),
                    Map.of("druglib/icu.json", library)))
        .isInstanceOf(TufRejection.ThresholdNotMet.class);
    TufMetadata.Targets outside =
        new TufMetadata.Targets(
            TufMetadata.SPEC_VERSION,
            1,
            RepositoryFixture.START.plus(Duration.ofDays(30)),
            Map.of("firmware/rp-1/evil.fw", TufMetadata.TargetFile.of(library, Optional.empty())),
            Optional.empty());
    assertThatThrownBy(
            () ->
                fx.repository.publishDelegated(
                    "pharmacy",
                    SignedMetadata.sign(outside, fx.pharmacy.subList(0, 2)),
                    Map.of("firmware/rp-1/evil.fw", library)))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("outside the paths delegated");
    fx.repository.publishDelegated(
        "pharmacy",
        SignedMetadata.sign(pharmacy, fx.pharmacy.subList(1, 3)),
        Map.of("druglib/icu.json", library));
    TufMetadata.Snapshot snapshot =
        TufMetadata.Snapshot.parse(SignedMetadata.parse(served("2.snapshot.json")).signed());
    assertThat(snapshot.meta().get("pharmacy.json").version()).isEqualTo(1);
    assertThat(Hashes.sha256Hex(served("1.pharmacy.json")))
        .isEqualTo(snapshot.meta().get("pharmacy.json").hashes().get("sha256"));
    assertThat(fx.repository.roles())
        .extracting(UpdateRepository.RoleStatus::role)
        .contains("pharmacy");
    // A firmware publication afterwards keeps the pharmacy's role in the snapshot.
    fx.publish("0.1.0", 1);
    snapshot = TufMetadata.Snapshot.parse(SignedMetadata.parse(served("3.snapshot.json")).signed());
    assertThat(snapshot.meta()).containsKeys("targets.json", "pharmacy.json");
    assertThatThrownBy(
            () ->
                fx.repository.publishDelegated(
                    "pharmacy", SignedMetadata.sign(pharmacy, fx.pharmacy.subList(0, 2)), Map.of()))
        .isInstanceOf(TufRejection.VersionMismatch.class);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void director_signsIncreasingVersions_perDevice_naming_theImageRepositorysTarget(TestHub.Db db)
      throws Exception {
    fixture(db).initialized();
    ReleaseSummary release = fx.publish("0.2.0", 2);
    Director director = fx.repository.director();
    SignedMetadata rootEnvelope = SignedMetadata.parse(director.root(1).orElseThrow());
    TufMetadata.Root root = TufMetadata.Root.parse(rootEnvelope.signed());
    rootEnvelope.verify("director root", root.role("root"), root.keys());

    TufMetadata.Targets empty = directorTargets("PUMP-0001", root);
    assertThat(empty.version()).isEqualTo(1);
    assertThat(empty.targets()).isEmpty();
    assertThat(directorTargets("PUMP-0001", root).version()).isEqualTo(1); // stable when served

    director.assign("PUMP-0001", release.id(), 17);
    TufMetadata.Targets assigned = directorTargets("PUMP-0001", root);
    assertThat(assigned.version()).isEqualTo(2);
    TufMetadata.TargetFile file = assigned.targets().get(release.targetPath());
    TufMetadata.TargetFile image =
        OfflineSigning.parseTargets(fx.repository.currentTargets().orElseThrow())
            .targets()
            .get(release.targetPath());
    assertThat(file.length()).isEqualTo(image.length());
    assertThat(file.hashes()).isEqualTo(image.hashes());
    JsonNode custom = file.custom().orElseThrow();
    assertThat(custom.size()).isEqualTo(4);
    assertThat(custom.get("hardwareId").asText()).isEqualTo("rp-1");
    assertThat(custom.get("releaseCounter").asLong()).isEqualTo(2);
    assertThat(custom.get("serial").asText()).isEqualTo("PUMP-0001");
    assertThat(custom.get("rollout").asLong()).isEqualTo(17);
    assertThat(director.assignment("PUMP-0001").orElseThrow().releaseId()).hasValue(release.id());
    assertThat(directorTargets("PUMP-0002", root).targets()).isEmpty();

    director.withdraw("PUMP-0001");
    TufMetadata.Targets withdrawn = directorTargets("PUMP-0001", root);
    assertThat(withdrawn.version()).isEqualTo(3);
    assertThat(withdrawn.targets()).isEmpty();

    // Re-signed (next version, same assignment) when less than half its 7 days remain.
    director.assign("PUMP-0001", release.id(), 18);
    fx.clock.advance(Duration.ofDays(4));
    TufMetadata.Targets resigned = directorTargets("PUMP-0001", root);
    assertThat(resigned.version()).isEqualTo(5);
    assertThat(resigned.targets()).containsKey(release.targetPath());
    assertThat(resigned.expires()).isEqualTo(fx.clock.instant().plus(Duration.ofDays(7)));

    assertThatThrownBy(() -> director.assign("PUMP-0001", 999, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no release 999");
    assertThatThrownBy(() -> director.assign("../x", release.id(), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private TufMetadata.Targets directorTargets(String serial, TufMetadata.Root root)
      throws Exception {
    SignedMetadata envelope = SignedMetadata.parse(fx.repository.director().targets(serial));
    envelope.verify("director targets", root.role("targets"), root.keys());
    return TufMetadata.Targets.parse(envelope.signed());
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void initialize_refusesARootThatIsNotSelfSigned_orLacksTheHubsKeys(TestHub.Db db)
      throws Exception {
    fixture(db);
    byte[] targets =
        OfflineSigning.sign(
            OfflineSigning.initialTargets(
                RepositoryFixture.START.plus(Duration.ofDays(90)), Optional.empty()),
            fx.targets.subList(0, 2));
    assertThatThrownBy(
            () ->
                fx.repository.initialize(
                    OfflineSigning.sign(fx.rootV1(), fx.root.subList(0, 1)), targets, "t"))
        .isInstanceOf(TufRejection.ThresholdNotMet.class);
    TufMetadata.Root foreign =
        OfflineSigning.root(
            1,
            RepositoryFixture.START.plus(Duration.ofDays(365)),
            new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(fx.root), 2),
            new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(fx.targets), 2),
            RepositoryFixture.signers(1).get(0).key(),
            fx.repository.onlineKeys().timestampKey());
    assertThatThrownBy(
            () -> fx.repository.initialize(OfflineSigning.sign(foreign, fx.root), targets, "t"))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("this hub's snapshot key");
    assertThat(fx.repository.isInitialized()).isFalse();
    fx.repository.initialize(OfflineSigning.sign(fx.rootV1(), fx.root), targets, "t");
    assertThatThrownBy(
            () -> fx.repository.initialize(OfflineSigning.sign(fx.rootV1(), fx.root), targets, "t"))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("already has a root");
  }
}
