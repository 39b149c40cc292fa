package org.primum.hub.updates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;
import org.primum.hub.TestHub;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.testing.FakeClock;
import org.primum.testing.TestDatabases;

/**
 * A repository on SQLite or PostgreSQL with a fake clock, and the release manager's offline keys:
 * three root keys (threshold 2), three targets keys (threshold 2), three pharmacy keys (threshold
 * 2).
 */
final class RepositoryFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  static final SecureRandom RANDOM = new SecureRandom();

  final FakeClock clock = new FakeClock(START);
  final Path dir;
  final String jdbcUrl;
  final TestHub.Db db;
  final Database database;
  final AuditLog audit;
  final UpdateRepository repository;
  final List<TufSigner> root = signers(3);
  final List<TufSigner> targets = signers(3);
  final List<TufSigner> pharmacy = signers(3);

  RepositoryFixture(TestHub.Db db, Path dir) throws Exception {
    this(db, dir, (database, audit) -> OpenGate.INSTANCE);
  }

  /** A repository with the gate {@code gate} makes from the fixture's database and audit log. */
  RepositoryFixture(
      TestHub.Db db, Path dir, java.util.function.BiFunction<Database, AuditLog, ReleaseGate> gate)
      throws Exception {
    this.db = db;
    this.dir = dir;
    this.jdbcUrl = TestHub.jdbcUrl(db, dir);
    this.database = Database.open(jdbcUrl);
    this.audit = new AuditLog(database.jdbi(), clock);
    this.repository =
        UpdateRepository.open(
            database.jdbi(),
            dir.resolve("hub"),
            audit,
            clock,
            RANDOM,
            UpdateRepository.Settings.defaults(),
            gate.apply(database, audit));
  }

  static List<TufSigner> signers(int n) {
    List<TufSigner> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM)));
    }
    return List.copyOf(out);
  }

  static List<TufKey> keysOf(List<TufSigner> signers) {
    return signers.stream().map(TufSigner::key).toList();
  }

  TufMetadata.Root rootV1() {
    return OfflineSigning.root(
        1,
        START.plus(Duration.ofDays(365)),
        new OfflineSigning.RoleSpec(keysOf(root), 2),
        new OfflineSigning.RoleSpec(keysOf(targets), 2),
        repository.onlineKeys().snapshotKey(),
        repository.onlineKeys().timestampKey());
  }

  /** Root v1 signed by two root keys, targets v1 by two targets keys, delegating to pharmacy. */
  RepositoryFixture initialized() throws Exception {
    byte[] signedRoot = OfflineSigning.sign(rootV1(), root.subList(0, 2));
    byte[] signedTargets =
        OfflineSigning.sign(
            OfflineSigning.initialTargets(
                START.plus(Duration.ofDays(90)),
                Optional.of(new OfflineSigning.RoleSpec(keysOf(pharmacy), 2))),
            targets.subList(0, 2));
    repository.initialize(signedRoot, signedTargets, "test");
    return this;
  }

  Path image(String name, String content) throws Exception {
    Path file = dir.resolve("images").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  static byte[] notes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The next targets, naming {@code image} as {@code version} for {@code hardware}. */
  byte[] signedTargetsFor(
      Path image,
      String version,
      String hardware,
      long counter,
      byte[] notes,
      List<TufSigner> signers)
      throws Exception {
    TufMetadata.Targets current =
        OfflineSigning.parseTargets(repository.currentTargets().orElseThrow());
    return signedTargetsFor(
        current, current.version() + 1, image, version, hardware, counter, notes, signers);
  }

  byte[] signedTargetsFor(
      TufMetadata.Targets current,
      long newVersion,
      Path image,
      String version,
      String hardware,
      long counter,
      byte[] notes,
      List<TufSigner> signers)
      throws Exception {
    ObjectNode custom =
        OfflineSigning.firmwareCustom(version, hardware, counter, Hashes.sha256Hex(notes));
    TufMetadata.Targets next =
        OfflineSigning.withTarget(
            current,
            OfflineSigning.firmwarePath(hardware, image.getFileName().toString()),
            TufMetadata.TargetFile.of(Files.readAllBytes(image), Optional.of(custom)),
            clock.instant().plus(Duration.ofDays(90)));
    TufMetadata.Targets versioned =
        new TufMetadata.Targets(
            next.specVersion(), newVersion, next.expires(), next.targets(), next.delegations());
    return SignedMetadata.sign(versioned, signers);
  }

  /** Next targets naming {@code image} and its {@code sbom} beside it, signed by two keys. */
  byte[] signedTargetsWithSbom(Path image, Path sbom, String version, long counter, byte[] notes)
      throws Exception {
    TufMetadata.Targets withImage =
        OfflineSigning.parseTargets(
            signedTargetsFor(image, version, "rp-1", counter, notes, targets.subList(0, 2)));
    TufMetadata.Targets next =
        OfflineSigning.withTarget(
            withImage,
            OfflineSigning.sbomPath(
                OfflineSigning.firmwarePath("rp-1", image.getFileName().toString())),
            TufMetadata.TargetFile.of(Files.readAllBytes(sbom), Optional.empty()),
            withImage.expires());
    TufMetadata.Targets versioned =
        new TufMetadata.Targets(
            next.specVersion(),
            withImage.version(),
            next.expires(),
            next.targets(),
            next.delegations());
    return SignedMetadata.sign(versioned, targets.subList(0, 2));
  }

  /** Publishes {@code version} of {@code rp-1}, signed by two targets keys. */
  ReleaseSummary publish(String version, long counter) throws Exception {
    Path image = image("primum-rp1-" + version + ".fw", "firmware " + version);
    byte[] notes = notes("Fixes things in " + version + ".\n");
    return repository.publish(
        new UpdateRepository.Publication(
            image,
            version,
            "rp-1",
            notes,
            Optional.empty(),
            signedTargetsFor(image, version, "rp-1", counter, notes, targets.subList(0, 2)),
            Optional.empty()),
        "test");
  }

  @Override
  public void close() {
    database.close();
    if (db == TestHub.Db.POSTGRESQL) {
      TestDatabases.dropPostgres(jdbcUrl);
    }
  }
}
