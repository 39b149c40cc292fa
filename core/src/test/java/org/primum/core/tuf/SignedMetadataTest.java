package org.primum.core.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.Ed25519KeyPair;

/** Threshold counting: distinct authorised keys with valid signatures, each counted once. */
class SignedMetadataTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TufSigner A = TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM));
  private static final TufSigner B = TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM));
  private static final TufSigner C = TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM));
  private static final Map<String, TufKey> KEYS =
      Map.of(
          A.key().keyId(), A.key(),
          B.key().keyId(), B.key(),
          C.key().keyId(), C.key());

  private static TufMetadata.Targets targets() {
    return new TufMetadata.Targets(
        TufMetadata.SPEC_VERSION,
        1,
        Instant.parse("2030-01-01T00:00:00Z"),
        Map.of(),
        Optional.empty());
  }

  private static TufMetadata.RoleKeys role(int threshold, TufSigner... signers) {
    return new TufMetadata.RoleKeys(
        java.util.Arrays.stream(signers).map(s -> s.key().keyId()).toList(), threshold);
  }

  @Test
  void verify_twoOfThreeDistinctKeys_meetsAThresholdOfTwo() throws Exception {
    SignedMetadata signed = SignedMetadata.parse(SignedMetadata.sign(targets(), List.of(A, C)));

    signed.verify("targets", role(2, A, B, C), KEYS);

    assertThat(signed.countValid(role(2, A, B, C), KEYS)).isEqualTo(2);
  }

  @Test
  void verify_oneKeysSignatureRepeated_countsOnce() throws Exception {
    SignedMetadata signed = SignedMetadata.parse(SignedMetadata.sign(targets(), List.of(A, A, A)));

    assertThatThrownBy(() -> signed.verify("targets", role(2, A, B), KEYS))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("needs 2")
        .hasMessageContaining("found 1");
  }

  @Test
  void verify_roleListingOneKeyTwice_countsItOnce() throws Exception {
    SignedMetadata signed = SignedMetadata.parse(SignedMetadata.sign(targets(), List.of(A)));

    assertThatThrownBy(() -> signed.verify("targets", role(2, A, A), KEYS))
        .isInstanceOf(TufRejection.ThresholdNotMet.class);
  }

  @Test
  void verify_signatureByAnUnauthorisedKey_doesNotCount() throws Exception {
    SignedMetadata signed = SignedMetadata.parse(SignedMetadata.sign(targets(), List.of(A, C)));

    assertThat(signed.countValid(role(2, A, B), KEYS)).isEqualTo(1);
  }

  @Test
  void verify_badOrUnreadableSignature_doesNotCount() throws Exception {
    String json = new String(SignedMetadata.sign(targets(), List.of(A, B)), StandardCharsets.UTF_8);
    String sigA = A.key().keyId();
    String tampered =
        json.replaceFirst(
            "\\{\"keyid\":\"" + sigA + "\",\"sig\":\"[0-9a-f]+\"\\}",
            "{\"keyid\":\"" + sigA + "\",\"sig\":\"zz\"}");
    SignedMetadata signed = SignedMetadata.parse(tampered.getBytes(StandardCharsets.UTF_8));

    assertThat(signed.countValid(role(1, A, B), KEYS)).isEqualTo(1);
    assertThat(signed.countValid(role(1, A), KEYS)).isZero();
  }

  @Test
  void verify_signedContentChanged_failsEverySignature() throws Exception {
    String json = new String(SignedMetadata.sign(targets(), List.of(A)), StandardCharsets.UTF_8);
    SignedMetadata signed =
        SignedMetadata.parse(
            json.replace("\"version\":1", "\"version\":2").getBytes(StandardCharsets.UTF_8));

    assertThat(signed.countValid(role(1, A), KEYS)).isZero();
  }

  @Test
  void parse_tooLarge_isMalformed() {
    assertThatThrownBy(() -> SignedMetadata.parse(new byte[SignedMetadata.MAX_BYTES + 1]))
        .isInstanceOf(TufRejection.Malformed.class);
  }
}
