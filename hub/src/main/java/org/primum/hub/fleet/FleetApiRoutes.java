package org.primum.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.primum.core.formats.StatusReport;
import org.primum.core.json.Json;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/** The fleet's JSON API under {@code /api/v1}: device reports in, fleet views out. */
public final class FleetApiRoutes {
  private static final int MAX_JSON = 16 * 1024;

  private final FleetService fleet;
  private final Clock clock;
  private final java.util.function.Supplier<Map<String, String>> evidenceStatus;

  public FleetApiRoutes(
      FleetService fleet,
      Clock clock,
      java.util.function.Supplier<Map<String, String>> evidenceStatus) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.evidenceStatus = Objects.requireNonNull(evidenceStatus, "evidenceStatus");
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/devices/{serial}/reports", Access.device(), this::report),
        Route.get("/api/v1/devices", Access.anyStaff(), this::list),
        Route.get("/api/v1/devices/{serial}", Access.anyStaff(), this::detail),
        Route.post(
            "/api/v1/devices/{serial}/revoke",
            Access.staff(Role.ADMINISTRATOR, Role.SECURITY_ANALYST),
            this::revoke),
        Route.get("/api/v1/enrollment-tokens", Access.staff(Role.ADMINISTRATOR), this::tokens),
        Route.post(
            "/api/v1/enrollment-tokens", Access.staff(Role.ADMINISTRATOR), this::createToken));
  }

  private void report(Context ctx) {
    byte[] envelope = Requests.body(ctx, "application/json", MAX_JSON);
    try {
      StatusReport accepted =
          fleet.acceptReport(Requests.device(ctx), ctx.pathParam("serial"), envelope);
      json(ctx, Map.of("accepted", accepted.sequence(), "receivedAt", clock.instant().toString()));
    } catch (FleetRefusal refusal) {
      throw problem(refusal);
    }
  }

  private void list(Context ctx) {
    json(
        ctx,
        Map.of(
            "generatedAt",
            clock.instant().toString(),
            "devices",
            fleet.devices(),
            "evidence",
            evidenceStatus.get()));
  }

  private void detail(Context ctx) {
    json(
        ctx,
        fleet
            .device(ctx.pathParam("serial"))
            .orElseThrow(() -> HttpProblem.notFound("no device " + ctx.pathParam("serial"))));
  }

  private void revoke(Context ctx) {
    JsonNode body = jsonBody(ctx);
    String reason = body.path("reason").asText("");
    try {
      json(
          ctx,
          fleet.revoke(
              Requests.staff(ctx).auditName(),
              ctx.pathParam("serial"),
              reason,
              Requests.source(ctx)));
    } catch (FleetRefusal refusal) {
      throw problem(refusal);
    }
  }

  private void tokens(Context ctx) {
    json(ctx, Map.of("tokens", fleet.tokens()));
  }

  private void createToken(Context ctx) {
    JsonNode body = jsonBody(ctx);
    String serial = body.path("serial").asText("");
    long hours = body.path("validHours").asLong(fleet.settings().defaultTokenValidity().toHours());
    try {
      FleetService.IssuedToken issued =
          fleet.createToken(
              Requests.staff(ctx).auditName(),
              serial,
              Duration.ofHours(hours),
              Requests.source(ctx));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("serial", issued.token().serial());
      out.put("token", issued.token().text());
      out.put("expiresAt", issued.expiresAt().toString());
      ctx.status(201);
      json(ctx, out);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("bad-token-request", e.getMessage());
    }
  }

  private static JsonNode jsonBody(Context ctx) {
    byte[] body = Requests.body(ctx, "application/json", MAX_JSON);
    try {
      JsonNode node = Json.readTree(body);
      if (!node.isObject()) {
        throw HttpProblem.badRequest("bad-json", "expected a JSON object");
      }
      return node;
    } catch (Json.JsonRejection e) {
      throw HttpProblem.badRequest("bad-json", e.getMessage());
    }
  }

  private static void json(Context ctx, Object value) {
    Requests.json(ctx, value);
  }

  static HttpProblem problem(FleetRefusal refusal) {
    return new HttpProblem(refusal.kind().status(), refusal.code(), refusal.getMessage());
  }
}
