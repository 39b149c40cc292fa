package org.primum.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;

/**
 * An in-memory TUF repository for tests: real Ed25519 keys generated with {@link SecureRandom},
 * metadata signed with core's {@link SignedMetadata}, served through a {@link Fetcher} (or over
 * HTTPS by {@link HttpsRepositoryServer}). An image repository publishes root, timestamp, snapshot,
 * targets and delegated roles with consistent snapshots; a director publishes root and an
 * unversioned {@code targets.json}.
 *
 * <p>Attack tests tamper with {@link #files} directly or install a {@link #serve override}.
 */
public final class RepositoryFixture {
  /** The device's time in every test unless a test moves its clock. */
  public static final Instant NOW = Instant.parse("2026-11-22T19:00:00Z");

  public static final String HARDWARE = "rp-1";
  public static final String SERIAL = "PUMP-0001";

  private final SecureRandom random;
  private final boolean director;

  /** role name → the signers that sign it (top-level and delegated). */
  public final Map<String, List<TufSigner>> signers = new HashMap<>();

  /** role name → threshold. */
  public final Map<String, Integer> thresholds = new HashMap<>();

  /** role name → expiry of the next signing. */
  public final Map<String, Instant> expires = new HashMap<>();

  /** role name → version of the last signing. */
  public final Map<String, Long> versions = new HashMap<>();

  /** Extra root signers for the next root (old keys during a rotation). */
  public final List<TufSigner> extraRootSigners = new ArrayList<>();

  /** role name → its targets (top-level role is "targets"). */
  public final Map<String, Map<String, TufMetadata.TargetFile>> targets = new LinkedHashMap<>();

  /** role name → its delegations, in order. */
  public final Map<String, List<TufMetadata.DelegatedRole>> delegations = new LinkedHashMap<>();

  public boolean consistentSnapshot = true;

  /** What is served: path → bytes. */
  public final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** Paths served by a stream supplier instead (attacks: endless, slow). */
  public final Map<String, Supplier<InputStream>> overrides = new ConcurrentHashMap<>();

  /** Every path requested, in order. */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  private RepositoryFixture(SecureRandom random, boolean director) {
    this.random = random;
    this.director = director;
    for (String role : TufMetadata.Root.TOP_LEVEL) {
      signers.put(role, List.of(newSigner()));
      thresholds.put(role, 1);
      expires.put(role, NOW.plus(Duration.ofDays(role.equals("timestamp") ? 1 : 365)));
      versions.put(role, 0L);
    }
    targets.put("targets", new TreeMap<>());
  }

  /** An image repository with root v1 and one empty targets role, published. */
  public static RepositoryFixture image(SecureRandom random) {
    RepositoryFixture fixture = new RepositoryFixture(random, false);
    fixture.publishRoot();
    fixture.publish();
    return fixture;
  }

  /** A director with root v1 and no assignment, published. */
  public static RepositoryFixture director(SecureRandom random) {
    RepositoryFixture fixture = new RepositoryFixture(random, true);
    fixture.consistentSnapshot = false;
    fixture.publishRoot();
    fixture.publish();
    return fixture;
  }

  public TufSigner newSigner() {
    return TufSigner.ed25519(Ed25519KeyPair.generate(random));
  }

  /** The served root of {@code version}. */
  public byte[] root(long version) {
    return files.get(version + ".root.json");
  }

  /** Writes the first root into {@code dir} as the provisioned {@code 1.root.json}. */
  public void provision(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("1.root.json"), root(1));
  }

  /** Signs and serves the next root version. */
  public TufMetadata.Root publishRoot() {
    long version = versions.merge("root", 1L, Long::sum);
    Map<String, TufKey> keys = new TreeMap<>();
    Map<String, TufMetadata.RoleKeys> roles = new TreeMap<>();
    for (String role : TufMetadata.Root.TOP_LEVEL) {
      List<String> ids = new ArrayList<>();
      for (TufSigner signer : signers.get(role)) {
        keys.put(signer.key().keyId(), signer.key());
        ids.add(signer.key().keyId());
      }
      roles.put(role, new TufMetadata.RoleKeys(ids, thresholds.get(role)));
    }
    TufMetadata.Root root =
        new TufMetadata.Root(
            TufMetadata.SPEC_VERSION,
            version,
            expires.get("root"),
            consistentSnapshot,
            keys,
            roles);
    List<TufSigner> all = new ArrayList<>(signers.get("root"));
    for (TufSigner extra : extraRootSigners) {
      if (!all.contains(extra)) {
        all.add(extra);
      }
    }
    files.put(version + ".root.json", SignedMetadata.sign(root, all));
    extraRootSigners.clear();
    return root;
  }

  /**
   * Replaces {@code role}'s keys with {@code count} new ones (threshold {@code threshold}) and
   * publishes a new root; a new root key set signs together with the old one (TUF §5.3.4).
   */
  public void rotate(String role, int count, int threshold) {
    if (role.equals("root")) {
      extraRootSigners.addAll(signers.get("root"));
    }
    List<TufSigner> fresh = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fresh.add(newSigner());
    }
    signers.put(role, fresh);
    thresholds.put(role, threshold);
    publishRoot();
  }

  /** Adds a target to {@code role} and serves its content under its consistent name. */
  public TufMetadata.TargetFile addTarget(
      String role, String path, byte[] content, Optional<JsonNode> custom) {
    TufMetadata.TargetFile file = TufMetadata.TargetFile.of(content, custom);
    targets.computeIfAbsent(role, r -> new TreeMap<>()).put(path, file);
    int slash = path.lastIndexOf('/');
    String name =
        (slash < 0 ? "" : path.substring(0, slash + 1))
            + Hashes.sha256Hex(content)
            + "."
            + path.substring(slash + 1);
    files.put("targets/" + (consistentSnapshot ? name : path), content);
    return file;
  }

  /** A firmware image for {@code rp-1} at {@code releaseCounter}, in the top-level targets. */
  public TufMetadata.TargetFile addFirmware(
      String path, byte[] content, String version, long releaseCounter) {
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.put("version", version);
    custom.putArray("hardwareIds").add(HARDWARE);
    custom.put("releaseCounter", releaseCounter);
    custom.put(
        "notes", Hashes.sha256Hex(version.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return addTarget("targets", path, content, Optional.of(custom));
  }

  /** Delegates {@code paths} from {@code parent} to a new role with {@code keys} fresh keys. */
  public void delegate(
      String parent,
      String name,
      List<String> paths,
      boolean terminating,
      int keys,
      int threshold) {
    List<TufSigner> roleSigners = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      roleSigners.add(newSigner());
    }
    signers.put(name, roleSigners);
    thresholds.put(name, threshold);
    expires.putIfAbsent(name, NOW.plus(Duration.ofDays(90)));
    versions.putIfAbsent(name, 0L);
    targets.computeIfAbsent(name, r -> new TreeMap<>());
    delegations
        .computeIfAbsent(parent, p -> new ArrayList<>())
        .add(
            new TufMetadata.DelegatedRole(
                name,
                roleSigners.stream().map(s -> s.key().keyId()).toList(),
                threshold,
                terminating,
                paths,
                List.of()));
  }

  /** Delegates to an existing role again (cycles, shared roles). */
  public void delegateExisting(
      String parent, String name, List<String> paths, boolean terminating) {
    delegations
        .computeIfAbsent(parent, p -> new ArrayList<>())
        .add(
            new TufMetadata.DelegatedRole(
                name,
                signers.get(name).stream().map(s -> s.key().keyId()).toList(),
                thresholds.get(name),
                terminating,
                paths,
                List.of()));
  }

  /** The signed bytes of {@code role}'s targets metadata at {@code version} (not served). */
  public byte[] signTargets(String role, long version) {
    return SignedMetadata.sign(targetsMetadata(role, version), signers.get(role));
  }

  public TufMetadata.Targets targetsMetadata(String role, long version) {
    Optional<TufMetadata.Delegations> delegated = Optional.empty();
    List<TufMetadata.DelegatedRole> children = delegations.getOrDefault(role, List.of());
    if (!children.isEmpty()) {
      Map<String, TufKey> keys = new TreeMap<>();
      for (TufMetadata.DelegatedRole child : children) {
        for (TufSigner signer : signers.get(child.name())) {
          keys.put(signer.key().keyId(), signer.key());
        }
      }
      delegated = Optional.of(new TufMetadata.Delegations(keys, children));
    }
    return new TufMetadata.Targets(
        TufMetadata.SPEC_VERSION,
        version,
        expires.getOrDefault(role, NOW.plus(Duration.ofDays(90))),
        targets.getOrDefault(role, Map.of()),
        delegated);
  }

  /**
   * Signs and serves new versions of every targets role, then snapshot and timestamp (image), or
   * the director's {@code targets.json}.
   */
  public void publish() {
    if (director) {
      long version = versions.merge("targets", 1L, Long::sum);
      files.put("targets.json", signTargets("targets", version));
      return;
    }
    Map<String, TufMetadata.MetaFile> meta = new TreeMap<>();
    for (String role : targets.keySet()) {
      long version = versions.merge(role, 1L, Long::sum);
      byte[] bytes = signTargets(role, version);
      String file = RepositoryPaths.role(role) + ".json";
      files.put(consistentSnapshot ? version + "." + file : file, bytes);
      meta.put(role + ".json", TufMetadata.MetaFile.of(version, bytes));
    }
    publishSnapshot(meta);
  }

  /** Signs and serves a snapshot over {@code meta}, then a timestamp over it. */
  public byte[] publishSnapshot(Map<String, TufMetadata.MetaFile> meta) {
    long version = versions.merge("snapshot", 1L, Long::sum);
    byte[] snapshot =
        SignedMetadata.sign(
            new TufMetadata.Snapshot(
                TufMetadata.SPEC_VERSION, version, expires.get("snapshot"), meta),
            signers.get("snapshot"));
    files.put(consistentSnapshot ? version + ".snapshot.json" : "snapshot.json", snapshot);
    publishTimestamp(TufMetadata.MetaFile.of(version, snapshot));
    return snapshot;
  }

  /** Signs and serves a new timestamp naming {@code snapshot}. */
  public byte[] publishTimestamp(TufMetadata.MetaFile snapshot) {
    long version = versions.merge("timestamp", 1L, Long::sum);
    byte[] timestamp =
        SignedMetadata.sign(
            new TufMetadata.Timestamp(
                TufMetadata.SPEC_VERSION, version, expires.get("timestamp"), snapshot),
            signers.get("timestamp"));
    files.put("timestamp.json", timestamp);
    return timestamp;
  }

  /** The metadata entries of the current snapshot (parsed back from what is served). */
  public TufMetadata.Snapshot currentSnapshot() {
    try {
      byte[] bytes =
          consistentSnapshot
              ? files.get(versions.get("snapshot") + ".snapshot.json")
              : files.get("snapshot.json");
      return TufMetadata.Snapshot.parse(SignedMetadata.parse(bytes).signed());
    } catch (org.primum.core.tuf.TufRejection e) {
      throw new IllegalStateException(e);
    }
  }

  /** Director: assigns {@code file} at {@code path} to the device and publishes. */
  public void assign(
      String path, TufMetadata.TargetFile file, String hardwareId, String serial, long counter) {
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.put("hardwareId", hardwareId);
    custom.put("releaseCounter", counter);
    custom.put("serial", serial);
    custom.put("rollout", 17);
    Map<String, TufMetadata.TargetFile> assigned = new TreeMap<>();
    assigned.put(
        path, new TufMetadata.TargetFile(file.length(), file.hashes(), Optional.of(custom)));
    targets.put("targets", assigned);
    publish();
  }

  /** Director: withdraws the assignment and publishes. */
  public void withdraw() {
    targets.put("targets", new TreeMap<>());
    publish();
  }

  /** Serves {@code path} from a stream supplier (endless, slow, …). */
  public void serve(String path, Supplier<InputStream> stream) {
    overrides.put(path, stream);
  }

  /** Requests for metadata (not targets), in order. */
  public List<String> metadataRequests() {
    return requests.stream().filter(p -> !p.startsWith("targets/")).toList();
  }

  /** A fetcher over what is served, logging every request. */
  public Fetcher fetcher() {
    return (path, offset) -> {
      requests.add(path);
      Supplier<InputStream> override = overrides.get(path);
      if (override != null) {
        InputStream in = override.get();
        in.skipNBytes(offset);
        return in;
      }
      byte[] bytes = files.get(path);
      if (bytes == null) {
        throw new FileNotFoundException(path);
      }
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      in.skipNBytes(offset);
      return in;
    };
  }
}
