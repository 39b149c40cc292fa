package org.primum.device.update;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/**
 * One TUF repository as this client trusts it: the trusted metadata on disk and the client workflow
 * of the TUF specification 1.0 §5 that updates it, step by step.
 *
 * <p>Security guarantees: metadata is trusted only after the checks of §5.3–§5.6 in their order
 * (signatures by a threshold of distinct authorised keys, versions that never go back, hashes and
 * versions vouched for by the role above, expiry against one fixed update start time); every
 * download is bounded and speed-checked; a target is found only through the delegation graph
 * (§5.6.7) and written only after its length and hashes matched (§5.7). A refusal leaves the
 * trusted state as it was (§5 "should still be able to update again in the future").
 *
 * <p>Not thread-safe across instances sharing one directory; one instance serialises its calls.
 */
public final class TufRepository {
  private static final Set<String> TOP_LEVEL = Set.copyOf(TufMetadata.Root.TOP_LEVEL);

  private final MetadataStore store;
  private final Fetcher metadata;
  private final Fetcher targets;
  private final Clock clock;
  private final Transfers transfers;
  private final Optional<Duration> freshnessWindow;

  // The trusted state in memory, mirroring the files in the store.
  private TufMetadata.Root root;
  private TufMetadata.Timestamp timestamp;
  private Verified<TufMetadata.Snapshot> snapshot;
  private final Map<String, Verified<TufMetadata.Targets>> targetsRoles = new HashMap<>();
  private Instant updateStart;

  /** Metadata verified under a set of keys, with the bytes its hashes are computed over. */
  private record Verified<T>(T metadata, byte[] bytes, String verifiedBy) {}

  private TufRepository(
      MetadataStore store,
      Fetcher metadata,
      Fetcher targets,
      Clock clock,
      Transfers transfers,
      Optional<Duration> freshnessWindow) {
    this.store = store;
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.transfers = transfers;
    this.freshnessWindow = freshnessWindow;
  }

  /**
   * A client for the repository whose trusted metadata lives in {@code dir} (which must hold a
   * provisioned {@code root.json} or {@code 1.root.json}).
   *
   * @param metadata where metadata files are fetched ({@code N.root.json}, {@code timestamp.json},
   *     …)
   * @param targets where target files are fetched (their paths relative to it)
   */
  public static TufRepository open(
      Path dir, Fetcher metadata, Fetcher targets, Clock clock, UpdateLimits limits) {
    return new TufRepository(
        new MetadataStore(dir), metadata, targets, clock, new Transfers(limits), Optional.empty());
  }

  /**
   * As {@link #open}, for an offline bundle: the timestamp must also expire no later than {@code
   * window} after the device's time (see docs/tuf-client.md, "Offline updates").
   */
  public static TufRepository openOffline(
      Path dir,
      Fetcher metadata,
      Fetcher targets,
      Clock clock,
      UpdateLimits limits,
      Duration window) {
    return new TufRepository(
        new MetadataStore(dir),
        metadata,
        targets,
        clock,
        new Transfers(limits),
        Optional.of(window));
  }

  static TufRepository create(
      MetadataStore store,
      Fetcher metadata,
      Fetcher targets,
      Clock clock,
      Transfers transfers,
      Optional<Duration> freshnessWindow) {
    return new TufRepository(store, metadata, targets, clock, transfers, freshnessWindow);
  }

  /**
   * Runs one update cycle of the top-level metadata: root chain, timestamp, snapshot, targets (TUF
   * §5.1–§5.6.6).
   *
   * @throws TufRejection if any metadata is refused; nothing refused becomes trusted
   */
  public synchronized void refresh() throws TufRejection, IOException {
    // TUF §5.1: record the fixed update start time; every expiry below is checked against it.
    Instant now = clock.instant();
    updateStart = null;
    // TUF §5.2: load the trusted root.
    TufMetadata.Root start = root != null ? root : RootChain.load(store, "image");
    root = start;
    // TUF §5.3: update the root role.
    TufMetadata.Root latest = RootChain.update(start, store, metadata, transfers, now, "image");
    if (latest != start) {
      // TUF §5.3.11: after a rotation of the timestamp or snapshot keys, forget the trusted
      // timestamp and snapshot (recovery from a fast-forward attack).
      if (RootChain.rotated(start, latest, "timestamp")
          || RootChain.rotated(start, latest, "snapshot")) {
        store.delete("timestamp.json");
        store.delete("snapshot.json");
      }
      // Any role's keys may have changed: re-verify what is on disk under the new root.
      timestamp = null;
      snapshot = null;
      targetsRoles.clear();
    }
    root = latest;
    // TUF §5.3.12: consistent snapshots as the trusted root says (used when naming files below).
    updateTimestamp(now);
    updateSnapshot(now);
    // TUF §5.6: the top-level targets role, keys from the root.
    loadTargets("targets", root.role("targets"), root.keys(), now);
    updateStart = now;
  }

  /**
   * Finds {@code targetPath} through the delegation graph (TUF §5.6.7), refreshing first unless
   * this instance already completed a cycle; empty when no trusted role lists it (§5.7.2).
   */
  public synchronized Optional<TufMetadata.TargetFile> findTarget(String targetPath)
      throws TufRejection, IOException {
    if (updateStart == null) {
      refresh();
    }
    Instant now = updateStart;
    record Candidate(String role, TufMetadata.RoleKeys keys, Map<String, TufKey> keyMap) {}
    Deque<Candidate> toVisit = new ArrayDeque<>();
    toVisit.push(new Candidate("targets", root.role("targets"), root.keys()));
    Set<String> visited = new HashSet<>();
    // TUF §5.6.7: pre-order depth-first search, beginning with the top-level targets role.
    while (!toVisit.isEmpty() && visited.size() < transfers.limits().maxDelegations()) {
      Candidate current = toVisit.pop();
      // TUF §5.6.7.1: skip a role visited before (cycles in the delegation graph).
      if (visited.contains(current.role())) {
        continue;
      }
      TufMetadata.Targets role =
          loadTargets(current.role(), current.keys(), current.keyMap(), now).metadata();
      // TUF §5.6.7.1: this role has metadata about the target: done.
      TufMetadata.TargetFile found = role.targets().get(targetPath);
      if (found != null) {
        return Optional.of(found);
      }
      visited.add(current.role());
      if (role.delegations().isEmpty()) {
        continue;
      }
      TufMetadata.Delegations delegations = role.delegations().get();
      // TUF §5.6.7.2: recursively search the delegations in order of appearance.
      List<Candidate> children = new ArrayList<>();
      for (TufMetadata.DelegatedRole delegated : delegations.roles()) {
        if (!matches(current.role(), delegated, targetPath)) {
          continue;
        }
        if (TOP_LEVEL.contains(delegated.name())) {
          throw new TufRejection.Malformed(
              current.role() + ": a delegated role may not be named " + delegated.name());
        }
        children.add(new Candidate(delegated.name(), delegated.roleKeys(), delegations.keys()));
        // TUF §5.6.7.2.1: a terminating delegation ends the search after its own subtree.
        if (delegated.terminating()) {
          toVisit.clear();
          break;
        }
      }
      Collections.reverse(children);
      children.forEach(toVisit::push);
    }
    // TUF §5.6.7.1: the maximum number of roles was visited, or nothing lists the target.
    return Optional.empty();
  }

  /**
   * Downloads {@code file} (found by {@link #findTarget}) into {@code destination}, resuming a
   * prefix already there, verifying length and hashes while streaming (TUF §5.7.3).
   */
  public synchronized void download(
      String targetPath, TufMetadata.TargetFile file, Path destination)
      throws TufRejection, IOException {
    if (root == null) {
      root = RootChain.load(store, "image");
    }
    String remote;
    if (root.consistentSnapshot()) {
      // TUF §5.7.3: consistent snapshots name targets HASH.FILENAME.EXT.
      Map<String, String> hashes = new TreeMap<>(file.hashes());
      String hash =
          hashes.containsKey("sha256") ? hashes.get("sha256") : hashes.values().iterator().next();
      remote = RepositoryPaths.consistentTarget(targetPath, hash);
    } else {
      remote = RepositoryPaths.target(targetPath);
    }
    transfers.download(targets, remote, file, destination);
  }

  /**
   * Whether {@code path} already holds exactly {@code file}: its trusted length and every supported
   * hash (a cached target need not be fetched again).
   */
  public static boolean holds(Path path, TufMetadata.TargetFile file) throws IOException {
    if (!java.nio.file.Files.isRegularFile(path)
        || java.nio.file.Files.size(path) != file.length()
        || file.length() > SignedMetadata.MAX_BYTES * 64L) {
      return false;
    }
    try {
      Transfers.checkHashes(
          "cached target", java.nio.file.Files.readAllBytes(path), file.hashes(), true);
      return true;
    } catch (TufRejection.LengthOrHashMismatch e) {
      return false;
    }
  }

  /**
   * A safe local file name for a target path: percent-encoded (no {@code /}), never {@code .} or
   * {@code ..}.
   */
  public static String localName(String targetPath) {
    String name = RepositoryPaths.role(targetPath);
    return name.equals(".") || name.equals("..") || name.isEmpty()
        ? name.replace(".", "%2E") + "%00"
        : name;
  }

  /** The trusted root after the last cycle (or as provisioned). */
  public synchronized TufMetadata.Root trustedRoot() throws TufRejection, IOException {
    if (root == null) {
      root = RootChain.load(store, "image");
    }
    return root;
  }

  // TUF §5.4: update the timestamp role.
  private void updateTimestamp(Instant now) throws TufRejection, IOException {
    TufMetadata.Timestamp trusted =
        timestamp != null
            ? timestamp
            : local("timestamp.json", "timestamp", root.role("timestamp"), root.keys())
                .map(v -> parseTimestampUnchecked(v))
                .orElse(null);
    // TUF §5.4.1: download timestamp.json, up to X bytes.
    byte[] bytes =
        transfers.read(metadata, "timestamp.json", transfers.limits().maxTimestampBytes());
    SignedMetadata envelope = SignedMetadata.parse(bytes);
    TufMetadata.Timestamp fresh = TufMetadata.Timestamp.parse(envelope.signed());
    // TUF §5.4.2: signed by a threshold of the root's timestamp keys.
    envelope.verify("timestamp", root.role("timestamp"), root.keys());
    boolean changed = true;
    if (trusted != null) {
      // TUF §5.4.3.1: the version must not go back; an equal version means nothing changed.
      if (fresh.version() < trusted.version()) {
        throw new TufRejection.Rollback("timestamp", trusted.version(), fresh.version());
      }
      if (fresh.version() == trusted.version()) {
        fresh = trusted;
        changed = false;
      } else if (fresh.snapshot().version() < trusted.snapshot().version()) {
        // TUF §5.4.3.2: nor may the snapshot version it names.
        throw new TufRejection.Rollback(
            "snapshot version in timestamp",
            trusted.snapshot().version(),
            fresh.snapshot().version());
      }
    }
    // TUF §5.4.4: not expired at the fixed update start time.
    if (!fresh.expires().isAfter(now)) {
      throw new TufRejection.Expired(
          "timestamp v" + fresh.version(), fresh.expires().toString(), now.toString());
    }
    if (freshnessWindow.isPresent() && fresh.expires().isAfter(now.plus(freshnessWindow.get()))) {
      // Offline bundles: a timestamp valid for longer than the window is no proof of freshness.
      throw new TufRejection.StaleBundle(
          String.format(
              java.util.Locale.ROOT,
              "offline bundle: the timestamp expires %s, more than %d days after the device time %s",
              fresh.expires(),
              freshnessWindow.get().toDays(),
              now));
    }
    if (changed) {
      // TUF §5.4.5: persist timestamp.json.
      store.write("timestamp.json", bytes);
    }
    timestamp = fresh;
  }

  // TUF §5.5: update the snapshot role.
  private void updateSnapshot(Instant now) throws TufRejection, IOException {
    TufMetadata.MetaFile meta = timestamp.snapshot();
    String keys = fingerprint(root.role("snapshot"), root.keys());
    Verified<TufMetadata.Snapshot> trusted = snapshot;
    if (trusted == null) {
      trusted =
          local("snapshot.json", "snapshot", root.role("snapshot"), root.keys())
              .flatMap(v -> parseSnapshotUnchecked(v, keys))
              .orElse(null);
    }
    if (trusted != null
        && isCurrent(
            trusted.metadata().version(),
            trusted.metadata().expires(),
            trusted.bytes(),
            meta,
            now)) {
      snapshot = trusted;
      return;
    }
    // TUF §5.5.1: download (VERSION.)snapshot.json, up to the length the timestamp gives or Y.
    String name = root.consistentSnapshot() ? meta.version() + ".snapshot.json" : "snapshot.json";
    byte[] bytes =
        transfers.read(metadata, name, meta.length().orElse(transfers.limits().maxSnapshotBytes()));
    // TUF §5.5.2: hashes (and length) as the trusted timestamp lists them.
    Transfers.checkLengthAndHashes("snapshot", bytes, meta);
    SignedMetadata envelope = SignedMetadata.parse(bytes);
    TufMetadata.Snapshot fresh = TufMetadata.Snapshot.parse(envelope.signed());
    // TUF §5.5.3: signed by a threshold of the root's snapshot keys.
    envelope.verify("snapshot", root.role("snapshot"), root.keys());
    // TUF §5.5.4: the version the timestamp names.
    if (fresh.version() != meta.version()) {
      throw new TufRejection.VersionMismatch(
          "snapshot", Long.toString(meta.version()), fresh.version());
    }
    // TUF §5.5.5: no targets metadata version goes back, none disappears.
    if (trusted != null) {
      for (Map.Entry<String, TufMetadata.MetaFile> entry :
          new TreeMap<>(trusted.metadata().meta()).entrySet()) {
        TufMetadata.MetaFile listed = fresh.meta().get(entry.getKey());
        if (listed == null) {
          throw new TufRejection.MissingFromSnapshot(entry.getKey());
        }
        if (listed.version() < entry.getValue().version()) {
          throw new TufRejection.Rollback(
              entry.getKey() + " in snapshot", entry.getValue().version(), listed.version());
        }
      }
    }
    // TUF §5.5.6: not expired.
    if (!fresh.expires().isAfter(now)) {
      throw new TufRejection.Expired(
          "snapshot v" + fresh.version(), fresh.expires().toString(), now.toString());
    }
    // TUF §5.5.7: persist snapshot.json.
    store.write("snapshot.json", bytes);
    snapshot = new Verified<>(fresh, bytes, keys);
  }

  // TUF §5.6.1–§5.6.6 for the top-level targets role and, during the search, delegated roles.
  private Verified<TufMetadata.Targets> loadTargets(
      String role, TufMetadata.RoleKeys roleKeys, Map<String, TufKey> keyMap, Instant now)
      throws TufRejection, IOException {
    TufMetadata.MetaFile meta = snapshot.metadata().meta().get(role + ".json");
    if (meta == null) {
      throw new TufRejection.Malformed("snapshot: no entry for " + role + ".json");
    }
    String fileName = RepositoryPaths.role(role) + ".json";
    String keys = fingerprint(roleKeys, keyMap);
    Verified<TufMetadata.Targets> trusted = targetsRoles.get(role);
    if (trusted == null || !trusted.verifiedBy().equals(keys)) {
      trusted =
          local(fileName, role, roleKeys, keyMap)
              .flatMap(v -> parseTargetsUnchecked(v, keys))
              .orElse(null);
    }
    if (trusted != null
        && isCurrent(
            trusted.metadata().version(),
            trusted.metadata().expires(),
            trusted.bytes(),
            meta,
            now)) {
      targetsRoles.put(role, trusted);
      return trusted;
    }
    // TUF §5.6.1: download (VERSION.)ROLE.json, up to the length the snapshot gives or Z.
    String name = root.consistentSnapshot() ? meta.version() + "." + fileName : fileName;
    byte[] bytes =
        transfers.read(metadata, name, meta.length().orElse(transfers.limits().maxTargetsBytes()));
    // TUF §5.6.2: hashes (and length) as the trusted snapshot lists them.
    Transfers.checkLengthAndHashes(role, bytes, meta);
    SignedMetadata envelope = SignedMetadata.parse(bytes);
    TufMetadata.Targets fresh = TufMetadata.Targets.parse(envelope.signed());
    // TUF §5.6.3: signed by a threshold of the role's keys (root, or the delegating role).
    envelope.verify(role, roleKeys, keyMap);
    // TUF §5.6.4: the version the snapshot names.
    if (fresh.version() != meta.version()) {
      throw new TufRejection.VersionMismatch(role, Long.toString(meta.version()), fresh.version());
    }
    // TUF §5.6.5: not expired.
    if (!fresh.expires().isAfter(now)) {
      throw new TufRejection.Expired(
          role + " v" + fresh.version(), fresh.expires().toString(), now.toString());
    }
    // TUF §5.6.6: persist ROLE.json.
    store.write(fileName, bytes);
    Verified<TufMetadata.Targets> verified = new Verified<>(fresh, bytes, keys);
    targetsRoles.put(role, verified);
    return verified;
  }

  /** TUF §5.6.7.2: whether a delegation covers the path; an unusable pattern is malformed. */
  private static boolean matches(
      String delegator, TufMetadata.DelegatedRole delegated, String targetPath)
      throws TufRejection.Malformed {
    try {
      return delegated.matches(targetPath);
    } catch (RuntimeException e) {
      throw new TufRejection.Malformed(
          delegator + ": delegated role " + delegated.name() + " has an unusable path pattern");
    }
  }

  /** Whether trusted metadata is exactly what the role above names now, and not expired. */
  private static boolean isCurrent(
      long version, Instant expires, byte[] bytes, TufMetadata.MetaFile meta, Instant now) {
    if (version != meta.version() || !expires.isAfter(now)) {
      return false;
    }
    try {
      Transfers.checkLengthAndHashes("trusted", bytes, meta);
      return true;
    } catch (TufRejection.LengthOrHashMismatch e) {
      return false;
    }
  }

  /**
   * Trusted metadata from the store, verified under today's keys; empty when absent or no longer
   * verifiable (e.g. after a key rotation), which leaves only the repository's copy.
   */
  private Optional<Local> local(
      String fileName, String role, TufMetadata.RoleKeys keys, Map<String, TufKey> keyMap)
      throws IOException {
    Optional<byte[]> bytes = store.read(fileName);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      SignedMetadata envelope = SignedMetadata.parse(bytes.get());
      envelope.verify(role, keys, keyMap);
      return Optional.of(new Local(envelope, bytes.get()));
    } catch (TufRejection e) {
      return Optional.empty();
    }
  }

  private record Local(SignedMetadata envelope, byte[] bytes) {}

  private static TufMetadata.Timestamp parseTimestampUnchecked(Local local) {
    try {
      return TufMetadata.Timestamp.parse(local.envelope().signed());
    } catch (TufRejection.Malformed e) {
      return null;
    }
  }

  private static Optional<Verified<TufMetadata.Snapshot>> parseSnapshotUnchecked(
      Local local, String keys) {
    try {
      return Optional.of(
          new Verified<>(
              TufMetadata.Snapshot.parse(local.envelope().signed()), local.bytes(), keys));
    } catch (TufRejection.Malformed e) {
      return Optional.empty();
    }
  }

  private static Optional<Verified<TufMetadata.Targets>> parseTargetsUnchecked(
      Local local, String keys) {
    try {
      return Optional.of(
          new Verified<>(
              TufMetadata.Targets.parse(local.envelope().signed()), local.bytes(), keys));
    } catch (TufRejection.Malformed e) {
      return Optional.empty();
    }
  }

  /** Identifies the keys something was verified under, so a cached copy is reused only for them. */
  private static String fingerprint(TufMetadata.RoleKeys role, Map<String, TufKey> keys) {
    StringBuilder out = new StringBuilder().append(role.threshold());
    for (String id : new java.util.TreeSet<>(role.keyIds())) {
      TufKey key = keys.get(id);
      out.append(' ').append(id).append('=').append(key == null ? "-" : key.keyId());
    }
    return out.toString();
  }
}
