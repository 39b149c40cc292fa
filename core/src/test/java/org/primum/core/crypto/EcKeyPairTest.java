package org.primum.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class EcKeyPairTest {
  private final EcKeyPair key = EcKeyPair.generate(new SecureRandom());
  private final byte[] message = "status".getBytes(StandardCharsets.UTF_8);

  @Test
  void sign_isDeterministic_rfc6979() {
    assertThat(key.sign(message)).isEqualTo(key.sign(message));
  }

  @Test
  void sign_verifiesWithThePlatformsOwnEcdsa() throws Exception {
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(key.publicKey());
    jdk.update(message);
    assertThat(jdk.verify(key.sign(message))).isTrue();
  }

  @Test
  void verify_wrongMessageOrMalformedSignature_throws() throws Exception {
    byte[] signature = key.sign(message);
    EcKeyPair.verify(key.publicKey(), message, signature);
    assertThatThrownBy(
            () ->
                EcKeyPair.verify(
                    key.publicKey(), "other".getBytes(StandardCharsets.UTF_8), signature))
        .isInstanceOf(SignatureRejection.class)
        .hasMessageContaining("does not verify");
    assertThatThrownBy(() -> EcKeyPair.verify(key.publicKey(), message, new byte[] {1, 2, 3}))
        .isInstanceOf(SignatureRejection.class);
  }
}
