package org.primum.hub.orders;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * HTTP routes of the order relay: staff (administrators, as the hospital's integration account)
 * submit HL7 orders and read the pump's answers; a pump, over mutual TLS and only for itself,
 * collects its orders and posts its acknowledgement and its report of the settings in force.
 */
public final class OrderRoutes {
  private final OrderRelay relay;

  public OrderRoutes(OrderRelay relay) {
    this.relay = Objects.requireNonNull(relay, "relay");
  }

  public List<Route> routes() {
    return List.of(
        Route.post(
            "/api/v1/devices/{serial}/orders", Access.staff(Role.ADMINISTRATOR), this::submit),
        Route.get("/api/v1/orders/{id}", Access.anyStaff(), this::view),
        Route.get("/api/v1/devices/{serial}/orders/pending", Access.device(), this::pending),
        Route.post("/api/v1/devices/{serial}/orders/{id}/ack", Access.device(), this::ack),
        Route.post("/api/v1/devices/{serial}/orders/{id}/report", Access.device(), this::report));
  }

  private void submit(Context ctx) {
    byte[] body = Requests.body(ctx, "application/hl7-v2", OrderRelay.MAX_BYTES);
    try {
      long id =
          relay.submit(
              ctx.pathParam("serial"), body, Requests.staff(ctx).auditName(), Requests.source(ctx));
      ctx.status(202);
      json(ctx, Map.of("order", id, "status", "PENDING"));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("bad-order", e.getMessage());
    }
  }

  private void view(Context ctx) {
    OrderRelay.OrderView order =
        relay
            .order(id(ctx))
            .orElseThrow(() -> HttpProblem.notFound("no order " + ctx.pathParam("id")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("order", order.id());
    out.put("device", order.deviceSerial());
    out.put("controlId", order.controlId());
    out.put("status", order.status());
    out.put("ack", order.ack().orElse(""));
    out.put("report", order.report().orElse(""));
    json(ctx, out);
  }

  private void pending(Context ctx) {
    String serial = self(ctx);
    List<Map<String, Object>> orders =
        relay.pending(serial).stream()
            .map(d -> Map.<String, Object>of("id", d.id(), "message", d.message()))
            .toList();
    json(ctx, Map.of("orders", orders));
  }

  private void ack(Context ctx) {
    String serial = self(ctx);
    String text =
        new String(
            Requests.body(ctx, "application/hl7-v2", OrderRelay.MAX_BYTES), StandardCharsets.UTF_8);
    if (!relay.answer(serial, id(ctx), text)) {
      throw HttpProblem.conflict("no-open-order", "no open order " + id(ctx) + " for " + serial);
    }
    ctx.status(204);
  }

  private void report(Context ctx) {
    String serial = self(ctx);
    String text =
        new String(
            Requests.body(ctx, "application/hl7-v2", OrderRelay.MAX_BYTES), StandardCharsets.UTF_8);
    if (!relay.report(serial, id(ctx), text)) {
      throw HttpProblem.conflict(
          "no-answered-order", "no answered order " + id(ctx) + " for " + serial);
    }
    ctx.status(204);
  }

  private static String self(Context ctx) {
    return Requests.deviceActingOnItself(ctx).serial();
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("bad-id", "an order id is a number");
    }
  }

  private static void json(Context ctx, Object value) {
    Requests.json(ctx, value);
  }
}
