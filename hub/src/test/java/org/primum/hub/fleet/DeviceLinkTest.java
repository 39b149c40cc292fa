package org.primum.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.CertificateAuthority;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.StatusReports;
import org.primum.device.DeviceAgent;
import org.primum.device.DeviceStatus;
import org.primum.device.LinkState;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.link.HubLink;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.testing.FakeClock;

/** Mutual TLS, signed status reports, revocation and renewal, with real TLS on both databases. */
class DeviceLinkTest {
  @TempDir Path dir;
  private TestHub hub;
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  private HubLink link(DeviceIdentity identity) {
    return HubLink.create(
        hub.uri(),
        hub.hub().pki().caCertificate(),
        Optional.of(identity.tlsIdentity()),
        random,
        Duration.ofSeconds(10),
        Optional.empty());
  }

  private static StatusReport report(String serial, long sequence) {
    return new StatusReport(
        serial,
        sequence,
        Instant.now().toString(),
        "Test pump",
        "1.0.0",
        "INFUSING",
        "ONLINE",
        List.of(new StatusReport.Alarm("OCCLUSION_DOWNSTREAM", AlarmPriority.HIGH, "Occlusion")),
        5);
  }

  private HubLink.Response post(HubLink link, String serial, byte[] body) throws IOException {
    return link.post("/api/v1/devices/" + serial + "/reports", "application/json", body, Map.of());
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void report_overMutualTls_updatesTheFleetView(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceAgent agent =
        hub.agent(
            dir.resolve("pump"),
            Clock.systemUTC(),
            () ->
                new DeviceStatus(
                    "INFUSING",
                    List.of(
                        new StatusReport.Alarm(
                            "BATTERY_LOW", AlarmPriority.MEDIUM, "Battery low"))));
    agent.enrollIfNeeded(
        Optional.of(hub.token("PUMP-0001")), Optional.of(hub.hub().pki().caCertificate()));
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(agent.linkState()).isEqualTo(LinkState.ONLINE);
    DeviceView view = hub.hub().fleet().device("PUMP-0001").orElseThrow().device();
    assertThat(view.operatingState()).isEqualTo("INFUSING");
    assertThat(view.connectivity()).isEqualTo("ONLINE");
    assertThat(view.model()).isEqualTo("Test pump");
    assertThat(view.highestAlarm())
        .get()
        .extracting(DeviceView.Alarm::priority)
        .isEqualTo("MEDIUM");
    assertThat(view.lastContact()).isPresent();
    assertThat(view.certificateFingerprint())
        .isEqualTo(agent.identity().orElseThrow().certificateFingerprint());
    assertThat(hub.hub().fleet().device("PUMP-0001").orElseThrow().reports()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void report_replayedOrOld_isRefused(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceIdentity identity = hub.enroll("PUMP-0002", dir.resolve("pump")).identity().orElseThrow();
    HubLink link = link(identity);
    byte[] envelope = StatusReports.sign(report("PUMP-0002", 10), identity.keyPair());
    assertThat(post(link, "PUMP-0002", envelope).status()).isEqualTo(200);
    HubLink.Response replay = post(link, "PUMP-0002", envelope);
    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.bodyText()).contains("not above the last accepted 10");
    assertThat(
            post(link, "PUMP-0002", StatusReports.sign(report("PUMP-0002", 9), identity.keyPair()))
                .status())
        .isEqualTo(409);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void device_mayOnlyActOnItself(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceIdentity a = hub.enroll("PUMP-000A", dir.resolve("a")).identity().orElseThrow();
    DeviceIdentity b = hub.enroll("PUMP-000B", dir.resolve("b")).identity().orElseThrow();
    HubLink linkA = link(a);
    HubLink.Response otherPath =
        post(linkA, "PUMP-000B", StatusReports.sign(report("PUMP-000B", 1), a.keyPair()));
    assertThat(otherPath.status()).isEqualTo(403);
    assertThat(otherPath.bodyText()).contains("may only act on itself");
    HubLink.Response otherReport =
        post(linkA, "PUMP-000A", StatusReports.sign(report("PUMP-000B", 1), a.keyPair()));
    assertThat(otherReport.status()).isEqualTo(403);
    HubLink.Response otherKey =
        post(linkA, "PUMP-000A", StatusReports.sign(report("PUMP-000A", 1), b.keyPair()));
    assertThat(otherKey.status()).isEqualTo(400);
    assertThat(otherKey.bodyText()).contains("no signature verifies");
    assertThat(hub.hub().fleet().device("PUMP-000B").orElseThrow().reports()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void deviceRoute_withoutClientCertificate_isUnauthorized(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceIdentity identity = hub.enroll("PUMP-0003", dir.resolve("pump")).identity().orElseThrow();
    HubLink anonymous =
        HubLink.create(
            hub.uri(),
            hub.hub().pki().caCertificate(),
            Optional.empty(),
            random,
            Duration.ofSeconds(10),
            Optional.empty());
    HubLink.Response response =
        post(
            anonymous, "PUMP-0003", StatusReports.sign(report("PUMP-0003", 1), identity.keyPair()));
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.bodyText()).contains("client certificate is required");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void clientCertificate_fromAnotherCaOrExpired_failsTheHandshake(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Instant now = Instant.now();
    CertificateAuthority rogue =
        CertificateAuthority.create(
            "Rogue CA", random, now.minusSeconds(60), now.plusSeconds(3600));
    EcKeyPair key = EcKeyPair.generate(random);
    TlsContexts.Identity forged =
        new TlsContexts.Identity(
            key,
            List.of(
                rogue.issueClient(
                    "PUMP-0004", key.publicKey(), now.minusSeconds(60), now.plusSeconds(3600)),
                rogue.certificate()));
    HubLink rogueLink =
        HubLink.create(
            hub.uri(),
            hub.hub().pki().caCertificate(),
            Optional.of(forged),
            random,
            Duration.ofSeconds(10),
            Optional.empty());
    assertNoAccess(rogueLink, "rogue");

    CertificateAuthority hubCa = hub.hub().pki().ca();
    TlsContexts.Identity expired =
        new TlsContexts.Identity(
            key,
            List.of(
                hubCa.issueClient(
                    "PUMP-0004",
                    key.publicKey(),
                    now.minus(Duration.ofDays(2)),
                    now.minus(Duration.ofDays(1))),
                hubCa.certificate()));
    HubLink expiredLink =
        HubLink.create(
            hub.uri(),
            hub.hub().pki().caCertificate(),
            Optional.of(expired),
            random,
            Duration.ofSeconds(10),
            Optional.empty());
    assertNoAccess(expiredLink, "expired");
  }

  /** The TLS handshake fails, or the client never presents the certificate and is refused. */
  private void assertNoAccess(HubLink link, String what) throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    try {
      HubLink.Response response = post(link, "PUMP-0004", body);
      System.out.println(what + " -> HTTP " + response.status() + " " + response.bodyText());
      assertThat(response.status()).as(what).isIn(401, 403);
    } catch (IOException e) {
      System.out.println(what + " -> " + e);
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void clientCertificate_issuedByHubCaButNeverEnrolled_isRefused(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Instant now = Instant.now();
    EcKeyPair key = EcKeyPair.generate(random);
    CertificateAuthority hubCa = hub.hub().pki().ca();
    DeviceIdentity ghost =
        new DeviceIdentity(
            "PUMP-GHOST",
            key,
            hubCa.issueClient(
                "PUMP-GHOST", key.publicKey(), now.minusSeconds(60), now.plusSeconds(3600)),
            hubCa.certificate());
    HubLink.Response response =
        post(link(ghost), "PUMP-GHOST", StatusReports.sign(report("PUMP-GHOST", 1), key));
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.bodyText()).contains("not known to the hub");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void revoke_cutsTheDeviceOffAtItsNextCall(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceAgent agent = hub.enroll("PUMP-0005", dir.resolve("pump"));
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    StaffClient analyst = hub.staff("sam", org.primum.hub.web.Role.SECURITY_ANALYST);
    var revoked =
        analyst.postJson(
            "/api/v1/devices/PUMP-0005/revoke", "{\"reason\":\"stolen from ward 3\"}", true);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(revoked.body()).contains("\"status\":\"REVOKED\"");
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.REFUSED);
    assertThat(agent.linkState()).isEqualTo(LinkState.REFUSED);
    assertThat(agent.lastProblem()).contains("403").contains("revoked");
    assertThatThrownBy(agent::renewNow).hasMessageContaining("revoked");
    assertThat(hub.hub().audit().latest(5, "fleet.revoke"))
        .singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("staff:sam"))
        .satisfies(e -> assertThat(e.detail()).isEqualTo("stolen from ward 3"));
    // A new token brings it back, with a new key and certificate.
    DeviceAgent again = hub.enroll("PUMP-0005", dir.resolve("pump-reprovisioned"));
    assertThat(again.reportNow())
        .as(again::lastProblem)
        .isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(agent.reportNow())
        .as("the old identity stays revoked")
        .isEqualTo(DeviceAgent.ReportOutcome.REFUSED);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void revoke_expiresPendingTokensOfTheSerial(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    hub.enroll("PUMP-0006", dir.resolve("pump"));
    var pending = hub.token("PUMP-0006");
    hub.hub().fleet().revoke("staff:test", "PUMP-0006", "lost", "test");
    DeviceAgent thief = hub.agent(dir.resolve("thief"), Clock.systemUTC(), TestHub.IDLE);
    assertThatThrownBy(
            () ->
                thief.enrollIfNeeded(
                    Optional.of(pending), Optional.of(hub.hub().pki().caCertificate())))
        .hasMessageContaining("expired");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void renewal_beforeExpiry_replacesTheCertificateAndRetiresTheOldOneOnFirstUse(TestHub.Db db)
      throws Exception {
    hub = TestHub.start(db, dir);
    FakeClock deviceClock = FakeClock.startingNow();
    DeviceAgent agent = hub.enroll("PUMP-0007", dir.resolve("pump"), deviceClock);
    DeviceIdentity first = agent.identity().orElseThrow();
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    deviceClock.advance(Duration.ofDays(21)); // past two thirds of a 30-day certificate
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    DeviceIdentity second = agent.identity().orElseThrow();
    assertThat(second.certificateFingerprint()).isNotEqualTo(first.certificateFingerprint());
    assertThat(second.keyPair().publicKey())
        .as("renewal uses a fresh key")
        .isNotEqualTo(first.keyPair().publicKey());
    assertThat(hub.hub().fleet().device("PUMP-0007").orElseThrow().certificates())
        .extracting(FleetService.CertificateView::status)
        .containsExactly("ACTIVE", "SUPERSEDED");
    HubLink.Response old =
        post(
            link(first),
            "PUMP-0007",
            StatusReports.sign(report("PUMP-0007", Long.MAX_VALUE), first.keyPair()));
    assertThat(old.status()).isEqualTo(403);
    assertThat(old.bodyText()).contains("superseded");
    // The renewed identity survives a restart of the device.
    DeviceAgent restarted = hub.agent(dir.resolve("pump"), deviceClock, TestHub.IDLE);
    assertThat(
            restarted.enrollIfNeeded(Optional.empty(), Optional.empty()).certificateFingerprint())
        .isEqualTo(second.certificateFingerprint());
    assertThat(restarted.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void report_malformedBodies_areRefusedWithReasons(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceIdentity identity = hub.enroll("PUMP-0008", dir.resolve("pump")).identity().orElseThrow();
    HubLink link = link(identity);
    for (String body :
        List.of(
            "",
            "not json",
            "{}",
            "[1,2]",
            "{\"payloadType\":\"x\",\"payload\":\"\",\"signatures\":[]}")) {
      HubLink.Response response = post(link, "PUMP-0008", body.getBytes(StandardCharsets.UTF_8));
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.bodyText()).as(body).contains("\"error\"").doesNotContain("Exception");
    }
    HubLink.Response wrongType =
        link.post("/api/v1/devices/PUMP-0008/reports", "text/plain", new byte[] {1}, Map.of());
    assertThat(wrongType.status()).isEqualTo(415);
    HubLink.Response huge = post(link, "PUMP-0008", new byte[64 * 1024]);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(hub.hub().fleet().device("PUMP-0008").orElseThrow().reports()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void agent_hubDown_reportsDegradedAndRecovers(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    DeviceAgent agent = hub.enroll("PUMP-0009", dir.resolve("pump"));
    URI address = hub.uri();
    String url = hub.jdbcUrl();
    Path hubDir = hub.dataDir();
    hub.close();
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.UNREACHABLE);
    assertThat(agent.linkState()).isEqualTo(LinkState.DEGRADED);
    hub =
        TestHub.startOn(
            db,
            url,
            hubDir,
            Clock.systemUTC(),
            FleetService.Settings.defaults(),
            address.getPort());
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    DeviceView view = hub.hub().fleet().device("PUMP-0009").orElseThrow().device();
    assertThat(view.connectivity())
        .as("the device reports its own degraded link")
        .isEqualTo("DEGRADED");
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(hub.hub().fleet().device("PUMP-0009").orElseThrow().device().connectivity())
        .isEqualTo("ONLINE");
  }
}
