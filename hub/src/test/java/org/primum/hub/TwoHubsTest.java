package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import org.primum.testing.FreePorts;

/**
 * Two hub processes against one PostgreSQL must not corrupt each other's state. One hub runs in
 * this JVM, the other in its own JVM process; they share the database and the data directory's
 * keys, as replicas behind a load balancer would. Every check is a race a load balancer could
 * produce.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoHubsTest {
  @TempDir static Path dir;
  private TestHub first;
  private HubProcess second;
  private X509Certificate ca;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final SecureRandom random = new SecureRandom();

  @BeforeAll
  void start() throws Exception {
    String url = TestHub.jdbcUrl(TestHub.Db.POSTGRESQL, dir);
    Path shared = dir.resolve("shared-hub-data");
    ca = HubPki.loadOrCreate(shared, List.of(), Clock.systemUTC(), random).caCertificate();
    // Both start at once on an empty schema: one migrates, one creates the first administrator.
    int port = FreePorts.find();
    Future<HubProcess> other =
        pool.submit(() -> HubProcess.start(shared, url, port, dir.resolve("second-hub.log")));
    first =
        TestHub.startOn(
            TestHub.Db.POSTGRESQL,
            url,
            shared,
            Clock.systemUTC(),
            FleetService.Settings.defaults());
    second = other.get();
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.closeAndDrop();
    }
  }

  private String adminPassword() {
    return first.hub().firstAdminPassword().or(second::adminPassword).orElseThrow();
  }

  @Test
  void startingTogether_createsExactlyOneFirstAdministrator() {
    long created =
        (first.hub().firstAdminPassword().isPresent() ? 1 : 0)
            + (second.adminPassword().isPresent() ? 1 : 0);
    assertThat(created).isEqualTo(1);
    assertThat(first.hub().staff().users()).hasSize(1);
  }

  @Test
  void oneToken_racedAtBothHubs_enrollsExactlyOnce() throws Exception {
    EnrollmentTokens.Token token = first.token("PUMP-RACE");
    List<Callable<Integer>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      URI target = i % 2 == 0 ? first.uri() : second.uri();
      attempts.add(
          () ->
              new EstClientForTests(target, ca)
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
    assertThat(first.hub().fleet().device("PUMP-RACE").orElseThrow().certificates()).hasSize(1);
  }

  @Test
  void revokeAtOneHub_isEnforcedAtTheOtherAtTheNextCall() throws Exception {
    DeviceAgent viaSecond =
        new DeviceAgent(
            new DeviceAgent.Config(
                second.uri(),
                dir.resolve("pump-1"),
                "Test pump",
                "1.0.0",
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            TestHub.IDLE,
            Clock.systemUTC(),
            random,
            Executors.newSingleThreadScheduledExecutor(),
            Optional.empty());
    viaSecond.enrollIfNeeded(Optional.of(first.token("PUMP-0001")), Optional.of(ca));
    assertThat(viaSecond.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    StaffClient adminAtFirst = StaffClient.signIn(first, "admin", adminPassword());
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
        first.enroll("PUMP-0002", dir.resolve("pump-2")).identity().orElseThrow();
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
      for (URI target : List.of(first.uri(), second.uri())) {
        sends.add(
            () ->
                HubLink.create(
                        target,
                        ca,
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
    assertThat(statuses).allMatch(s -> s == 200 || s == 409);
    long accepted = statuses.stream().filter(s -> s == 200).count();
    assertThat(accepted).isBetween(1L, 20L);
    assertThat(first.hub().fleet().device("PUMP-0002").orElseThrow().reports())
        .hasSize((int) accepted);
  }

  @Test
  void staffSession_fromOneHub_worksAtTheOther() throws Exception {
    StaffClient atFirst = StaffClient.signIn(first, "admin", adminPassword());
    String cookie = atFirst.cookies().getCookieStore().getCookies().get(0).getValue();
    StaffClient atSecond = new StaffClient(second.uri(), ca);
    HttpResponse<String> response =
        atSecond.send(
            HttpRequest.newBuilder(second.uri().resolve("/api/v1/devices"))
                .header("Cookie", "__Host-primum-session=" + cookie)
                .GET());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}
