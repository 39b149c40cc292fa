package org.primum.hub.updates;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Uptane-style director: one root for all devices (its four roles all held by the hub's online
 * director key) and, per device, targets metadata naming the one image assigned to it, or nothing.
 *
 * <p>Security guarantees: a device's targets version strictly increases with every assignment,
 * withdrawal and re-signing, so a replayed older assignment is refused by the device (TUF 5.6.5);
 * the director names only images the image repository published, with the same length and hashes,
 * so a device that checks both (as the kit does) installs nothing the offline targets keys did not
 * vouch for, even if this key is stolen.
 */
public final class Director implements Assignments {
  private static final Logger LOG = LoggerFactory.getLogger(Director.class);
  private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** A device's current assignment as the director signed it. */
  public record Assignment(
      String serial,
      long version,
      Optional<Long> releaseId,
      Optional<Long> rolloutId,
      Instant expires) {}

  private final UpdateStore store;
  private final OnlineKeys keys;
  private final Clock clock;
  private final UpdateRepository.Settings settings;
  private final Object lock = new Object();

  Director(UpdateStore store, OnlineKeys keys, Clock clock, UpdateRepository.Settings settings) {
    this.store = Objects.requireNonNull(store);
    this.keys = Objects.requireNonNull(keys);
    this.clock = Objects.requireNonNull(clock);
    this.settings = Objects.requireNonNull(settings);
  }

  /**
   * Signs targets naming release {@code releaseId} for {@code serial}.
   *
   * @throws IllegalArgumentException if the serial is malformed or no such release exists
   */
  @Override
  public void assign(String serial, long releaseId, long rolloutId) {
    checkSerial(serial);
    UpdateStore.ReleaseRow release =
        store
            .release(releaseId)
            .orElseThrow(() -> new IllegalArgumentException("no release " + releaseId));
    signWithRetry(serial, Optional.of(release), Optional.of(rolloutId));
    LOG.atInfo()
        .addKeyValue("serial", serial)
        .addKeyValue("release", releaseId)
        .addKeyValue("rollout", rolloutId)
        .log("director assigned a release");
  }

  @Override
  public void withdraw(String serial) {
    checkSerial(serial);
    signWithRetry(serial, Optional.empty(), Optional.empty());
  }

  /**
   * Signs the next version; if another hub process took that version first, signs the one after.
   */
  private void signWithRetry(
      String serial, Optional<UpdateStore.ReleaseRow> release, Optional<Long> rolloutId) {
    try {
      signNext(serial, release, rolloutId);
    } catch (UpdateStore.Conflict e) {
      signNext(serial, release, rolloutId);
    }
  }

  /** The device's current assignment, if the director ever signed targets for it. */
  public Optional<Assignment> assignment(String serial) {
    return store
        .latestDirector(serial)
        .map(
            row ->
                new Assignment(
                    serial, row.version(), row.releaseId(), row.rolloutId(), row.expires()));
  }

  /** The director's root metadata of {@code version} (version 1 is created on first use). */
  public Optional<byte[]> root(long version) {
    ensureRoot();
    return store
        .find(UpdateRepository.DIRECTOR, "root", version)
        .map(UpdateStore.Metadata::content);
  }

  /**
   * The device's current targets metadata: signed now (empty) if the director never spoke to it,
   * and re-signed with the next version if less than half of its lifetime remains.
   */
  public byte[] targets(String serial) {
    checkSerial(serial);
    synchronized (lock) {
      Optional<UpdateStore.DirectorRow> row = store.latestDirector(serial);
      Instant now = clock.instant();
      if (row.isPresent()
          && !UpdateRepository.dueForResigning(
              row.get().expires(), settings.directorTargetsLifetime(), now)) {
        return row.get().content();
      }
      Optional<UpdateStore.ReleaseRow> release =
          row.flatMap(UpdateStore.DirectorRow::releaseId).flatMap(store::release);
      Optional<Long> rollout = row.flatMap(UpdateStore.DirectorRow::rolloutId);
      try {
        return signNext(serial, release, rollout);
      } catch (UpdateStore.Conflict e) {
        // Another hub process signed the same version first; serve what it stored.
        return store.latestDirector(serial).orElseThrow().content();
      }
    }
  }

  private byte[] signNext(
      String serial, Optional<UpdateStore.ReleaseRow> release, Optional<Long> rolloutId) {
    ensureRoot();
    requireOwnKey();
    synchronized (lock) {
      Instant now = clock.instant();
      long version =
          store.latestDirector(serial).map(UpdateStore.DirectorRow::version).orElse(0L) + 1;
      Instant expires = now.plus(settings.directorTargetsLifetime());
      Map<String, TufMetadata.TargetFile> targets =
          release
              .map(r -> Map.of(r.targetPath(), targetFile(r, serial, rolloutId)))
              .orElse(Map.of());
      TufMetadata.Targets metadata =
          new TufMetadata.Targets(
              TufMetadata.SPEC_VERSION, version, expires, targets, Optional.empty());
      byte[] content = SignedMetadata.sign(metadata, List.of(keys.director()));
      store.transaction(
          h -> {
            store.insertDirector(
                h,
                serial,
                version,
                content,
                metadata.expires(),
                now,
                release.map(UpdateStore.ReleaseRow::id),
                rolloutId);
            return null;
          });
      return content;
    }
  }

  /** The contract's director target: the image repository's length and hashes, and who for. */
  private static TufMetadata.TargetFile targetFile(
      UpdateStore.ReleaseRow release, String serial, Optional<Long> rolloutId) {
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.put("hardwareId", release.hardwareId());
    custom.put("releaseCounter", release.releaseCounter());
    custom.put("serial", serial);
    rolloutId.ifPresent(id -> custom.put("rollout", id));
    return new TufMetadata.TargetFile(
        release.length(),
        release.sha512().isEmpty()
            ? Map.of("sha256", release.sha256())
            : Map.of("sha256", release.sha256(), "sha512", release.sha512()),
        Optional.of(custom));
  }

  /** Creates director root v1 once (all four roles: the director key, threshold 1). */
  private void ensureRoot() {
    if (store.latest(UpdateRepository.DIRECTOR, "root").isPresent()) {
      return;
    }
    synchronized (lock) {
      if (store.latest(UpdateRepository.DIRECTOR, "root").isPresent()) {
        return;
      }
      try {
        storeRoot(1, clock.instant());
      } catch (UpdateStore.Conflict e) {
        // another hub process created it first
      }
    }
  }

  /** Re-signs the director's root (next version) if less than half its lifetime remains. */
  int refreshRoot() {
    synchronized (lock) {
      Optional<UpdateStore.Metadata> root = store.latest(UpdateRepository.DIRECTOR, "root");
      Instant now = clock.instant();
      if (root.isEmpty()
          || !UpdateRepository.dueForResigning(
              root.get().expires(), settings.directorRootLifetime(), now)) {
        return 0;
      }
      try {
        storeRoot(root.get().version() + 1, now);
        return 1;
      } catch (UpdateStore.Conflict e) {
        return 0;
      }
    }
  }

  private void storeRoot(long version, Instant now) {
    TufKey key = keys.directorKey();
    TufMetadata.RoleKeys only = new TufMetadata.RoleKeys(List.of(key.keyId()), 1);
    TufMetadata.Root root =
        new TufMetadata.Root(
            TufMetadata.SPEC_VERSION,
            version,
            now.plus(settings.directorRootLifetime()),
            false,
            Map.of(key.keyId(), key),
            Map.of("root", only, "targets", only, "snapshot", only, "timestamp", only));
    // TUF 5.3.4: a new root is signed by the old root's keys and its own; here they are one key.
    byte[] content = SignedMetadata.sign(root, List.of(keys.director()));
    store.transaction(
        h -> {
          store.insertMetadata(
              h, UpdateRepository.DIRECTOR, "root", version, content, root.expires(), now);
          return null;
        });
  }

  /** Refuses to sign when the director root lists another key (replicas must share keys). */
  private void requireOwnKey() {
    UpdateStore.Metadata root = store.latest(UpdateRepository.DIRECTOR, "root").orElseThrow();
    String own = keys.directorKey().keyId();
    try {
      TufMetadata.Root parsed =
          TufMetadata.Root.parse(SignedMetadata.parse(root.content()).signed());
      if (!parsed.role("targets").keyIds().contains(own)) {
        throw new IllegalStateException(
            "the director root lists key(s) "
                + parsed.role("targets").keyIds()
                + ", not this hub's director key "
                + own
                + "; hub processes sharing a database must share <data>/keys/tuf-director.pem");
      }
    } catch (org.primum.core.tuf.TufRejection.Malformed e) {
      throw new IllegalStateException("the stored director root is unreadable", e);
    }
  }

  private static void checkSerial(String serial) {
    if (serial == null || !SERIAL.matcher(serial).matches()) {
      throw new IllegalArgumentException(
          "a serial must match " + SERIAL.pattern() + ", found \"" + serial + "\"");
    }
  }
}
