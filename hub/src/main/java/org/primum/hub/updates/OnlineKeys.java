package org.primum.hub.updates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.files.SecureFiles;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufSigner;

/**
 * The hub's online TUF keys: snapshot and timestamp of the image repository, and the director's
 * key. Each is an Ed25519 key in {@code <data>/keys/tuf-<role>.pem} (owner-only), created on first
 * use. The offline root and targets keys never come here.
 *
 * <p>Security guarantees: a compromise of these keys lets an attacker freeze or mix metadata for at
 * most the timestamp's lifetime and steer assignments, but never sign an image: the image
 * repository's targets role needs the offline keys, and a device installs only what both the
 * director and the image repository vouch for.
 */
public final class OnlineKeys {
  private final TufSigner snapshot;
  private final TufSigner timestamp;
  private final TufSigner director;

  OnlineKeys(TufSigner snapshot, TufSigner timestamp, TufSigner director) {
    this.snapshot = Objects.requireNonNull(snapshot);
    this.timestamp = Objects.requireNonNull(timestamp);
    this.director = Objects.requireNonNull(director);
  }

  /** Loads the three keys from {@code <dataDir>/keys}, creating the missing ones. */
  public static OnlineKeys loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
    Path keys = SecureFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
    return SecureFiles.withLock(
        keys.resolve(".lock"),
        () ->
            new OnlineKeys(
                TufSigner.ed25519(load(keys.resolve("tuf-snapshot.pem"), random)),
                TufSigner.ed25519(load(keys.resolve("tuf-timestamp.pem"), random)),
                TufSigner.ed25519(load(keys.resolve("tuf-director.pem"), random))));
  }

  private static Ed25519KeyPair load(Path file, SecureRandom random) throws IOException {
    if (Files.exists(file)) {
      try {
        return Ed25519KeyPair.fromPem(
            new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII));
      } catch (Pem.PemRejection e) {
        throw new IOException("the key file " + file + " is damaged: " + e.getMessage(), e);
      }
    }
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    SecureFiles.writeSecret(
        file, key.toPem(SecretAccess.insecure()).getBytes(StandardCharsets.US_ASCII));
    return key;
  }

  /** The image repository's snapshot key, which root must list for the snapshot role. */
  public TufKey snapshotKey() {
    return snapshot.key();
  }

  /** The image repository's timestamp key, which root must list for the timestamp role. */
  public TufKey timestampKey() {
    return timestamp.key();
  }

  /** The director's key (all four roles of the director's root). */
  public TufKey directorKey() {
    return director.key();
  }

  TufSigner snapshot() {
    return snapshot;
  }

  TufSigner timestamp() {
    return timestamp;
  }

  TufSigner director() {
    return director;
  }
}
