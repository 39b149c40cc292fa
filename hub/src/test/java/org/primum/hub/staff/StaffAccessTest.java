package org.primum.hub.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.fleet.FleetService;
import org.primum.hub.web.Role;
import org.primum.testing.FakeClock;

/** Staff sign-in, sessions, CSRF, throttling and roles, on SQLite and PostgreSQL. */
class StaffAccessTest {
  @TempDir Path dir;
  private TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void signIn_setsAHardenedSessionCookie(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient client = StaffClient.anonymous(hub);
    HttpResponse<String> response =
        client.postForm(
            "/login",
            Map.of("username", "admin", "password", hub.hub().firstAdminPassword().orElseThrow()),
            false);
    assertThat(response.statusCode()).isEqualTo(302);
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("__Host-primum-session=")
        .contains("Secure")
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .contains("Path=/");
    assertThat(client.get("/fleet").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void signIn_wrongPasswordAndUnknownUser_lookTheSame(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient client = StaffClient.anonymous(hub);
    HttpResponse<String> wrong =
        client.postForm("/login", Map.of("username", "admin", "password", "nope"), false);
    HttpResponse<String> unknown =
        client.postForm("/login", Map.of("username", "mallory", "password", "nope"), false);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong user name or password");
    assertThat(unknown.body()).contains("wrong user name or password");
    assertThat(hub.hub().audit().latest(10, "staff.login"))
        .extracting(e -> e.outcome() + ":" + e.detail())
        .contains("refused:wrong password", "refused:unknown user");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void signIn_afterFiveFailures_isThrottledEvenWithTheRightPassword(TestHub.Db db)
      throws Exception {
    FakeClock clock = FakeClock.startingNow();
    hub = TestHub.start(db, dir, clock, FleetService.Settings.defaults());
    StaffClient client = StaffClient.anonymous(hub);
    for (int i = 0; i < 5; i++) {
      client.postForm("/login", Map.of("username", "admin", "password", "guess" + i), false);
    }
    String password = hub.hub().firstAdminPassword().orElseThrow();
    HttpResponse<String> throttled =
        client.postForm("/login", Map.of("username", "admin", "password", password), false);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(throttled.body()).contains("too many failed sign-ins");
    clock.advance(Duration.ofMinutes(16));
    assertThat(
            client
                .postForm("/login", Map.of("username", "admin", "password", password), false)
                .statusCode())
        .isEqualTo(302);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void stateChangingRequests_needTheSessionsCsrfTokenAndSameOrigin(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    hub.enroll("PUMP-0001", dir.resolve("pump"));
    StaffClient admin = hub.admin();
    HttpResponse<String> noToken = admin.postJson("/api/v1/devices/PUMP-0001/revoke", "{}", false);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("\"error\":\"csrf\"");
    HttpResponse<String> noFormToken =
        admin.postForm("/fleet/PUMP-0001/revoke", Map.of("reason", "x"), false);
    assertThat(noFormToken.statusCode()).isEqualTo(403);
    HttpResponse<String> crossSite =
        admin.send(
            HttpRequest.newBuilder(admin.base().resolve("/api/v1/devices/PUMP-0001/revoke"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", admin.csrf())
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("another origin");
    assertThat(hub.hub().fleet().device("PUMP-0001").orElseThrow().device().status())
        .isEqualTo("ACTIVE");
    assertThat(
            admin
                .postJson("/api/v1/devices/PUMP-0001/revoke", "{\"reason\":\"test\"}", true)
                .statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void signOut_endsTheSessionOnTheServer(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient admin = hub.admin();
    String cookie = admin.cookies().getCookieStore().getCookies().get(0).getValue();
    assertThat(admin.postForm("/logout", Map.of()).statusCode()).isEqualTo(302);
    StaffClient replay = StaffClient.anonymous(hub);
    HttpResponse<String> reused =
        replay.send(
            HttpRequest.newBuilder(replay.base().resolve("/api/v1/devices"))
                .header("Cookie", "__Host-primum-session=" + cookie)
                .GET());
    assertThat(reused.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void session_expiresAfterIdleTime(TestHub.Db db) throws Exception {
    FakeClock clock = FakeClock.startingNow();
    hub = TestHub.start(db, dir, clock, FleetService.Settings.defaults());
    StaffClient admin = hub.admin();
    assertThat(admin.getJson("/api/v1/devices").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertThat(admin.getJson("/api/v1/devices").statusCode()).isEqualTo(401);
    assertThat(admin.get("/fleet").statusCode()).as("pages redirect to sign-in").isEqualTo(302);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void viewer_seesTheFleetButChangesNothing(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    hub.enroll("PUMP-0001", dir.resolve("pump"));
    StaffClient viewer = hub.staff("nurse", Role.CLINICAL_VIEWER);
    assertThat(viewer.get("/fleet").statusCode()).isEqualTo(200);
    assertThat(viewer.getJson("/api/v1/devices").body()).contains("PUMP-0001");
    HttpResponse<String> revoke = viewer.postJson("/api/v1/devices/PUMP-0001/revoke", "{}", true);
    assertThat(revoke.statusCode()).isEqualTo(403);
    assertThat(revoke.body()).contains("may not do this");
    assertThat(viewer.get("/users").statusCode()).isEqualTo(403);
    assertThat(viewer.get("/audit").statusCode()).isEqualTo(403);
    assertThat(viewer.get("/fleet").body()).doesNotContain("href=\"/users\"");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void admin_createsAndDisablesAccounts_allAudited(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient admin = hub.admin();
    HttpResponse<String> created =
        admin.postForm("/users", Map.of("username", "Rita", "role", "RELEASE_MANAGER"));
    assertThat(created.statusCode()).isEqualTo(200);
    Matcher password =
        Pattern.compile("id=\"one-time-password\">([A-Za-z0-9]{20})<").matcher(created.body());
    assertThat(password.find()).isTrue();
    StaffClient rita = StaffClient.signIn(hub, "rita", password.group(1));
    assertThat(rita.get("/fleet").statusCode()).isEqualTo(200);
    HttpResponse<String> duplicate =
        admin.postForm("/users", Map.of("username", "rita", "role", "CLINICAL_VIEWER"));
    assertThat(duplicate.statusCode()).isEqualTo(400);
    assertThat(duplicate.body()).contains("already taken");
    assertThat(admin.postForm("/users/rita/disable", Map.of()).statusCode()).isEqualTo(302);
    assertThat(rita.getJson("/api/v1/devices").statusCode())
        .as("sessions end on disable")
        .isEqualTo(401);
    String audit = admin.getJson("/api/v1/audit?limit=50").body();
    assertThat(audit)
        .contains("staff.user.create")
        .contains("staff.user.disable")
        .contains("\"actor\":\"staff:admin\"");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void changePassword_requiresTheCurrentOneAndAMinimumLength(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient admin = hub.admin();
    String current = hub.hub().firstAdminPassword().orElseThrow();
    assertThat(
            admin
                .postForm(
                    "/account/password", Map.of("current", "wrong", "next", "a-long-new-password"))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            admin
                .postForm("/account/password", Map.of("current", current, "next", "short"))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            admin
                .postForm(
                    "/account/password", Map.of("current", current, "next", "a-long-new-password"))
                .statusCode())
        .isEqualTo(302);
    assertThat(StaffClient.signIn(hub, "admin", "a-long-new-password").get("/fleet").statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void enrollmentTokenApi_createsOneTimeTokens(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient admin = hub.admin();
    HttpResponse<String> created =
        admin.postJson(
            "/api/v1/enrollment-tokens", "{\"serial\":\"PUMP-0042\",\"validHours\":2}", true);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"token\":\"PUMP-0042.");
    assertThat(admin.getJson("/api/v1/enrollment-tokens").body())
        .contains("PUMP-0042")
        .contains("pending")
        .doesNotContain(created.body().replaceAll(".*\"token\":\"PUMP-0042\\.([^\"]+)\".*", "$1"));
    for (String bad :
        List.of(
            "{\"serial\":\"bad serial!\"}",
            "{\"serial\":\"P\",\"validHours\":100000}",
            "not json",
            "[]")) {
      HttpResponse<String> refused = admin.postJson("/api/v1/enrollment-tokens", bad, true);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.body()).as(bad).contains("\"message\"");
    }
  }
}
