package org.primum.hub.updates;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Route;

/**
 * The rollout JSON API for staff ({@code GET /api/v1/rollouts}, {@code GET /api/v1/rollouts/{id}})
 * and the device update report ({@code POST /api/v1/devices/{serial}/update-status}: mutual TLS, a
 * device reports only on itself).
 */
public final class RolloutRoutes {
  private final RolloutService rollouts;

  public RolloutRoutes(RolloutService rollouts) {
    this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/rollouts", Access.anyStaff(), this::list),
        Route.get("/api/v1/rollouts/{id}", Access.anyStaff(), this::detail),
        Route.post("/api/v1/devices/{serial}/update-status", Access.device(), this::updateStatus));
  }

  private void list(Context ctx) {
    Requests.json(ctx, Map.of("rollouts", rollouts.rollouts()));
  }

  private void detail(Context ctx) {
    long id = id(ctx);
    Requests.json(
        ctx, rollouts.rollout(id).orElseThrow(() -> HttpProblem.notFound("no rollout " + id)));
  }

  private void updateStatus(Context ctx) {
    String serial = Requests.deviceActingOnItself(ctx).serial();
    byte[] body = Requests.body(ctx, "application/json", RolloutReport.MAX_BYTES);
    try {
      rollouts.report(serial, RolloutReport.parse(body), Requests.source(ctx));
    } catch (RolloutRefusal refusal) {
      throw problem(refusal);
    }
    ctx.status(204);
  }

  /** The path's rollout id, or a 400 naming what was expected. */
  static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("bad-id", "a rollout id is a number");
    }
  }

  /** The HTTP form of a refusal. */
  static HttpProblem problem(RolloutRefusal refusal) {
    int status =
        switch (refusal.kind()) {
          case BAD_INPUT -> 400;
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case FORBIDDEN -> 403;
        };
    return new HttpProblem(status, refusal.code(), refusal.getMessage());
  }
}
