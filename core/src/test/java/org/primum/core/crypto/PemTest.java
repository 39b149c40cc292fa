package org.primum.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void keyAndCertificates_roundTrip_preservesKeyAndChain() throws Exception {
    Instant now = Instant.now();
    CertificateAuthority ca = CertificateAuthority.create("CA", random, now, now.plusSeconds(3600));
    String pem =
        Pem.keyAndCertificates(ca.keyPair(), List.of(ca.certificate()), SecretAccess.insecure());
    Pem.KeyAndCertificates parsed = Pem.parseKeyAndCertificates(pem, true);
    assertThat(parsed.keyPair().publicKey()).isEqualTo(ca.keyPair().publicKey());
    assertThat(parsed.certificates()).containsExactly(ca.certificate());
    byte[] message = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    EcKeyPair.verify(ca.keyPair().publicKey(), message, parsed.keyPair().sign(message));
  }

  @Test
  void parsePrivateKey_derivesMatchingPublicKey() throws Exception {
    EcKeyPair key = EcKeyPair.generate(random);
    EcKeyPair parsed = Pem.parsePrivateKey(Pem.privateKey(key, SecretAccess.insecure()));
    assertThat(parsed.publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void toString_neverShowsThePrivateKey() {
    EcKeyPair key = EcKeyPair.generate(random);
    assertThat(key.toString()).doesNotContain("PRIVATE").contains("public key sha256:");
  }

  @Test
  void parse_garbage_isRefusedWithReason() {
    assertThatThrownBy(() -> Pem.parseCertificates("hello"))
        .isInstanceOf(Pem.PemRejection.class)
        .hasMessageContaining("none");
    assertThatThrownBy(
            () ->
                Pem.parseCertificates(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(Pem.PemRejection.class);
    assertThatThrownBy(() -> Pem.parseKeyAndCertificates("", true))
        .isInstanceOf(Pem.PemRejection.class)
        .hasMessageContaining("private key");
  }

  @Test
  void parseKeyAndCertificates_twoKeys_isRefused() {
    String two =
        Pem.privateKey(EcKeyPair.generate(random), SecretAccess.insecure())
            + Pem.privateKey(EcKeyPair.generate(random), SecretAccess.insecure());
    assertThatThrownBy(() -> Pem.parseKeyAndCertificates(two, false))
        .hasMessageContaining("several");
  }
}
