package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;

/**
 * Walks served metadata as a TUF client would (root → timestamp → snapshot → targets), checking
 * thresholds with core's {@link SignedMetadata} and the versions and hashes each role gives the
 * next. Test-only; the device kit holds the real client.
 */
final class ClientWalk {
  private ClientWalk() {}

  /** The trusted top-level targets, fetching files by consistent name through {@code fetch}. */
  static TufMetadata.Targets walk(long rootVersion, Function<String, byte[]> fetch)
      throws Exception {
    SignedMetadata rootEnvelope = SignedMetadata.parse(fetch.apply(rootVersion + ".root.json"));
    TufMetadata.Root root = TufMetadata.Root.parse(rootEnvelope.signed());
    rootEnvelope.verify("root", root.role("root"), root.keys());
    assertThat(root.consistentSnapshot()).isTrue();

    SignedMetadata tsEnvelope = SignedMetadata.parse(fetch.apply("timestamp.json"));
    tsEnvelope.verify("timestamp", root.role("timestamp"), root.keys());
    TufMetadata.Timestamp timestamp = TufMetadata.Timestamp.parse(tsEnvelope.signed());

    byte[] snapshotBytes = fetch.apply(timestamp.snapshot().version() + ".snapshot.json");
    assertThat(Hashes.sha256Hex(snapshotBytes))
        .isEqualTo(timestamp.snapshot().hashes().get("sha256"));
    SignedMetadata snapshotEnvelope = SignedMetadata.parse(snapshotBytes);
    snapshotEnvelope.verify("snapshot", root.role("snapshot"), root.keys());
    TufMetadata.Snapshot snapshot = TufMetadata.Snapshot.parse(snapshotEnvelope.signed());

    TufMetadata.MetaFile targetsMeta = snapshot.meta().get("targets.json");
    byte[] targetsBytes = fetch.apply(targetsMeta.version() + ".targets.json");
    assertThat(Hashes.sha256Hex(targetsBytes)).isEqualTo(targetsMeta.hashes().get("sha256"));
    SignedMetadata targetsEnvelope = SignedMetadata.parse(targetsBytes);
    targetsEnvelope.verify("targets", root.role("targets"), root.keys());
    TufMetadata.Targets targets = TufMetadata.Targets.parse(targetsEnvelope.signed());
    assertThat(targets.version()).isEqualTo(targetsMeta.version());
    return targets;
  }
}
