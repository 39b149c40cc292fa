package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.CertificateRequests;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.StatusReports;
import org.primum.device.DeviceAgent;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.link.HubLink;
import org.primum.hub.fleet.FleetService;
import org.primum.hub.fleet.HubPki;

/**
 * Two hub processes' worth of state (separate servers, pools and caches) against one PostgreSQL:
 * they must not corrupt each other. Every check here is a race a load balancer could produce.
 */
class TwoHubsTest {
  @TempDir Path dir;
  private TestHub first;
  private TestHub second;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final SecureRandom random = new SecureRandom();

  @BeforeEach
  void start() throws Exception {
    String url = TestHub.jdbcUrl(TestHub.Db.POSTGRESQL, dir);
    Path shared = dir.resolve("shared-hub-data");
    HubPki.loadOrCreate(shared, List.of(), Clock.systemUTC(), random);
    // Both start at once on an empty schema: one migrates, one creates the first administrator.
    Future<TestHub> a =
        pool.submit(
            () ->
                TestHub.startOn(
                    TestHub.Db.POSTGRESQL,
                    url,
                    shared,
                    Clock.systemUTC(),
                    FleetService.Settings.defaults()));
    Future<TestHub> b =
        pool.submit(
            () ->
                TestHub.startOn(
                    TestHub.Db.POSTGRESQL,
                    url,
                    shared,
                    Clock.systemUTC(),
                    FleetService.Settings.defaults()));
    first = a.get();
    second = b.get();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.closeAndDrop();
    }
  }

  @Test
  void startingTogether_createsExactlyOneFirstAdministrator() {
    long created =
        List.of(first, second).stream()
            .filter(h -> h.hub().firstAdminPassword().isPresent())
            .count();
    assertThat(created).isEqualTo(1);
    assertThat(first.hub().staff().users()).hasSize(1);
  }

  @Test
  void oneToken_racedAtBothHubs_enrollsExactlyOnce() throws Exception {
    EnrollmentTokens.Token token = first.token("PUMP-RACE");
    List<Callable<Integer>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TestHub target = i % 2 == 0 ? first : second;
      attempts.add(
          () ->
              new EstClientForTests(target)
                  .enroll(
                      "PUMP-RACE",
                      token.secret(),
                      "application/pkcs10",
                      CertificateRequests.create(EcKeyPair.generate(random), "PUMP-RACE"))
                  .statusCode());
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : pool.invokeAll(attempts)) {
      statuses.add(f.get());
    }
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 403);
    assertThat(second.hub().fleet().device("PUMP-RACE").orElseThrow().certificates()).hasSize(1);
  }

  @Test
  void revokeAtOneHub_isEnforcedAtTheOtherAtTheNextCall() throws Exception {
    DeviceAgent viaSecond = second.enroll("PUMP-0001", dir.resolve("pump"));
    assertThat(viaSecond.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    String password =
        first.hub().firstAdminPassword().or(() -> second.hub().firstAdminPassword()).orElseThrow();
    StaffClient adminAtFirst = StaffClient.signIn(first, "admin", password);
    assertThat(
            adminAtFirst
                .postJson("/api/v1/devices/PUMP-0001/revoke", "{\"reason\":\"compromised\"}", true)
                .statusCode())
        .isEqualTo(200);
    assertThat(viaSecond.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.REFUSED);
  }

  @Test
  void sameReport_sentToBothHubs_isAcceptedOnce() throws Exception {
    DeviceIdentity identity =
        first.enroll("PUMP-0002", dir.resolve("pump")).identity().orElseThrow();
    List<Callable<Integer>> sends = new ArrayList<>();
    for (int round = 1; round <= 20; round++) {
      byte[] envelope =
          StatusReports.sign(
              new StatusReport(
                  "PUMP-0002",
                  round,
                  Instant.now().toString(),
                  "m",
                  "1",
                  "IDLE",
                  "ONLINE",
                  List.of(),
                  1),
              identity.keyPair());
      for (TestHub target : List.of(first, second)) {
        sends.add(
            () ->
                HubLink.create(
                        target.uri(),
                        target.hub().pki().caCertificate(),
                        Optional.of(identity.tlsIdentity()),
                        random,
                        Duration.ofSeconds(10),
                        Optional.empty())
                    .post(
                        "/api/v1/devices/PUMP-0002/reports", "application/json", envelope, Map.of())
                    .status());
      }
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : pool.invokeAll(sends)) {
      statuses.add(f.get());
    }
    assertThat(statuses).doesNotContain(500);
    long accepted = statuses.stream().filter(s -> s == 200).count();
    assertThat(accepted).isBetween(1L, 20L);
    assertThat(first.hub().fleet().device("PUMP-0002").orElseThrow().reports())
        .hasSize((int) accepted);
  }

  @Test
  void staffSession_fromOneHub_worksAtTheOther() throws Exception {
    String password =
        first.hub().firstAdminPassword().or(() -> second.hub().firstAdminPassword()).orElseThrow();
    StaffClient atFirst = StaffClient.signIn(first, "admin", password);
    String cookie = atFirst.cookies().getCookieStore().getCookies().get(0).getValue();
    StaffClient atSecond = StaffClient.anonymous(second);
    HttpResponse<String> response =
        atSecond.send(
            java.net.http.HttpRequest.newBuilder(second.uri().resolve("/api/v1/devices"))
                .header("Cookie", "__Host-primum-session=" + cookie)
                .GET());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}
