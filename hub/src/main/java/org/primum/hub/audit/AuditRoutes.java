package org.primum.hub.audit;

import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.p;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.primum.core.json.Json;
import org.primum.hub.web.Access;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/** The audit trail, as a page and as JSON. */
public final class AuditRoutes {
  private static final Access READERS = Access.staff(Role.ADMINISTRATOR, Role.SECURITY_ANALYST);
  private final AuditLog audit;

  public AuditRoutes(AuditLog audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/audit", READERS, this::page), Route.get("/api/v1/audit", READERS, this::api));
  }

  private void page(Context ctx) {
    List<AuditEvent> events = audit.latest(300, "");
    Pages.render(
        ctx,
        "Audit trail",
        h1("Audit trail"),
        p(
            "The latest "
                + events.size()
                + " recorded actions, newest first. Records are append-only."),
        table(
                thead(
                    tr(
                        th("When"),
                        th("Actor"),
                        th("Action"),
                        th("Target"),
                        th("Outcome"),
                        th("Detail"),
                        th("Source"))),
                tbody(
                    each(
                        events,
                        e ->
                            tr(
                                td(e.at().toString()),
                                td(e.actor()),
                                td(e.action()),
                                td(e.target()),
                                td(e.outcome()),
                                td(e.detail()),
                                td(e.source())))))
            .withClass("grid")
            .withId("audit"));
  }

  private void api(Context ctx) {
    int limit = parseLimit(ctx.queryParam("limit"));
    String prefix = Objects.requireNonNullElse(ctx.queryParam("action"), "");
    ctx.contentType("application/json")
        .result(Json.write(Map.of("events", audit.latest(limit, prefix))));
  }

  private static int parseLimit(String raw) {
    try {
      return raw == null ? 100 : Math.max(1, Math.min(1000, Integer.parseInt(raw)));
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
