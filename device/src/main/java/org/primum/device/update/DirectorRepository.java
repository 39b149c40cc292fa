package org.primum.device.update;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/**
 * The Uptane-style director as this device trusts it: its own root chain (TUF §5.3, exactly as for
 * the image repository) and its per-device targets metadata, signed by the director root's targets
 * keys, whose version never goes back. The director's timestamp and snapshot roles are not used.
 */
final class DirectorRepository {
  private final MetadataStore store;
  private final Fetcher fetcher;
  private final Transfers transfers;
  private TufMetadata.Root root;
  private TufMetadata.Targets targets;

  /** What the device checks in an assignment before it trusts it (e.g. that it names itself). */
  @FunctionalInterface
  interface Acceptance {
    void check(TufMetadata.Targets assignment) throws TufRejection;
  }

  DirectorRepository(MetadataStore store, Fetcher fetcher, Transfers transfers) {
    this.store = store;
    this.fetcher = fetcher;
    this.transfers = transfers;
  }

  /**
   * Updates the director root and fetches this device's assignment; {@code acceptance} runs on the
   * verified assignment before it is persisted, so an assignment it refuses (for instance one for
   * another device, carried in on an offline bundle) never becomes the trusted version baseline.
   */
  TufMetadata.Targets refresh(Instant now, Acceptance acceptance) throws TufRejection, IOException {
    // TUF §5.2 / §5.3 for the director root.
    TufMetadata.Root start = root != null ? root : RootChain.load(store, "director");
    root = start;
    TufMetadata.Root latest = RootChain.update(start, store, fetcher, transfers, now, "director");
    if (latest != start) {
      targets = null;
      if (RootChain.rotated(start, latest, "targets")) {
        // Like TUF §5.3.11: new targets keys reset the version baseline (fast-forward recovery).
        store.delete("targets.json");
      }
    }
    root = latest;
    TufMetadata.Targets trusted = targets != null ? targets : local().orElse(null);
    byte[] bytes = transfers.read(fetcher, "targets.json", transfers.limits().maxTargetsBytes());
    SignedMetadata envelope = SignedMetadata.parse(bytes);
    TufMetadata.Targets fresh = TufMetadata.Targets.parse(envelope.signed());
    // Signed by a threshold of the director root's targets keys (TUF §5.6.3 for the director).
    envelope.verify("director targets", root.role("targets"), root.keys());
    // Uptane: the director's targets version never decreases (rollback, replay).
    if (trusted != null && fresh.version() < trusted.version()) {
      throw new TufRejection.Rollback("director targets", trusted.version(), fresh.version());
    }
    // TUF §5.6.5: not expired at the fixed update start time.
    if (!fresh.expires().isAfter(now)) {
      throw new TufRejection.Expired(
          "director targets v" + fresh.version(), fresh.expires().toString(), now.toString());
    }
    // Uptane: the assignment is for this device (serial, hardware id) before it is trusted.
    acceptance.check(fresh);
    Optional<byte[]> onDisk = store.read("targets.json");
    if (onDisk.isEmpty() || !Arrays.equals(onDisk.get(), bytes)) {
      store.write("targets.json", bytes);
    }
    targets = fresh;
    return fresh;
  }

  private Optional<TufMetadata.Targets> local() throws IOException {
    Optional<byte[]> bytes = store.read("targets.json");
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      SignedMetadata envelope = SignedMetadata.parse(bytes.get());
      envelope.verify("director targets", root.role("targets"), root.keys());
      return Optional.of(TufMetadata.Targets.parse(envelope.signed()));
    } catch (TufRejection e) {
      return Optional.empty();
    }
  }
}
