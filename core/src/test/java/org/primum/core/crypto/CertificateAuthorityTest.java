package org.primum.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private final SecureRandom random = new SecureRandom();
  private final Instant now = Instant.parse("2026-11-22T12:00:00Z");
  private final CertificateAuthority ca =
      CertificateAuthority.create("Test CA", random, now, now.plus(Duration.ofDays(365)));

  @Test
  void create_caCertificate_isPathLengthZeroCa() {
    assertThat(ca.certificate().getBasicConstraints()).isZero();
    assertThat(ca.certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
  }

  @Test
  void issueClient_certificate_isClientAuthOnlyAndNamesSerial() throws Exception {
    EcKeyPair device = EcKeyPair.generate(random);
    X509Certificate cert =
        ca.issueClient("PUMP-0001", device.publicKey(), now, now.plus(Duration.ofDays(30)));
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(Certificates.subjectCommonName(cert)).isEqualTo("PUMP-0001");
    assertThat(cert.getPublicKey()).isEqualTo(device.publicKey());
    assertThat(cert.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(120);
  }

  @Test
  void issueServer_certificate_isServerAuthOnlyWithNames() throws Exception {
    EcKeyPair hub = EcKeyPair.generate(random);
    X509Certificate cert =
        ca.issueServer(
            "hub",
            List.of("localhost"),
            List.of("127.0.0.1"),
            hub.publicKey(),
            now,
            now.plus(Duration.ofDays(1)));
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    List<String> names = new java.util.ArrayList<>();
    cert.getSubjectAlternativeNames().forEach(entry -> names.add(String.valueOf(entry.get(1))));
    assertThat(names).containsExactly("localhost", "127.0.0.1");
  }

  @Test
  void issue_serialNumbers_areUnique() {
    EcKeyPair device = EcKeyPair.generate(random);
    var serials = new java.util.HashSet<java.math.BigInteger>();
    for (int i = 0; i < 200; i++) {
      serials.add(
          ca.issueClient("P", device.publicKey(), now, now.plusSeconds(60)).getSerialNumber());
    }
    assertThat(serials).hasSize(200);
  }

  @Test
  void renewalDue_afterTwoThirdsOfLifetime() {
    X509Certificate cert =
        ca.issueClient(
            "P", EcKeyPair.generate(random).publicKey(), now, now.plus(Duration.ofDays(30)));
    assertThat(Certificates.renewalDue(cert, now.plus(Duration.ofDays(19)))).isFalse();
    assertThat(Certificates.renewalDue(cert, now.plus(Duration.ofDays(20)))).isTrue();
  }
}
