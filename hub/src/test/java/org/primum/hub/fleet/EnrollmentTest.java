package org.primum.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.CertificateRequests;
import org.primum.core.crypto.Certificates;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.EstMessages;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.device.DeviceAgent;
import org.primum.device.identity.EnrollmentRefused;
import org.primum.hub.EstClientForTests;
import org.primum.hub.TestHub;
import org.primum.hub.audit.AuditEvent;
import org.primum.testing.FakeClock;

/** EST enrollment with one-time tokens, on SQLite and PostgreSQL, over real TLS. */
class EnrollmentTest {
  @TempDir Path dir;
  private TestHub hub;
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  private String csr(String serial) {
    return CertificateRequests.create(EcKeyPair.generate(random), serial);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void enroll_validToken_issuesCertificateForThatSerialOnly(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceAgent agent = hub.enroll("PUMP-0001", dir.resolve("pump"));
    X509Certificate certificate = agent.identity().orElseThrow().certificate();
    certificate.verify(hub.hub().pki().caCertificate().getPublicKey());
    assertThat(Certificates.subjectCommonName(certificate)).isEqualTo("PUMP-0001");
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(hub.hub().fleet().device("PUMP-0001"))
        .get()
        .extracting(d -> d.device().status())
        .isEqualTo("ACTIVE");
    assertThat(hub.hub().audit().latest(10, "fleet.enroll"))
        .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("ok"));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void enroll_reusedToken_isRefusedAndAudited(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    EnrollmentTokens.Token token = hub.token("PUMP-0002");
    EstClientForTests est = new EstClientForTests(hub);
    assertThat(
            est.enroll("PUMP-0002", token.secret(), "application/pkcs10", csr("PUMP-0002"))
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> again =
        est.enroll("PUMP-0002", token.secret(), "application/pkcs10", csr("PUMP-0002"));
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains("already used");
    assertThat(hub.hub().audit().latest(10, "fleet.enroll"))
        .filteredOn(e -> e.outcome().equals("refused"))
        .extracting(AuditEvent::detail)
        .anySatisfy(d -> assertThat(d).contains("already used"));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void enroll_expiredToken_isRefused(TestHub.Db db) throws Exception {
    FakeClock clock = FakeClock.startingNow();
    hub = TestHub.start(db, dir, clock, FleetService.Settings.defaults());
    EnrollmentTokens.Token token =
        hub.hub().fleet().createToken("test", "PUMP-0003", Duration.ofMinutes(5), "test").token();
    clock.advance(Duration.ofMinutes(6));
    HttpResponse<String> response =
        new EstClientForTests(hub)
            .enroll("PUMP-0003", token.secret(), "application/pkcs10", csr("PUMP-0003"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("expired");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void enroll_tokenOfAnotherSerial_isRefused(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    EnrollmentTokens.Token token = hub.token("PUMP-0004");
    EstClientForTests est = new EstClientForTests(hub);
    HttpResponse<String> response =
        est.enroll("PUMP-9999", token.secret(), "application/pkcs10", csr("PUMP-9999"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("bound to another serial");
    // A request for another CN than the token's serial is refused before any certificate is made.
    HttpResponse<String> wrongCn =
        est.enroll("PUMP-0004", token.secret(), "application/pkcs10", csr("PUMP-9999"));
    assertThat(wrongCn.statusCode()).isEqualTo(400);
    assertThat(wrongCn.body()).contains("CN must be the serial PUMP-0004");
    // The token is still usable by its own device.
    assertThat(
            est.enroll("PUMP-0004", token.secret(), "application/pkcs10", csr("PUMP-0004"))
                .statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void enroll_badRequests_getSpecificErrors(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    EnrollmentTokens.Token token = hub.token("PUMP-0005");
    EstClientForTests est = new EstClientForTests(hub);
    HttpResponse<String> noAuth = est.enroll(null, null, "application/pkcs10", csr("PUMP-0005"));
    assertThat(noAuth.statusCode()).isEqualTo(401);
    assertThat(noAuth.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    HttpResponse<String> unknown =
        est.enroll("PUMP-0005", "A".repeat(43), "application/pkcs10", csr("PUMP-0005"));
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).contains("unknown enrollment token");
    HttpResponse<String> wrongType =
        est.enroll("PUMP-0005", token.secret(), "application/json", "{}");
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(wrongType.body()).contains("application/pkcs10");
    HttpResponse<String> garbage =
        est.enroll("PUMP-0005", token.secret(), "application/pkcs10", "hello world");
    assertThat(garbage.statusCode()).isEqualTo(400);
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    java.security.KeyPair rsaKeys = rsa.generateKeyPair();
    String rsaCsr =
        java.util.Base64.getEncoder()
            .encodeToString(
                new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                        new org.bouncycastle.asn1.x500.X500Name("CN=PUMP-0005"),
                        rsaKeys.getPublic())
                    .build(
                        new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(
                                "SHA256withRSA")
                            .build(rsaKeys.getPrivate()))
                    .getEncoded());
    HttpResponse<String> rsaKey =
        est.enroll("PUMP-0005", token.secret(), "application/pkcs10", rsaCsr);
    assertThat(rsaKey.statusCode()).isEqualTo(400);
    assertThat(rsaKey.body()).contains("expected an ECDSA P-256 key, found key algorithm RSA");
    HttpResponse<String> huge =
        est.enroll("PUMP-0005", token.secret(), "application/pkcs10", "A".repeat(100_000));
    assertThat(huge.statusCode()).isEqualTo(413);
    for (HttpResponse<String> r : List.of(noAuth, unknown, wrongType, garbage, rsaKey, huge)) {
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }
    // None of the refusals used up the token.
    assertThat(
            est.enroll("PUMP-0005", token.secret(), "application/pkcs10", csr("PUMP-0005"))
                .statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void cacerts_returnsTheHubCa(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    HttpResponse<String> response = new EstClientForTests(hub).get("/.well-known/est/cacerts");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/pkcs7-mime"));
    assertThat(EstMessages.parseCertsOnly(response.body()))
        .containsExactly(hub.hub().pki().caCertificate());
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void deviceAgent_refusedToken_surfacesTheHubsReason(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceAgent agent = hub.agent(dir.resolve("pump"), java.time.Clock.systemUTC(), TestHub.IDLE);
    EnrollmentTokens.Token forged = EnrollmentTokens.generate("PUMP-0006", random);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                agent.enrollIfNeeded(
                    Optional.of(forged), Optional.of(hub.hub().pki().caCertificate())))
        .isInstanceOf(EnrollmentRefused.class)
        .hasMessageContaining("unknown enrollment token");
  }
}
