package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.device.DeviceAgent;
import org.primum.device.link.HubLink;
import org.primum.hub.Hub;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.staff.SessionService;
import org.primum.hub.staff.StaffRoutes;
import org.primum.hub.web.Assets;
import org.primum.hub.web.HubServer;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;
import org.primum.testing.FreePorts;

/**
 * The rollout routes over real HTTPS: a real hub (database, fleet, staff) and, until the lead wires
 * the rollout routes into {@link Hub}, a second {@link HubServer} on the hub's keys and database
 * serving the staff routes plus the rollout routes. Devices use their own enrolled certificates.
 */
class RolloutHttpTest {
  @TempDir Path dir;
  private TestHub hub;
  private HubServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private final FakeReleaseLookup releases = new FakeReleaseLookup();
  private final FakeAssignments director = new FakeAssignments();
  private RolloutDriver driver;
  private URI base;

  private void start() throws Exception {
    hub = TestHub.start(TestHub.Db.SQLITE, dir);
    Hub h = hub.hub();
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    RolloutService service =
        new RolloutService(
            h.database().jdbi(),
            releases,
            h.audit(),
            clock,
            new java.security.SecureRandom(),
            SiteNotices.none());
    driver =
        new RolloutDriver(
            h.database().jdbi(), director, releases, h.audit(), clock, SiteNotices.none());
    SessionService sessions = new SessionService(h.staff(), random, clock);
    List<Route> routes = new ArrayList<>(new StaffRoutes(h.staff(), sessions).routes());
    routes.addAll(Assets.routes());
    routes.addAll(new RolloutRoutes(service).routes());
    routes.addAll(new RolloutPages(service).routes());
    server =
        new HubServer(
                new HubServer.Settings(
                    "127.0.0.1", FreePorts.find(), h.pki().serverContext(random)),
                routes,
                sessions,
                h.fleet(),
                random)
            .start();
    base = URI.create("https://localhost:" + server.port());
  }

  private StaffClient staff(String name, Role role) throws Exception {
    String password = hub.hub().staff().createUser("test", name, role, "test");
    return StaffClient.signIn(base, hub.hub().pki().caCertificate(), name, password);
  }

  private HubLink link(DeviceAgent agent) {
    return HubLink.create(
        base,
        hub.hub().pki().caCertificate(),
        Optional.of(agent.identity().orElseThrow().tlsIdentity()),
        new SecureRandom(),
        Duration.ofSeconds(10),
        Optional.empty());
  }

  private static byte[] status(String phase, String detail) {
    return ("{\"phase\":\""
            + phase
            + "\",\"target\":\"firmware/rp-1/primum-rp1-0.2.0.fw\",\"version\":\"0.2.0\","
            + "\"releaseCounter\":2,\"detail\":\""
            + detail
            + "\",\"deviceTime\":\"2026-11-22T19:00:00Z\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static HubLink.Response post(HubLink link, String serial, byte[] body) throws Exception {
    return link.post(
        "/api/v1/devices/" + serial + "/update-status", "application/json", body, Map.of());
  }

  @Test
  void aRollout_isStartedReportedOnPausedAndAborted_overHttps() throws Exception {
    start();
    DeviceAgent a = hub.enroll("PUMP-0001", dir.resolve("a"));
    DeviceAgent b = hub.enroll("PUMP-0002", dir.resolve("b"));
    releases.publish("0.2.0", 2, "Fixes CVE-2026-0001: <b>drug library</b> parser overflow.");
    StaffClient manager = staff("rm", Role.RELEASE_MANAGER);
    StaffClient nurse = staff("nurse", Role.CLINICAL_VIEWER);

    HttpResponse<String> list = manager.get("/updates/rollouts");
    assertThat(list.body()).contains("id=\"start-rollout\"").contains("rp-1 0.2.0");
    assertThat(nurse.get("/updates/rollouts").body()).doesNotContain("start-rollout");
    HttpResponse<String> refused =
        nurse.postForm("/updates/rollouts", Map.of("release", "1", "waves", "100"));
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> bad =
        manager.postForm("/updates/rollouts", Map.of("release", "1", "waves", "10,5"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("strictly increasing");
    HttpResponse<String> started =
        manager.postForm("/updates/rollouts", Map.of("release", "1", "waves", "100"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
    assertThat(started.headers().firstValue("Location")).contains("/updates/rollouts/1");
    driver.tick();
    assertThat(director.current.keySet()).containsExactlyInAnyOrder("PUMP-0001", "PUMP-0002");

    // Device reports: only on itself, only known phases, bounded bodies.
    assertThat(post(link(a), "PUMP-0001", status("DOWNLOADING", "")).status()).isEqualTo(204);
    HubLink.Response other = post(link(b), "PUMP-0001", status("HEALTHY", ""));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.bodyText()).contains("a device may only act on itself");
    HubLink.Response unknown = post(link(a), "PUMP-0001", status("EXPLODED", ""));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.bodyText()).contains("unknown phase \\\"EXPLODED\\\"; expected one of");
    HubLink.Response huge = post(link(a), "PUMP-0001", status("HEALTHY", "x".repeat(5000)));
    assertThat(huge.status()).isEqualTo(413);
    HubLink.Response text =
        link(a)
            .post(
                "/api/v1/devices/PUMP-0001/update-status",
                "text/plain",
                status("HEALTHY", ""),
                Map.of());
    assertThat(text.status()).isEqualTo(415);
    assertThat(nurse.postJson("/api/v1/devices/PUMP-0001/update-status", "{}", true).statusCode())
        .isEqualTo(401);

    assertThat(
            post(link(a), "PUMP-0001", status("ROLLED_BACK", "health check failed: <script>x"))
                .status())
        .isEqualTo(204);
    driver.tick();

    HttpResponse<String> page = nurse.get("/updates/rollouts/1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
    assertThat(page.body())
        .contains("id=\"pause-reason\"")
        .contains("wave 1: 1 of 2 devices failed or rolled back (50 %) &gt; 5 %: PUMP-0001")
        .contains("health check failed: &lt;script&gt;x")
        .doesNotContain("<script>x")
        .contains("<svg")
        .contains("id=\"rollout-chart\"")
        .contains("<polyline")
        .contains("data-series=\"rolled back\"")
        .contains("Fixes CVE-2026-0001: &lt;b&gt;drug library&lt;/b&gt;")
        .contains("id=\"count-rolled_back\">1<")
        .contains("waiting for therapy to end")
        .doesNotContain("id=\"resume\"");
    assertThat(manager.get("/updates/rollouts/1").body())
        .contains("id=\"resume\"")
        .contains("id=\"abort\"");

    String json = nurse.getJson("/api/v1/rollouts/1").body();
    assertThat(json)
        .contains("\"state\":\"PAUSED\"")
        .contains("\"ROLLED_BACK\":1")
        .contains("\"timeline\"")
        .contains("\"serial\":\"PUMP-0001\"");
    assertThat(nurse.getJson("/api/v1/rollouts").body()).contains("\"releaseVersion\":\"0.2.0\"");
    assertThat(nurse.getJson("/api/v1/rollouts/99").statusCode()).isEqualTo(404);

    assertThat(nurse.postForm("/updates/rollouts/1/resume", Map.of()).statusCode()).isEqualTo(403);
    assertThat(manager.postForm("/updates/rollouts/1/resume", Map.of(), false).statusCode())
        .isEqualTo(403); // no CSRF token
    assertThat(manager.postForm("/updates/rollouts/1/resume", Map.of()).statusCode())
        .isEqualTo(302);
    assertThat(manager.postForm("/updates/rollouts/1/resume", Map.of()).statusCode())
        .isEqualTo(409);
    assertThat(
            manager
                .postForm("/updates/rollouts/1/abort", Map.of("reason", "faulty image"))
                .statusCode())
        .isEqualTo(302);
    driver.tick();
    assertThat(director.withdrawn).containsExactly("PUMP-0002");
    assertThat(nurse.get("/updates/rollouts/1").body())
        .contains("Aborted: ")
        .contains("aborted by staff:rm: faulty image");
    assertThat(
            nurse
                .postForm("/updates/rollouts/1/approve", Map.of("site", "unassigned"))
                .statusCode())
        .isEqualTo(409);
    assertThat(hub.hub().audit().latest(20, "rollout."))
        .extracting(e -> e.action() + " " + e.actor())
        .contains(
            "rollout.start staff:rm",
            "rollout.pause " + RolloutDriver.ACTOR,
            "rollout.resume staff:rm",
            "rollout.abort staff:rm",
            "rollout.report device:PUMP-0001");
  }
}
