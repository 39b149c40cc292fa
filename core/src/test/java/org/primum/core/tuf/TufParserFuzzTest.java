package org.primum.core.tuf;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.primum.core.crypto.Ed25519KeyPair;

/**
 * Jazzer fuzz targets for TUF metadata from outside: envelopes, every role's {@code signed} part,
 * keys, and delegation path patterns. Each must return a value or throw {@link TufRejection}; any
 * other exception fails the target.
 *
 * <p>{@code mvn test} replays the committed seeds; {@code JAZZER_FUZZ=1 mvn -pl core test
 * -Dtest=TufParserFuzzTest#<target>} fuzzes one target; {@code .ci/fuzz} runs all of them.
 */
class TufParserFuzzTest {
  private static final TufSigner KEY =
      TufSigner.ed25519(Ed25519KeyPair.generate(new SecureRandom()));
  private static final TufMetadata.RoleKeys ROLE =
      new TufMetadata.RoleKeys(List.of(KEY.key().keyId()), 1);
  private static final Map<String, TufKey> KEYS = Map.of(KEY.key().keyId(), KEY.key());

  @FuzzTest(maxDuration = "20s")
  void tufEnvelopeAndRoles(byte[] data) {
    try {
      SignedMetadata envelope = SignedMetadata.parse(data);
      envelope.countValid(ROLE, KEYS);
      switch (envelope.type()) {
        case "root" -> TufMetadata.Root.parse(envelope.signed());
        case "timestamp" -> TufMetadata.Timestamp.parse(envelope.signed());
        case "snapshot" -> TufMetadata.Snapshot.parse(envelope.signed());
        default -> TufMetadata.Targets.parse(envelope.signed());
      }
    } catch (TufRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void tufKey(byte[] data) {
    try {
      TufKey key = TufKey.fromJson(org.primum.core.json.Json.readTree(data));
      key.verify(data, data);
    } catch (TufRejection | org.primum.core.json.Json.JsonRejection expected) {
      // refused with a reason: fine
    } catch (org.primum.core.crypto.SignatureRejection expected) {
      // a key that parses but does not verify arbitrary bytes: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void delegationPathPattern(FuzzedDataProvider data) {
    String pattern = data.consumeString(64);
    String path = data.consumeRemainingAsString();
    new TufMetadata.DelegatedRole("fuzz", List.of(), 1, false, List.of(pattern), List.of())
        .matches(path);
  }
}
