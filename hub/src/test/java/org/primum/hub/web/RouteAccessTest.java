package org.primum.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;

/**
 * MN16, deny by default: walks every route in the hub's route table and proves that each refuses
 * anyone its access rule does not name: anonymous callers, devices on staff routes, and every staff
 * role not listed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteAccessTest {
  @TempDir static Path dir;
  private TestHub hub;

  @BeforeAll
  void start() throws Exception {
    hub = TestHub.start(TestHub.Db.SQLITE, dir);
  }

  /** One signed-in client per role, with fresh accounts. */
  private Map<Role, StaffClient> staffClients(String prefix) throws Exception {
    Map<Role, StaffClient> staff = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      String name = prefix + "-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      staff.put(role, hub.staff(name, role));
    }
    return staff;
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  private static String concrete(String path) {
    return path.replace("{serial}", "PUMP-NOPE")
        .replace("{username}", "nobody")
        .replace("{id}", "1")
        .replace("{attachment}", "1")
        .replace("{token}", "no-such-token")
        .replace("{file}", "1.root.json")
        .replace("{year}", "2026")
        .replace("{ordinal}", "0")
        .replace("<path>", "firmware/rp-1/nothing.fw")
        // any other path parameter (a component ordinal, a case number, ...)
        .replaceAll("\\{[A-Za-z]+\\}", "1");
  }

  private static HttpResponse<String> call(StaffClient client, Route route, boolean csrf)
      throws Exception {
    String path = concrete(route.path());
    if (route.method() == HandlerType.GET) {
      return client.getJson(path);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(client.base().resolve(path))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (csrf) {
      request.header("X-CSRF-Token", client.csrf());
    }
    return client.send(request);
  }

  @Test
  void everyRoute_refusesWhoItsAccessRuleDoesNotName() throws Exception {
    List<String> failures = new ArrayList<>();
    StaffClient anonymous = StaffClient.anonymous(hub);
    Map<Role, StaffClient> staff = staffClients("walk");
    assertThat(hub.hub().routes()).hasSizeGreaterThan(20);
    // Sign-out ends the session, so it is walked last.
    List<Route> routes = new ArrayList<>(hub.hub().routes());
    routes.sort(java.util.Comparator.comparing(r -> r.path().equals("/logout")));
    for (Route route : routes) {
      HttpResponse<String> anon = call(anonymous, route, false);
      Access access = route.access();
      if (access instanceof Access.Public) {
        if (anon.statusCode() == 403 || anon.body().contains("sign in first")) {
          failures.add(route + ": public route refused an anonymous caller: " + anon.statusCode());
        }
        continue;
      }
      if (anon.statusCode() != 401) {
        failures.add(route + ": anonymous caller got " + anon.statusCode() + " instead of 401");
      }
      if (access instanceof Access.Staff allowed) {
        for (Role role : Role.values()) {
          HttpResponse<String> response = call(staff.get(role), route, true);
          boolean refusedForRole =
              response.statusCode() == 403 && response.body().contains("\"error\":\"role\"");
          if (allowed.roles().contains(role) == refusedForRole) {
            failures.add(
                route + ": role " + role + " got " + response.statusCode() + " " + response.body());
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyStaffRoute_refusesADeviceCertificate() throws Exception {
    var agent = hub.enroll("PUMP-0001", dir.resolve("pump"));
    var link =
        org.primum.device.link.HubLink.create(
            hub.uri(),
            hub.hub().pki().caCertificate(),
            java.util.Optional.of(agent.identity().orElseThrow().tlsIdentity()),
            new java.security.SecureRandom(),
            java.time.Duration.ofSeconds(10),
            java.util.Optional.empty());
    List<String> failures = new ArrayList<>();
    for (Route route : hub.hub().routes()) {
      if (!(route.access() instanceof Access.Staff)) {
        continue;
      }
      var response =
          route.method() == HandlerType.GET
              ? link.get(concrete(route.path()), Map.of("Accept", "application/json"))
              : link.post(concrete(route.path()), "application/json", "{}".getBytes(), Map.of());
      if (response.status() != 401) {
        failures.add(route + ": a device got " + response.status());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void unknownPaths_areNotFound_withoutDetails() throws Exception {
    HttpResponse<String> response = StaffClient.anonymous(hub).getJson("/admin/shell");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("Javalin")
        .doesNotContain("Jetty");
    assertThat(response.headers().firstValue("Server")).isEmpty();
  }

  @Test
  void everyResponse_carriesTheSecurityHeaders() throws Exception {
    for (String path : List.of("/login", "/healthz", "/nope", "/assets/primum.css")) {
      HttpResponse<String> response = StaffClient.anonymous(hub).get(path);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
      assertThat(response.headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path).isPresent();
    }
    assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY)
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
  }

  @Test
  void healthz_reportsTheDatabase() throws Exception {
    HttpResponse<String> response = StaffClient.anonymous(hub).get("/healthz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"database\":\"ok\",\"status\":\"ok\"}");
  }

  @Test
  void pages_escapeWhatDevicesAndUsersSend() throws Exception {
    StaffClient admin = hub.staff("escape-admin", Role.ADMINISTRATOR);
    HttpResponse<String> response =
        admin.postForm(
            "/users", Map.of("username", "<script>alert(1)</script>", "role", "CLINICAL_VIEWER"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("<script>alert(1)</script>");
    assertThat(admin.get("/fleet").body()).doesNotContain("<script>alert");
  }
}
