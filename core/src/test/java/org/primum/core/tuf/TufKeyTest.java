package org.primum.core.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.SignatureRejection;
import org.primum.core.json.Json;

/** TUF key ids: hex SHA-256 of the canonical key object (TUF §4.2 KEYID). */
class TufKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void keyId_rfc8032TestKey_isSha256OfTheCanonicalKeyObject() {
    // RFC 8032 §7.1 TEST 1 public key; the expected id is
    // sha256('{"keytype":"ed25519","keyval":{"public":"d75a…511a"},"scheme":"ed25519"}').
    TufKey key =
        TufKey.ed25519(
            HexFormat.of()
                .parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));

    assertThat(key.keyId())
        .isEqualTo("74c181c7ad8a0855d4b55e44d2ba87aabdddb196832571f15f92fece332e4916");
  }

  @Test
  void fromJson_extraFields_areIgnoredForTheKeyId() throws Exception {
    TufKey plain = TufKey.ed25519(Ed25519KeyPair.generate(RANDOM).publicKey());
    var json = plain.toJson();
    json.put("x-custom", "owner");
    json.putArray("keyid_hash_algorithms").add("sha256");

    assertThat(TufKey.fromJson(json).keyId()).isEqualTo(plain.keyId());
  }

  @Test
  void fromJson_roundTrip_keepsIdAndVerifies() throws Exception {
    EcKeyPair pair = EcKeyPair.generate(RANDOM);
    TufSigner signer = TufSigner.ecdsa(pair);
    byte[] message = "message".getBytes(StandardCharsets.UTF_8);
    byte[] sig = HexFormat.of().parseHex(signer.signHex(message));

    TufKey parsed = TufKey.fromJson(signer.key().toJson().deepCopy());

    assertThat(parsed.keyId()).isEqualTo(signer.key().keyId());
    parsed.verify(message, sig);
  }

  @Test
  void verify_unsupportedKeyType_neverVerifies() throws Exception {
    TufKey rsa =
        TufKey.fromJson(
            Json.readTree(
                "{\"keytype\":\"rsa\",\"scheme\":\"rsassa-pss-sha256\",\"keyval\":{\"public\":\"x\"}}"
                    .getBytes(StandardCharsets.UTF_8)));

    assertThat(rsa.isSupported()).isFalse();
    assertThatThrownBy(() -> rsa.verify(new byte[1], new byte[64]))
        .isInstanceOf(SignatureRejection.class);
  }

  @Test
  void fromJson_missingKeyval_isMalformed() {
    assertThatThrownBy(
            () ->
                TufKey.fromJson(
                    Json.readTree(
                        "{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\"}"
                            .getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(TufRejection.Malformed.class);
  }
}
