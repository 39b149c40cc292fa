package org.primum.device.update;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/** Loads the trusted root and walks the root chain one version at a time (TUF §5.2, §5.3). */
final class RootChain {
  private RootChain() {}

  /**
   * Loads the trusted root from disk (TUF §5.2): it must be signed by a threshold of its own root
   * keys, which catches a damaged state file; its expiry does not matter yet.
   */
  static TufMetadata.Root load(MetadataStore store, String what) throws TufRejection, IOException {
    Optional<byte[]> bytes = store.read("root.json");
    boolean provisioned = bytes.isEmpty();
    if (provisioned) {
      bytes = store.read("1.root.json");
    }
    if (bytes.isEmpty()) {
      throw new IOException(
          "no trusted "
              + what
              + " root in "
              + store.dir()
              + ": provision root.json (or 1.root.json) first");
    }
    SignedMetadata envelope = SignedMetadata.parse(bytes.get());
    TufMetadata.Root root = TufMetadata.Root.parse(envelope.signed());
    envelope.verify(what + " root", root.role("root"), root.keys());
    if (provisioned) {
      // The provisioned root becomes the trusted root.json the workflow keeps up to date.
      store.write("root.json", bytes.get());
    }
    return root;
  }

  /**
   * Updates {@code trusted} to the newest root the repository offers and checks it is not expired
   * (TUF §5.3.2–§5.3.10). Each new root is persisted as soon as it is trusted.
   */
  static TufMetadata.Root update(
      TufMetadata.Root trusted,
      MetadataStore store,
      Fetcher fetcher,
      Transfers transfers,
      Instant updateStart,
      String what)
      throws TufRejection, IOException {
    // TUF §5.3.3 / §5.3.9: at most Y new roots per update cycle.
    for (int i = 0; i < transfers.limits().maxRootRotations(); i++) {
      // TUF §5.3.2: N is the trusted version; try N+1.
      long next = trusted.version() + 1;
      byte[] bytes;
      try {
        // TUF §5.3.3: download N+1.root.json, up to W bytes.
        bytes = transfers.read(fetcher, next + ".root.json", transfers.limits().maxRootBytes());
      } catch (FileNotFoundException e) {
        break;
      }
      SignedMetadata envelope = SignedMetadata.parse(bytes);
      TufMetadata.Root candidate = TufMetadata.Root.parse(envelope.signed());
      // TUF §5.3.4 (1): signed by a threshold of the trusted root's root keys.
      envelope.verify(
          what + " root v" + candidate.version() + " (by the keys of v" + trusted.version() + ")",
          trusted.role("root"),
          trusted.keys());
      // TUF §5.3.5: the new version must be exactly N+1 (a lower one is a rollback).
      if (candidate.version() < next) {
        throw new TufRejection.Rollback(what + " root", trusted.version(), candidate.version());
      }
      if (candidate.version() != next) {
        throw new TufRejection.VersionMismatch(
            what + " root", Long.toString(next), candidate.version());
      }
      // TUF §5.3.4 (2): signed by a threshold of its own root keys.
      envelope.verify(
          what + " root v" + candidate.version() + " (by its own keys)",
          candidate.role("root"),
          candidate.keys());
      // TUF §5.3.6: an intermediate root's expiry does not matter.
      // TUF §5.3.7: trust it; §5.3.8: persist it as root.json.
      trusted = candidate;
      store.write("root.json", bytes);
    }
    // TUF §5.3.10: the final root must not be expired at the fixed update start time.
    if (!trusted.expires().isAfter(updateStart)) {
      throw new TufRejection.Expired(
          what + " root v" + trusted.version(),
          trusted.expires().toString(),
          updateStart.toString());
    }
    return trusted;
  }

  /** Whether {@code role}'s keys or threshold differ between two roots (TUF §5.3.11). */
  static boolean rotated(TufMetadata.Root before, TufMetadata.Root after, String role) {
    TufMetadata.RoleKeys a = before.role(role);
    TufMetadata.RoleKeys b = after.role(role);
    if (a.threshold() != b.threshold()
        || !new HashSet<>(a.keyIds()).equals(new HashSet<>(b.keyIds()))) {
      return true;
    }
    for (String id : a.keyIds()) {
      if (!java.util.Objects.equals(before.keys().get(id), after.keys().get(id))) {
        return true;
      }
    }
    return false;
  }
}
