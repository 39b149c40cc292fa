package org.primum.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CertificateRequestsTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void parse_ownRequest_yieldsCommonNameAndKey() throws Exception {
    EcKeyPair key = EcKeyPair.generate(random);
    CertificateRequests.ValidatedRequest request =
        CertificateRequests.parse(CertificateRequests.create(key, "PUMP-0001"));
    assertThat(request.commonName()).isEqualTo("PUMP-0001");
    assertThat(request.publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void parse_lineWrappedBase64_isAccepted() throws Exception {
    String csr = CertificateRequests.create(EcKeyPair.generate(random), "PUMP-0002");
    String wrapped = csr.replaceAll("(.{64})", "$1\r\n");
    assertThat(CertificateRequests.parse(wrapped).commonName()).isEqualTo("PUMP-0002");
  }

  @Test
  void parse_rsaKey_isRefusedNamingTheKeyType() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    var pair = rsa.generateKeyPair();
    byte[] der =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=PUMP-0003"), pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()))
            .getEncoded();
    assertThatThrownBy(() -> CertificateRequests.parse(Base64.getEncoder().encodeToString(der)))
        .isInstanceOf(CertificateRequests.CsrRejection.class)
        .hasMessageContaining("P-256");
  }

  @Test
  void parse_otherCurve_isRefused() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    var pair = ec.generateKeyPair();
    byte[] der =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=PUMP-0004"), pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
            .getEncoded();
    assertThatThrownBy(() -> CertificateRequests.parse(Base64.getEncoder().encodeToString(der)))
        .isInstanceOf(CertificateRequests.CsrRejection.class)
        .hasMessageContaining("another curve");
  }

  @Test
  void parse_extraSubjectAttributes_areRefused() throws Exception {
    EcKeyPair key = EcKeyPair.generate(random);
    byte[] der =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=PUMP-5,O=Evil"), key.publicKey())
            .build(
                new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(key.privateKey(SecretAccess.insecure())))
            .getEncoded();
    assertThatThrownBy(() -> CertificateRequests.parse(Base64.getEncoder().encodeToString(der)))
        .isInstanceOf(CertificateRequests.CsrRejection.class)
        .hasMessageContaining("exactly one CN");
  }

  @Test
  void parse_tamperedSignature_isRefused() throws Exception {
    byte[] der =
        Base64.getDecoder()
            .decode(CertificateRequests.create(EcKeyPair.generate(random), "PUMP-6"));
    der[der.length - 5] ^= 0x01;
    assertThatThrownBy(() -> CertificateRequests.parse(Base64.getEncoder().encodeToString(der)))
        .isInstanceOf(CertificateRequests.CsrRejection.class);
  }

  @Test
  void parse_garbage_isRefusedWithSpecificMessages() {
    assertThatThrownBy(() -> CertificateRequests.parse("")).hasMessageContaining("empty body");
    assertThatThrownBy(() -> CertificateRequests.parse("!!!not base64"))
        .hasMessageContaining("invalid base64");
    assertThatThrownBy(
            () ->
                CertificateRequests.parse(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})))
        .hasMessageContaining("unreadable DER");
    assertThatThrownBy(
            () -> CertificateRequests.parse(Base64.getEncoder().encodeToString(new byte[5000])))
        .hasMessageContaining("at most 4096 bytes");
  }
}
