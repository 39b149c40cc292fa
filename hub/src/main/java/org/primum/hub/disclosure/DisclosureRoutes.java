package org.primum.hub.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.primum.core.json.Json;
import org.primum.hub.web.Access;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * The disclosure JSON API. Anonymous: {@code POST /api/v1/disclosures} files a report and answers
 * {@code 201} with the tracking token; {@code GET /api/v1/disclosures/{token}} is the finder's
 * view, {@code POST .../messages} ({@code {"body": "..."}}) writes to the team and {@code POST
 * .../credit} ({@code {"credit": "name"}} or {@code {"credit": null}}) changes the credit choice.
 * Staff (security analysts, administrators): {@code GET /api/v1/disclosures} lists the cases.
 */
public final class DisclosureRoutes {
  /** Largest message or credit body. */
  private static final int MAX_SMALL_BODY = 64 * 1024;

  private final DisclosureService service;

  public DisclosureRoutes(DisclosureService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  public List<Route> routes() {
    Access anyone = Access.anyone();
    return List.of(
        Route.post("/api/v1/disclosures", anyone, this::submit),
        Route.get("/api/v1/disclosures/{token}", anyone, this::view),
        Route.post("/api/v1/disclosures/{token}/messages", anyone, this::message),
        Route.post("/api/v1/disclosures/{token}/credit", anyone, this::credit),
        Route.get(
            "/api/v1/disclosures",
            Access.staff(Role.SECURITY_ANALYST, Role.ADMINISTRATOR),
            this::list));
  }

  private void submit(Context ctx) {
    String source = Requests.source(ctx);
    DisclosureReport report;
    try (DisclosureService.Permit permit = service.enterIntake()) {
      try {
        service.admitReport(source);
        byte[] body = Requests.body(ctx, "application/json", DisclosureReports.MAX_JSON_BYTES);
        report = DisclosureReports.fromJson(body);
      } catch (DisclosureRefusal refusal) {
        service.refusedReport(refusal, source);
        throw refusal;
      }
      DisclosureService.Receipt receipt = service.submit(report, source);
      String base = service.settings().base();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("case", receipt.caseId());
      out.put("token", receipt.token());
      out.put("status", CaseState.RECEIVED.name());
      out.put("statusUrl", base + ResearcherPages.CASES + receipt.token());
      out.put("apiUrl", base + "/api/v1/disclosures/" + receipt.token());
      out.put("receivedAt", receipt.receivedAt().toString());
      out.put(
          "acknowledgement",
          "Thank you: your report is case "
              + receipt.caseId()
              + ". The token is shown only once and the hub keeps only its hash; keep it private.");
      out.put("deadlines", DisclosureHttp.deadlines(receipt.deadlines()));
      ctx.status(201);
      Requests.json(ctx, out);
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    }
  }

  private void view(Context ctx) {
    try {
      service.admitStatus(Requests.source(ctx));
      Requests.json(ctx, DisclosureHttp.json(service.view(ctx.pathParam("token"))));
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    }
  }

  private void message(Context ctx) {
    try {
      service.admitStatus(Requests.source(ctx));
      JsonNode body = small(ctx, Set.of("body"));
      JsonNode text = body.get("body");
      if (text == null || !text.isTextual()) {
        throw DisclosureRefusal.badInput("field-missing", "expected {\"body\": \"...\"}");
      }
      service.postResearcherMessage(ctx.pathParam("token"), text.textValue(), Requests.source(ctx));
      ctx.status(204);
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    }
  }

  private void credit(Context ctx) {
    try {
      service.admitStatus(Requests.source(ctx));
      JsonNode body = small(ctx, Set.of("credit"));
      JsonNode name = body.get("credit");
      Credit credit;
      if (name == null || name.isNull()) {
        credit = Credit.anonymous();
      } else if (name.isTextual()) {
        try {
          credit = Credit.as(name.textValue());
        } catch (IllegalArgumentException e) {
          throw DisclosureRefusal.badInput("credit-invalid", e.getMessage());
        }
      } else {
        throw DisclosureRefusal.badInput(
            "credit-invalid", "expected {\"credit\": \"name or handle\"} or {\"credit\": null}");
      }
      service.changeCredit(ctx.pathParam("token"), credit, Requests.source(ctx));
      ctx.status(204);
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    }
  }

  private static JsonNode small(Context ctx, Set<String> fields) throws DisclosureRefusal {
    byte[] bytes = Requests.body(ctx, "application/json", MAX_SMALL_BODY);
    JsonNode node;
    try {
      node = Json.readTree(bytes);
    } catch (Json.JsonRejection e) {
      throw DisclosureRefusal.badInput("bad-json", e.getMessage());
    }
    if (!node.isObject()) {
      throw DisclosureRefusal.badInput("bad-json", "expected a JSON object");
    }
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw DisclosureRefusal.badInput(
            "bad-json",
            "unknown field \""
                + org.primum.core.formats.Texts.printable(name, 40)
                + "\"; expected "
                + String.join(", ", fields));
      }
    }
    return node;
  }

  private void list(Context ctx) {
    Requests.json(
        ctx,
        Map.of(
            "cases",
            service.cases().stream()
                .map(
                    c -> {
                      Map<String, Object> out = new LinkedHashMap<>();
                      out.put("case", c.id());
                      out.put("title", c.title());
                      out.put("product", c.hardwareId());
                      out.put("version", c.version());
                      out.put("state", c.state().name());
                      out.put("safety", c.safety().name());
                      out.put("uncontrolledRisk", c.uncontrolledRisk());
                      out.put("cvss31", c.cvss31Score().orElse(null));
                      out.put("severity", c.severity().orElse(null));
                      out.put("cve", c.cveId().orElse(null));
                      out.put("receivedAt", c.receivedAt().toString());
                      out.put("overdue", c.overdue());
                      out.put("deadlines", DisclosureHttp.deadlines(c.deadlines()));
                      return out;
                    })
                .toList()));
  }
}
