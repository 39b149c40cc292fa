package org.primum.hub.updates;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.crypto.Hashes;
import org.primum.core.json.Json;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.core.tuf.TufSigner;
import org.primum.hub.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's TUF image repository (TUF 1.0, consistent snapshots): root and targets arrive signed by
 * the release manager's offline keys and are checked against the trusted root before they are
 * stored; the hub signs only snapshot and timestamp, with its online keys, and re-signs them before
 * they expire. Every metadata version is kept in the database and can be served again; target files
 * are kept by content hash.
 *
 * <p>Security guarantees: nothing becomes a target unless the threshold of the current root's
 * targets keys (or of a delegation's keys, for delegated roles) signed it; versions only move
 * forward by one; a publication can neither drop nor change an already published target; a release
 * counter for a hardware id only increases; a refused publication leaves no row behind (all rows of
 * one change are written in one transaction, after the files they name).
 */
public final class UpdateRepository implements ReleaseLookup {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateRepository.class);

  static final String IMAGE = "image";
  static final String DIRECTOR = "director";

  /** Release notes: at most 64 KiB of UTF-8 text. */
  public static final int MAX_NOTES_BYTES = 64 * 1024;

  /** An SBOM: at most 16 MiB of JSON. */
  public static final int MAX_SBOM_BYTES = 16 * 1024 * 1024;

  /** A drug library or other delegated target file: at most 16 MiB. */
  public static final int MAX_DELEGATED_FILE_BYTES = 16 * 1024 * 1024;

  private static final Pattern ROLE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern VERSIONED_FILE =
      Pattern.compile("([1-9][0-9]{0,17})\\.([a-z0-9][a-z0-9-]{0,63})\\.json");
  private static final Pattern TARGET_NAME = Pattern.compile("([0-9a-f]{64})\\.(.+)");

  /** How long the online roles' metadata lives, and the largest image accepted. */
  public record Settings(
      Duration timestampLifetime,
      Duration snapshotLifetime,
      Duration directorTargetsLifetime,
      Duration directorRootLifetime,
      long maxImageBytes) {
    public Settings {
      for (Duration d :
          List.of(
              timestampLifetime, snapshotLifetime, directorTargetsLifetime, directorRootLifetime)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("metadata lifetimes must be positive, found " + d);
        }
      }
      if (maxImageBytes < 1) {
        throw new IllegalArgumentException("maxImageBytes must be positive");
      }
    }

    /** Timestamp 1 day, snapshot 7 days, director targets 7 days, director root 1 year, 2 GiB. */
    public static Settings defaults() {
      return new Settings(
          Duration.ofDays(1),
          Duration.ofDays(7),
          Duration.ofDays(7),
          Duration.ofDays(365),
          2L * 1024 * 1024 * 1024);
    }
  }

  /**
   * A release to publish.
   *
   * @param image the image file; its name becomes the target's base name
   * @param notes the release notes, UTF-8 text
   * @param signedTargets the new top-level targets metadata, signed offline, naming the image
   */
  public record Publication(
      Path image,
      String version,
      String hardwareId,
      byte[] notes,
      Optional<Path> sbom,
      byte[] signedTargets,
      Optional<String> gateJustification) {
    public Publication {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(hardwareId, "hardwareId");
      notes = notes.clone();
      Objects.requireNonNull(sbom, "sbom");
      signedTargets = signedTargets.clone();
      Objects.requireNonNull(gateJustification, "gateJustification");
    }

    /** The target path the image gets: {@code firmware/<hardware>/<file name>}. */
    public String targetPath() {
      return OfflineSigning.firmwarePath(hardwareId, image.getFileName().toString());
    }
  }

  /** One role's current metadata as pages show it. */
  public record RoleStatus(
      String role,
      long version,
      Instant expires,
      int threshold,
      List<String> keyIds,
      List<String> signedBy) {}

  private record Signed(long version, byte[] content, Instant expires) {}

  /** The trusted state: the latest root, targets, snapshot and timestamp. */
  private record Current(
      TufMetadata.Root root,
      TufMetadata.Targets targets,
      UpdateStore.Metadata targetsRow,
      TufMetadata.Snapshot snapshot,
      TufMetadata.Timestamp timestamp) {}

  private final UpdateStore store;
  private final TargetFiles files;
  private final OnlineKeys keys;
  private final AuditLog audit;
  private final Clock clock;
  private final Settings settings;
  private final Director director;
  private final ReleaseGate gate;
  private final Object lock = new Object();

  public UpdateRepository(
      Jdbi jdbi,
      Path dataDir,
      OnlineKeys keys,
      AuditLog audit,
      Clock clock,
      Settings settings,
      ReleaseGate gate) {
    this.store = new UpdateStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.files = new TargetFiles(dataDir.resolve("tuf").resolve("targets"));
    this.keys = Objects.requireNonNull(keys, "keys");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.director = new Director(store, keys, clock, settings);
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /** Loads (or creates) the online keys in {@code dataDir} and opens the repository. */
  public static UpdateRepository open(
      Jdbi jdbi,
      Path dataDir,
      AuditLog audit,
      Clock clock,
      SecureRandom random,
      Settings settings,
      ReleaseGate gate)
      throws IOException {
    return new UpdateRepository(
        jdbi, dataDir, OnlineKeys.loadOrCreate(dataDir, random), audit, clock, settings, gate);
  }

  /** The director, which signs per-device assignments (what rollouts call). */
  public Director director() {
    return director;
  }

  /** The hub's online keys' public halves (root must list the snapshot and timestamp keys). */
  public OnlineKeys onlineKeys() {
    return keys;
  }

  public Settings settings() {
    return settings;
  }

  /** Whether root v1 has been stored. */
  public boolean isInitialized() {
    return store.latest(IMAGE, "root").isPresent();
  }

  // ---------------------------------------------------------------- initialisation and rotation

  /**
   * Stores root v1 and targets v1, both signed offline, and signs snapshot v1 and timestamp v1.
   *
   * @throws TufRejection if a signature threshold, version or expiry is not met
   * @throws UpdateRefusal if the repository exists already or root does not list this hub's keys
   */
  public void initialize(byte[] signedRoot, byte[] signedTargets, String actor)
      throws TufRejection, UpdateRefusal {
    try {
      synchronized (lock) {
        if (isInitialized()) {
          throw UpdateRefusal.conflict(
              "already-initialized",
              "the image repository already has a root; use rotate-root to change it");
        }
        Instant now = clock.instant();
        SignedMetadata rootEnvelope = SignedMetadata.parse(signedRoot);
        TufMetadata.Root root = TufMetadata.Root.parse(rootEnvelope.signed());
        if (root.version() != 1) {
          throw new TufRejection.VersionMismatch("root", "1", root.version());
        }
        // TUF 5.3.4: a root is trusted only when signed by a threshold of its own root keys.
        rootEnvelope.verify("root", root.role("root"), root.keys());
        checkRoot(root, now);
        SignedMetadata targetsEnvelope = SignedMetadata.parse(signedTargets);
        TufMetadata.Targets targets = TufMetadata.Targets.parse(targetsEnvelope.signed());
        // TUF 5.6.3: targets is signed by a threshold of the keys root names for it.
        targetsEnvelope.verify("targets", root.role("targets"), root.keys());
        if (targets.version() != 1) {
          throw new TufRejection.VersionMismatch("targets", "1", targets.version());
        }
        notExpired("targets", targets.expires(), now);
        if (!targets.targets().isEmpty()) {
          throw UpdateRefusal.badInput(
              "initial-targets",
              "the first targets metadata must list no targets (releases come through publish),"
                  + " found "
                  + targets.targets().size());
        }
        checkDelegations(targets);
        byte[] targetsBytes = canonical(signedTargets);
        Signed snapshot =
            signSnapshot(1, Map.of("targets.json", TufMetadata.MetaFile.of(1, targetsBytes)), now);
        Signed timestamp = signTimestamp(1, snapshot, now);
        byte[] rootBytes = canonical(signedRoot);
        inTransaction(
            h -> {
              store.insertMetadata(h, IMAGE, "root", 1, rootBytes, root.expires(), now);
              store.insertMetadata(h, IMAGE, "targets", 1, targetsBytes, targets.expires(), now);
              insertOnline(h, snapshot, timestamp, now);
              return null;
            },
            "initialisation");
        audit.ok(
            actor,
            "tuf.init",
            "image repository",
            String.format(
                Locale.ROOT,
                "root v1 (threshold %d of %d), targets v1 (threshold %d of %d)",
                root.role("root").threshold(),
                root.role("root").keyIds().size(),
                root.role("targets").threshold(),
                root.role("targets").keyIds().size()),
            "local");
      }
    } catch (TufRejection | UpdateRefusal e) {
      audit.refused(actor, "tuf.init", "image repository", e.getMessage(), "local");
      throw e;
    }
  }

  /**
   * Stores the next root version (TUF 5.3.4: signed by a threshold of the current root's keys and
   * of its own), and, when given, new targets signed by the new root's targets keys (required when
   * root changes the targets keys).
   */
  public void rotateRoot(byte[] signedNewRoot, Optional<byte[]> signedTargets, String actor)
      throws TufRejection, UpdateRefusal {
    try {
      synchronized (lock) {
        Current current = requireCurrent();
        Instant now = clock.instant();
        SignedMetadata envelope = SignedMetadata.parse(signedNewRoot);
        TufMetadata.Root root = TufMetadata.Root.parse(envelope.signed());
        // TUF 5.3.5: versions move forward one at a time.
        if (root.version() != current.root().version() + 1) {
          throw new TufRejection.VersionMismatch(
              "root", Long.toString(current.root().version() + 1), root.version());
        }
        // TUF 5.3.4: signed by a threshold of the trusted root's keys ...
        envelope.verify(
            "root (keys of version " + current.root().version() + ")",
            current.root().role("root"),
            current.root().keys());
        // ... and by a threshold of the new root's own keys.
        envelope.verify(
            "root (keys of version " + root.version() + ")", root.role("root"), root.keys());
        checkRoot(root, now);
        boolean targetsKeysChanged =
            !new HashSet<>(root.role("targets").keyIds())
                    .equals(new HashSet<>(current.root().role("targets").keyIds()))
                || root.role("targets").threshold() != current.root().role("targets").threshold();
        if (targetsKeysChanged && signedTargets.isEmpty()) {
          throw UpdateRefusal.badInput(
              "targets-required",
              "the new root changes the targets keys, so targets metadata signed by the new"
                  + " targets keys must come with it (--new-targets-key)");
        }
        byte[] rootBytes = canonical(signedNewRoot);
        Optional<byte[]> targetsBytes = Optional.empty();
        Optional<TufMetadata.Targets> targets = Optional.empty();
        if (signedTargets.isPresent()) {
          TufMetadata.Targets checked =
              checkNextTargets(signedTargets.get(), root, current, now, Set.of());
          targets = Optional.of(checked);
          targetsBytes = Optional.of(canonical(signedTargets.get()));
        }
        Optional<Signed> snapshot = Optional.empty();
        Optional<Signed> timestamp = Optional.empty();
        if (targets.isPresent()) {
          snapshot =
              Optional.of(
                  signSnapshot(
                      current.snapshot().version() + 1,
                      snapshotMeta(targets.get(), targetsBytes.get()),
                      now));
          timestamp =
              Optional.of(signTimestamp(current.timestamp().version() + 1, snapshot.get(), now));
        }
        Optional<TufMetadata.Targets> newTargets = targets;
        Optional<byte[]> newTargetsBytes = targetsBytes;
        Optional<Signed> newSnapshot = snapshot;
        Optional<Signed> newTimestamp = timestamp;
        inTransaction(
            h -> {
              store.insertMetadata(
                  h, IMAGE, "root", root.version(), rootBytes, root.expires(), now);
              if (newTargets.isPresent()) {
                store.insertMetadata(
                    h,
                    IMAGE,
                    "targets",
                    newTargets.get().version(),
                    newTargetsBytes.get(),
                    newTargets.get().expires(),
                    now);
                insertOnline(h, newSnapshot.get(), newTimestamp.get(), now);
              }
              return null;
            },
            "root rotation");
        audit.ok(
            actor,
            "tuf.rotate-root",
            "image repository",
            String.format(
                Locale.ROOT,
                "root v%d (threshold %d of %d)%s",
                root.version(),
                root.role("root").threshold(),
                root.role("root").keyIds().size(),
                newTargets.map(t -> ", targets v" + t.version()).orElse("")),
            "local");
      }
    } catch (TufRejection | UpdateRefusal e) {
      audit.refused(actor, "tuf.rotate-root", "image repository", e.getMessage(), "local");
      throw e;
    }
  }

  /** Checks what the hub needs of any root: unexpired, consistent snapshots, our online keys. */
  private void checkRoot(TufMetadata.Root root, Instant now)
      throws TufRejection.Expired, UpdateRefusal {
    notExpired("root", root.expires(), now);
    if (!root.consistentSnapshot()) {
      throw UpdateRefusal.badInput(
          "consistent-snapshot", "root must set consistent_snapshot to true, found false");
    }
    requireListed(root, "snapshot", keys.snapshotKey());
    requireListed(root, "timestamp", keys.timestampKey());
  }

  private static void requireListed(TufMetadata.Root root, String role, TufKey key)
      throws UpdateRefusal {
    if (!root.role(role).keyIds().contains(key.keyId())
        || !key.equals(root.keys().get(key.keyId()))) {
      throw UpdateRefusal.badInput(
          "online-key",
          "root must list this hub's "
              + role
              + " key "
              + key.keyId()
              + " for the "
              + role
              + " role, found "
              + root.role(role).keyIds());
    }
  }

  private static void checkDelegations(TufMetadata.Targets targets) throws UpdateRefusal {
    if (targets.delegations().isEmpty()) {
      return;
    }
    for (TufMetadata.DelegatedRole role : targets.delegations().get().roles()) {
      if (!ROLE_NAME.matcher(role.name()).matches()
          || TufMetadata.Root.TOP_LEVEL.contains(role.name())) {
        throw UpdateRefusal.badInput(
            "role-name",
            "a delegated role name must match "
                + ROLE_NAME.pattern()
                + " and differ from the top-level roles, found \""
                + role.name()
                + "\"");
      }
    }
  }

  // ------------------------------------------------------------------------------- publication

  /**
   * Publishes a release: checks the offline-signed targets against the trusted root and against the
   * image, notes and SBOM, stores the files by content hash, then in one transaction the targets,
   * the release row, a new snapshot and a new timestamp.
   *
   * @throws TufRejection if the targets signatures do not reach the threshold, the version is not
   *     the next one, it has expired, or the image does not match the target's length and hashes
   * @throws UpdateRefusal if the notes, SBOM, version, hardware id or release counter are refused
   * @throws IOException if the image or SBOM cannot be read or stored
   */
  public ReleaseSummary publish(Publication publication, String actor)
      throws TufRejection, UpdateRefusal, IOException {
    String target = publication.hardwareId() + " " + publication.version();
    try {
      Published published = publishChecked(publication, actor);
      ReleaseSummary release = published.summary();
      if (published.decision().justification().isPresent()) {
        audit.ok(
            actor,
            "release.gate.justified",
            release.targetPath(),
            "published despite: "
                + String.join("; ", published.decision().overridden())
                + " — justification: "
                + published.decision().justification().get(),
            "local");
      }
      audit.ok(
          actor,
          "release.publish",
          release.targetPath(),
          String.format(
              Locale.ROOT,
              "version %s for %s, release counter %d",
              release.version(),
              release.hardwareId(),
              release.releaseCounter()),
          "local");
      return release;
    } catch (TufRejection | UpdateRefusal e) {
      audit.refused(actor, "release.publish", target, e.getMessage(), "local");
      throw e;
    }
  }

  private record Published(ReleaseSummary summary, ReleaseGate.Decision decision) {}

  private Published publishChecked(Publication p, String actor)
      throws TufRejection, UpdateRefusal, IOException {
    String path;
    try {
      OfflineSigning.requireMatch(OfflineSigning.VERSION, p.version(), "version");
      path = p.targetPath();
    } catch (IllegalArgumentException e) {
      throw UpdateRefusal.badInput("bad-release", e.getMessage());
    }
    String notes = ReleaseChecks.notesText(p.notes());
    String notesSha256 = Hashes.sha256Hex(p.notes());
    Optional<byte[]> sbom = Optional.empty();
    if (p.sbom().isPresent()) {
      sbom = Optional.of(ReleaseChecks.readSbom(p.sbom().get()));
    }
    // The supply-chain gate: known high/critical flaws without VEX, components past end of
    // support, unless a justification is recorded (and then it must be in the signed notes).
    ReleaseGate.Decision decision =
        gate.check(
            new ReleaseGate.Candidate(
                p.hardwareId(), p.version(), sbom, notes, p.gateJustification()));
    synchronized (lock) {
      Current current = requireCurrent();
      requireListed(current.root(), "snapshot", keys.snapshotKey());
      requireListed(current.root(), "timestamp", keys.timestampKey());
      Instant now = clock.instant();
      if (store.releaseByVersion(p.hardwareId(), p.version()).isPresent()) {
        throw UpdateRefusal.conflict(
            "release-exists",
            "version " + p.version() + " for " + p.hardwareId() + " is already published");
      }
      if (current.targets().targets().containsKey(path)) {
        throw UpdateRefusal.conflict(
            "target-exists", "the target " + path + " is already published");
      }
      String sbomPath = OfflineSigning.sbomPath(path);
      Set<String> allowedNew = sbom.isPresent() ? Set.of(path, sbomPath) : Set.of(path);
      TufMetadata.Targets targets =
          checkNextTargets(p.signedTargets(), current.root(), current, now, allowedNew);
      TufMetadata.TargetFile entry = targets.targets().get(path);
      if (entry == null) {
        throw new TufRejection.TargetNotFound(
            "the signed targets do not list " + path + "; sign the targets for this image");
      }
      long counter =
          ReleaseChecks.checkFirmwareCustom(
              entry, p, notesSha256, store.maxReleaseCounter(p.hardwareId()));
      // Files first, by content hash; the rows that name them come after, in one transaction.
      TargetFiles.Stored image = files.put(p.image(), settings.maxImageBytes(), "image");
      ReleaseChecks.matches("image " + path, entry, image);
      Optional<TargetFiles.Stored> storedSbom = Optional.empty();
      if (sbom.isPresent()) {
        TufMetadata.TargetFile sbomEntry = targets.targets().get(sbomPath);
        if (sbomEntry == null) {
          throw new TufRejection.TargetNotFound(
              "an SBOM was given but the signed targets do not list " + sbomPath);
        }
        storedSbom = Optional.of(files.put(sbom.get()));
        ReleaseChecks.matches("SBOM " + sbomPath, sbomEntry, storedSbom.get());
      }
      byte[] targetsBytes = canonical(p.signedTargets());
      Signed snapshot =
          signSnapshot(current.snapshot().version() + 1, snapshotMeta(targets, targetsBytes), now);
      Signed timestamp = signTimestamp(current.timestamp().version() + 1, snapshot, now);
      UpdateStore.ReleaseRow row =
          new UpdateStore.ReleaseRow(
              0,
              p.hardwareId(),
              p.version(),
              counter,
              path,
              image.length(),
              image.sha256(),
              // Uptane: the director repeats the image repository's length and hashes exactly, so
              // only the hashes the signed target lists are kept ("" when it lists no sha512).
              entry.hashes().getOrDefault("sha512", ""),
              notes,
              notesSha256,
              storedSbom.map(s -> sbomPath),
              storedSbom.map(TargetFiles.Stored::sha256),
              targets.version(),
              actor,
              now);
      long id =
          inTransaction(
              h -> {
                store.insertMetadata(
                    h, IMAGE, "targets", targets.version(), targetsBytes, targets.expires(), now);
                long newId = store.insertRelease(h, row);
                gate.record(h, newId, decision, actor, now);
                insertOnline(h, snapshot, timestamp, now);
                return newId;
              },
              "publication");
      return new Published(
          new ReleaseSummary(id, p.version(), p.hardwareId(), counter, path, notes, now), decision);
    }
  }

  /**
   * Checks new top-level targets against {@code root}: threshold (TUF 5.6.3), version exactly one
   * more than the current (TUF 5.6.5 forbids going back; the repository moves one at a time),
   * unexpired (TUF 5.6.4), every published target kept unchanged, and new targets only among {@code
   * allowedNew}.
   */
  private TufMetadata.Targets checkNextTargets(
      byte[] signed, TufMetadata.Root root, Current current, Instant now, Set<String> allowedNew)
      throws TufRejection, UpdateRefusal {
    SignedMetadata envelope = SignedMetadata.parse(signed);
    TufMetadata.Targets targets = TufMetadata.Targets.parse(envelope.signed());
    envelope.verify("targets", root.role("targets"), root.keys());
    long expected = current.targets().version() + 1;
    if (targets.version() != expected) {
      throw new TufRejection.VersionMismatch("targets", Long.toString(expected), targets.version());
    }
    notExpired("targets", targets.expires(), now);
    for (var published : current.targets().targets().entrySet()) {
      TufMetadata.TargetFile found = targets.targets().get(published.getKey());
      if (found == null
          || found.length() != published.getValue().length()
          || !found.hashes().equals(published.getValue().hashes())) {
        throw UpdateRefusal.badInput(
            "published-target",
            "the signed targets "
                + (found == null ? "drop" : "change")
                + " the published target "
                + published.getKey()
                + "; published targets stay as they are");
      }
    }
    for (String path : targets.targets().keySet()) {
      if (!current.targets().targets().containsKey(path) && !allowedNew.contains(path)) {
        throw UpdateRefusal.badInput(
            "unexpected-target",
            "the signed targets add "
                + path
                + ", which this publication does not provide (expected only "
                + new java.util.TreeSet<>(allowedNew)
                + ")");
      }
    }
    checkDelegations(targets);
    return targets;
  }

  // ------------------------------------------------------------------------------- delegations

  /** As {@link #publishDelegated(String, byte[], Map, String)} by the hub API. */
  public void publishDelegated(
      String role, byte[] signedDelegatedTargets, Map<String, byte[]> files)
      throws TufRejection, UpdateRefusal, IOException {
    publishDelegated(role, signedDelegatedTargets, files, "api");
  }

  /**
   * Accepts delegated targets metadata (for example the pharmacy's drug libraries) signed by a
   * threshold of the keys the top-level targets delegate {@code role} to, with the files it names,
   * and signs a new snapshot and timestamp.
   *
   * @param files target path → content, for each target not stored yet
   */
  public void publishDelegated(
      String role, byte[] signedDelegatedTargets, Map<String, byte[]> files, String actor)
      throws TufRejection, UpdateRefusal, IOException {
    try {
      publishDelegatedChecked(role, signedDelegatedTargets, files);
      audit.ok(actor, "tuf.delegated", role, files.size() + " file(s)", "local");
    } catch (TufRejection | UpdateRefusal e) {
      audit.refused(actor, "tuf.delegated", String.valueOf(role), e.getMessage(), "local");
      throw e;
    }
  }

  private void publishDelegatedChecked(String role, byte[] signed, Map<String, byte[]> given)
      throws TufRejection, UpdateRefusal, IOException {
    synchronized (lock) {
      Current current = requireCurrent();
      requireListed(current.root(), "snapshot", keys.snapshotKey());
      requireListed(current.root(), "timestamp", keys.timestampKey());
      Instant now = clock.instant();
      TufMetadata.Delegations delegations =
          current
              .targets()
              .delegations()
              .orElseThrow(
                  () ->
                      new UpdateRefusal(
                          UpdateRefusal.Kind.NOT_FOUND,
                          "no-delegation",
                          "the top-level targets delegate to no role"));
      TufMetadata.DelegatedRole delegation =
          delegations.roles().stream()
              .filter(r -> r.name().equals(role))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UpdateRefusal(
                          UpdateRefusal.Kind.NOT_FOUND,
                          "no-delegation",
                          "the top-level targets do not delegate to a role named \""
                              + org.primum.core.formats.Texts.printable(String.valueOf(role), 64)
                              + "\""));
      SignedMetadata envelope = SignedMetadata.parse(signed);
      TufMetadata.Targets targets = TufMetadata.Targets.parse(envelope.signed());
      // TUF 5.6.7.2 (as the client will check it): a threshold of the delegation's keys.
      envelope.verify(role, delegation.roleKeys(), delegations.keys());
      long previous = store.latest(IMAGE, role).map(UpdateStore.Metadata::version).orElse(0L);
      if (targets.version() <= previous) {
        throw new TufRejection.VersionMismatch(role, "more than " + previous, targets.version());
      }
      notExpired(role, targets.expires(), now);
      if (targets.delegations().isPresent() && !targets.delegations().get().roles().isEmpty()) {
        throw UpdateRefusal.badInput(
            "nested-delegation", role + " may not delegate further on this hub");
      }
      for (String path : given.keySet()) {
        if (!targets.targets().containsKey(path)) {
          throw UpdateRefusal.badInput(
              "unlisted-file", "the file " + path + " is not a target of the signed " + role);
        }
      }
      List<TargetFiles.Stored> stored = new ArrayList<>();
      for (var entry : targets.targets().entrySet()) {
        String path = entry.getKey();
        if (!delegation.matches(path)) {
          throw UpdateRefusal.badInput(
              "outside-delegation",
              "the target "
                  + path
                  + " is outside the paths delegated to "
                  + role
                  + " "
                  + delegation.paths());
        }
        byte[] content = given.get(path);
        String sha256 = entry.getValue().hashes().get("sha256");
        if (content == null) {
          if (sha256 == null || files.find(sha256).isEmpty()) {
            throw UpdateRefusal.badInput(
                "missing-file", "the signed " + role + " names " + path + " but no file came");
          }
          continue;
        }
        if (content.length > MAX_DELEGATED_FILE_BYTES) {
          throw new UpdateRefusal(
              UpdateRefusal.Kind.TOO_LARGE,
              "too-large",
              path + ": expected at most " + MAX_DELEGATED_FILE_BYTES + " bytes");
        }
        TargetFiles.Stored file = files.put(content);
        ReleaseChecks.matches(path, entry.getValue(), file);
        stored.add(file);
      }
      byte[] roleBytes = canonical(signed);
      Map<String, TufMetadata.MetaFile> meta = new LinkedHashMap<>(current.snapshot().meta());
      meta.put(role + ".json", TufMetadata.MetaFile.of(targets.version(), roleBytes));
      Signed snapshot = signSnapshot(current.snapshot().version() + 1, meta, now);
      Signed timestamp = signTimestamp(current.timestamp().version() + 1, snapshot, now);
      inTransaction(
          h -> {
            store.insertMetadata(
                h, IMAGE, role, targets.version(), roleBytes, targets.expires(), now);
            insertOnline(h, snapshot, timestamp, now);
            return null;
          },
          "delegated publication");
    }
  }

  // ------------------------------------------------------------------------- online re-signing

  /**
   * Re-signs, with a version one higher, every online-signed metadata with less than half of its
   * lifetime left: the timestamp, the snapshot (and then a timestamp for it), and the director's
   * root. Run it periodically; it is cheap when nothing is due.
   *
   * @return how many documents were signed
   */
  public int refreshExpiring() {
    int signed = 0;
    synchronized (lock) {
      Optional<Current> maybe = current();
      if (maybe.isPresent() && holdsOnlineKeys(maybe.get().root())) {
        Current current = maybe.get();
        Instant now = clock.instant();
        boolean snapshotDue =
            dueForResigning(current.snapshot().expires(), settings.snapshotLifetime(), now);
        boolean timestampDue =
            snapshotDue
                || dueForResigning(
                    current.timestamp().expires(), settings.timestampLifetime(), now);
        if (timestampDue) {
          Optional<Signed> snapshot = Optional.empty();
          Signed timestamp;
          if (snapshotDue) {
            Signed s =
                signSnapshot(current.snapshot().version() + 1, current.snapshot().meta(), now);
            snapshot = Optional.of(s);
            timestamp = signTimestamp(current.timestamp().version() + 1, s, now);
          } else {
            timestamp =
                signTimestamp(
                    current.timestamp().version() + 1, current.timestamp().snapshot(), now);
          }
          Optional<Signed> newSnapshot = snapshot;
          try {
            store.transaction(
                h -> {
                  newSnapshot.ifPresent(
                      s ->
                          store.insertMetadata(
                              h, IMAGE, "snapshot", s.version(), s.content(), s.expires(), now));
                  store.insertMetadata(
                      h,
                      IMAGE,
                      "timestamp",
                      timestamp.version(),
                      timestamp.content(),
                      timestamp.expires(),
                      now);
                  return null;
                });
            signed += newSnapshot.isPresent() ? 2 : 1;
            LOG.atInfo()
                .addKeyValue("timestamp", timestamp.version())
                .addKeyValue("expires", timestamp.expires())
                .log("re-signed the timestamp" + (snapshotDue ? " and snapshot" : ""));
          } catch (UpdateStore.Conflict e) {
            LOG.info("another hub process re-signed the timestamp first");
          }
        }
      }
    }
    signed += director.refreshRoot();
    return signed;
  }

  /**
   * Whether this hub holds the snapshot and timestamp keys the trusted root lists; hub processes
   * sharing one database must share {@code <data>/keys/tuf-*.pem} too.
   */
  private boolean holdsOnlineKeys(TufMetadata.Root root) {
    try {
      requireListed(root, "snapshot", keys.snapshotKey());
      requireListed(root, "timestamp", keys.timestampKey());
      return true;
    } catch (UpdateRefusal e) {
      LOG.atError()
          .log(
              "cannot re-sign TUF metadata: "
                  + e.getMessage()
                  + "; hub processes sharing a database must share <data>/keys/tuf-*.pem");
      return false;
    }
  }

  /** Whether less than half of {@code lifetime} remains before {@code expires}. */
  static boolean dueForResigning(Instant expires, Duration lifetime, Instant now) {
    return Duration.between(now, expires).compareTo(lifetime.dividedBy(2)) < 0;
  }

  // ------------------------------------------------------------------------------------ serving

  /**
   * A metadata file by its consistent-snapshot name (TUF 5.7.3): {@code timestamp.json}, or {@code
   * N.root.json}, {@code N.snapshot.json}, {@code N.targets.json}, {@code N.<delegated>.json}.
   */
  public Optional<byte[]> metadata(String fileName) {
    if (fileName.equals("timestamp.json")) {
      return store.latest(IMAGE, "timestamp").map(UpdateStore.Metadata::content);
    }
    Matcher m = VERSIONED_FILE.matcher(fileName);
    if (!m.matches() || m.group(2).equals("timestamp")) {
      return Optional.empty();
    }
    return store
        .find(IMAGE, m.group(2), Long.parseLong(m.group(1)))
        .map(UpdateStore.Metadata::content);
  }

  /**
   * The stored file for a consistent target request path ({@code dirs/<sha256>.<basename>}, TUF
   * 5.7.3), if its content is held.
   */
  public Optional<Path> targetFile(String requestPath) {
    int slash = requestPath.lastIndexOf('/');
    String name = requestPath.substring(slash + 1);
    Matcher m = TARGET_NAME.matcher(name);
    if (!m.matches() || requestPath.contains("..") || requestPath.startsWith("/")) {
      return Optional.empty();
    }
    return files.find(m.group(1));
  }

  /** The current (latest) signed top-level targets, for signing the next one. */
  public Optional<byte[]> currentTargets() {
    return store.latest(IMAGE, "targets").map(UpdateStore.Metadata::content);
  }

  /** The current (latest) signed root. */
  public Optional<byte[]> currentRoot() {
    return store.latest(IMAGE, "root").map(UpdateStore.Metadata::content);
  }

  /** One more than the highest release counter published for {@code hardwareId}. */
  public long nextReleaseCounter(String hardwareId) {
    return store.maxReleaseCounter(hardwareId) + 1;
  }

  /**
   * The current version, expiry, threshold and signing key ids of root, targets, snapshot,
   * timestamp and each delegated role, for pages.
   */
  public List<RoleStatus> roles() {
    Optional<Current> maybe = current();
    if (maybe.isEmpty()) {
      return List.of();
    }
    TufMetadata.Root root = maybe.get().root();
    List<RoleStatus> out = new ArrayList<>();
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      store
          .latest(IMAGE, role)
          .ifPresent(row -> out.add(status(role, row, root.role(role), root.keys())));
    }
    maybe
        .get()
        .targets()
        .delegations()
        .ifPresent(
            d ->
                d.roles()
                    .forEach(
                        r ->
                            store
                                .latest(IMAGE, r.name())
                                .ifPresent(
                                    row ->
                                        out.add(status(r.name(), row, r.roleKeys(), d.keys())))));
    return out;
  }

  private static RoleStatus status(
      String role, UpdateStore.Metadata row, TufMetadata.RoleKeys keys, Map<String, TufKey> all) {
    SignedMetadata envelope;
    try {
      envelope = SignedMetadata.parse(row.content());
    } catch (TufRejection.Malformed e) {
      throw new IllegalStateException("stored " + role + " metadata is unreadable", e);
    }
    List<String> signedBy = new ArrayList<>();
    for (String id : keys.keyIds()) {
      if (envelope.countValid(new TufMetadata.RoleKeys(List.of(id), 1), all) == 1) {
        signedBy.add(id);
      }
    }
    return new RoleStatus(
        role, row.version(), row.expires(), keys.threshold(), keys.keyIds(), signedBy);
  }

  // ------------------------------------------------------------------------------ release lookup

  @Override
  public Optional<ReleaseSummary> release(long id) {
    return store.release(id).map(UpdateStore.ReleaseRow::summary);
  }

  @Override
  public Optional<ReleaseSummary> releaseByVersion(String hardwareId, String version) {
    return store.releaseByVersion(hardwareId, version).map(UpdateStore.ReleaseRow::summary);
  }

  @Override
  public List<ReleaseSummary> releases() {
    return store.releases().stream().map(UpdateStore.ReleaseRow::summary).toList();
  }

  /** Release details for pages: the summary plus target hash, length and who published it. */
  public record ReleaseDetail(
      ReleaseSummary summary,
      long length,
      String sha256,
      Optional<String> sbomPath,
      String publishedBy) {}

  /** Every release with its details, newest release counter first per hardware id. */
  public List<ReleaseDetail> releaseDetails() {
    return store.releases().stream()
        .map(
            r ->
                new ReleaseDetail(
                    r.summary(), r.length(), r.sha256(), r.sbomPath(), r.publishedBy()))
        .toList();
  }

  // ------------------------------------------------------------------------------------ helpers

  private Current requireCurrent() throws UpdateRefusal {
    return current()
        .orElseThrow(
            () ->
                new UpdateRefusal(
                    UpdateRefusal.Kind.NOT_FOUND,
                    "not-initialized",
                    "the image repository has no root yet; run primum release init-repo first"));
  }

  private Optional<Current> current() {
    Optional<UpdateStore.Metadata> root = store.latest(IMAGE, "root");
    if (root.isEmpty()) {
      return Optional.empty();
    }
    UpdateStore.Metadata targets = store.latest(IMAGE, "targets").orElseThrow();
    UpdateStore.Metadata snapshot = store.latest(IMAGE, "snapshot").orElseThrow();
    UpdateStore.Metadata timestamp = store.latest(IMAGE, "timestamp").orElseThrow();
    try {
      return Optional.of(
          new Current(
              TufMetadata.Root.parse(SignedMetadata.parse(root.get().content()).signed()),
              TufMetadata.Targets.parse(SignedMetadata.parse(targets.content()).signed()),
              targets,
              TufMetadata.Snapshot.parse(SignedMetadata.parse(snapshot.content()).signed()),
              TufMetadata.Timestamp.parse(SignedMetadata.parse(timestamp.content()).signed())));
    } catch (TufRejection.Malformed e) {
      throw new IllegalStateException("stored metadata is unreadable: " + e.getMessage(), e);
    }
  }

  /** The snapshot's meta for new top-level targets: targets plus each delegated role held. */
  private Map<String, TufMetadata.MetaFile> snapshotMeta(
      TufMetadata.Targets targets, byte[] targetsBytes) {
    Map<String, TufMetadata.MetaFile> meta = new LinkedHashMap<>();
    meta.put("targets.json", TufMetadata.MetaFile.of(targets.version(), targetsBytes));
    targets
        .delegations()
        .ifPresent(
            d ->
                d.roles()
                    .forEach(
                        r ->
                            store
                                .latest(IMAGE, r.name())
                                .ifPresent(
                                    row ->
                                        meta.put(
                                            r.name() + ".json",
                                            TufMetadata.MetaFile.of(
                                                row.version(), row.content())))));
    return meta;
  }

  private Signed signSnapshot(long version, Map<String, TufMetadata.MetaFile> meta, Instant now) {
    Instant expires = now.plus(settings.snapshotLifetime());
    TufMetadata.Snapshot snapshot =
        new TufMetadata.Snapshot(TufMetadata.SPEC_VERSION, version, expires, meta);
    return new Signed(
        version, SignedMetadata.sign(snapshot, List.of(keys.snapshot())), snapshot.expires());
  }

  private Signed signTimestamp(long version, Signed snapshot, Instant now) {
    return signTimestamp(
        version, TufMetadata.MetaFile.of(snapshot.version(), snapshot.content()), now);
  }

  private Signed signTimestamp(long version, TufMetadata.MetaFile snapshot, Instant now) {
    Instant expires = now.plus(settings.timestampLifetime());
    TufMetadata.Timestamp timestamp =
        new TufMetadata.Timestamp(TufMetadata.SPEC_VERSION, version, expires, snapshot);
    List<TufSigner> signers = List.of(keys.timestamp());
    return new Signed(version, SignedMetadata.sign(timestamp, signers), timestamp.expires());
  }

  private void insertOnline(
      org.jdbi.v3.core.Handle h, Signed snapshot, Signed timestamp, Instant now) {
    store.insertMetadata(
        h, IMAGE, "snapshot", snapshot.version(), snapshot.content(), snapshot.expires(), now);
    store.insertMetadata(
        h, IMAGE, "timestamp", timestamp.version(), timestamp.content(), timestamp.expires(), now);
  }

  private <T> T inTransaction(
      java.util.function.Function<org.jdbi.v3.core.Handle, T> work, String what)
      throws UpdateRefusal {
    try {
      return store.transaction(work);
    } catch (UpdateStore.Conflict e) {
      throw UpdateRefusal.conflict(
          "concurrent-change",
          "another " + what + " was stored at the same moment; nothing was changed, try again");
    }
  }

  /** The envelope re-encoded canonically (what is stored and served, byte for byte stable). */
  private static byte[] canonical(byte[] envelope) {
    try {
      return org.primum.core.tuf.TufCanonicalJson.encode(Json.readTree(envelope));
    } catch (Json.JsonRejection e) {
      throw new IllegalStateException("metadata parsed before cannot be read again", e);
    }
  }

  private static void notExpired(String role, Instant expires, Instant now)
      throws TufRejection.Expired {
    // TUF 5.3.10 / 5.4.4 / 5.5.6 / 5.6.4: refuse what has already expired.
    if (!expires.isAfter(now)) {
      throw new TufRejection.Expired(role, expires.toString(), now.toString());
    }
  }
}
