package org.primum.hub.evidence;

import static j2html.TagCreator.a;
import static j2html.TagCreator.button;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.div;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.evidence.Severity;
import org.primum.core.json.Json;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/** Evidence upload (devices), the receipt key (anyone), and the evidence views (staff). */
public final class EvidenceRoutes {
  private static final Access INVESTIGATORS =
      Access.staff(Role.ADMINISTRATOR, Role.SECURITY_ANALYST);

  private final EvidenceService evidence;

  public EvidenceRoutes(EvidenceService evidence) {
    this.evidence = Objects.requireNonNull(evidence, "evidence");
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/devices/{serial}/evidence", Access.device(), this::upload),
        Route.get("/api/v1/evidence/receipt-key", Access.anyone(), this::receiptKey),
        Route.get("/api/v1/devices/{serial}/evidence", Access.anyStaff(), this::view),
        Route.get("/evidence/{serial}", Access.anyStaff(), this::page),
        Route.post("/evidence/{serial}/bundle", INVESTIGATORS, this::exportForm),
        Route.post("/api/v1/devices/{serial}/evidence/bundles", INVESTIGATORS, this::exportApi));
  }

  private void upload(Context ctx) {
    var device = Requests.deviceActingOnItself(ctx);
    byte[] body = Requests.body(ctx, "application/json", EvidenceUpload.MAX_BYTES);
    EvidenceUpload upload;
    try {
      upload = Json.read(body, EvidenceUpload.class);
    } catch (Json.JsonRejection e) {
      throw HttpProblem.badRequest("bad-upload", e.getMessage());
    }
    try {
      EvidenceService.Accepted accepted = evidence.ingest(device, upload, Requests.source(ctx));
      json(ctx, Map.of("receipt", accepted.receipt(), "size", accepted.size()));
    } catch (EvidenceRefusal refusal) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("error", refusal.code());
      out.put("message", refusal.getMessage());
      refusal.incident().ifPresent(id -> out.put("incident", id));
      refusal.hubSize().ifPresent(size -> out.put("hubSize", size));
      ctx.status(refusal.status());
      json(ctx, out);
    }
  }

  private void exportForm(Context ctx) {
    export(
        ctx,
        Optional.ofNullable(ctx.formParam("from")),
        Optional.ofNullable(ctx.formParam("to")),
        ctx.formParam("reason"));
  }

  private void exportApi(Context ctx) {
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      body = Json.readTree(Requests.body(ctx, "application/json", 16 * 1024));
    } catch (Json.JsonRejection e) {
      throw HttpProblem.badRequest("bad-json", e.getMessage());
    }
    export(
        ctx,
        Optional.ofNullable(body.path("from").textValue()),
        Optional.ofNullable(body.path("to").textValue()),
        body.path("reason").asText(""));
  }

  private void export(Context ctx, Optional<String> from, Optional<String> to, String reason) {
    String serial = ctx.pathParam("serial");
    EvidenceExports.Exported exported;
    try {
      exported =
          evidence
              .exports()
              .export(
                  serial, from, to, Requests.staff(ctx).auditName(), reason, Requests.source(ctx));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("bad-export", e.getMessage());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ctx.header(
        "Content-Disposition", "attachment; filename=\"" + exported.file().getFileName() + "\"");
    ctx.header("X-Content-SHA256", exported.contentDigest());
    try {
      ctx.contentType("application/zip").result(java.nio.file.Files.readAllBytes(exported.file()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void receiptKey(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8").result(evidence.receiptKey().text() + "\n");
  }

  private void view(Context ctx) {
    String serial = ctx.pathParam("serial");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("log", evidence.log(serial).orElse(null));
    out.put("incidents", evidence.incidents(serial));
    out.put("entries", evidence.entries(serial, filter(ctx), parseLimit(ctx.queryParam("limit"))));
    json(ctx, out);
  }

  /** The timeline filter from the query: type prefix, severity, device-time window. */
  private static EvidenceService.Filter filter(Context ctx) {
    return new EvidenceService.Filter(
        Objects.requireNonNullElse(ctx.queryParam("type"), "").strip(),
        normalizeSeverity(ctx.queryParam("severity")),
        instant(ctx.queryParam("from"), "from"),
        instant(ctx.queryParam("to"), "to"));
  }

  private static Optional<java.time.Instant> instant(String raw, String name) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.Instant.parse(raw.strip()));
    } catch (java.time.format.DateTimeParseException e) {
      throw HttpProblem.badRequest(
          "bad-time", name + " must be an ISO-8601 instant such as 2026-11-22T08:00:00Z");
    }
  }

  private void page(Context ctx) {
    String serial = ctx.pathParam("serial");
    EvidenceService.Filter filter = filter(ctx);
    String type = filter.typePrefix();
    String severity = filter.severity();
    var log = evidence.log(serial);
    var gapRecords =
        evidence.entries(
            serial,
            new EvidenceService.Filter("evidence.gap", "", Optional.empty(), Optional.empty()),
            50);
    var incidents = evidence.incidents(serial);
    Pages.render(
        ctx,
        "Evidence " + serial,
        h1("Evidence of " + serial),
        log.isEmpty()
            ? p("The hub holds no evidence of this device yet.")
            : dl(
                dt("Integrity"),
                dd(
                    span(log.get().integrity())
                        .withId("evidence-integrity")
                        .withClass("badge " + log.get().integrity().toLowerCase(Locale.ROOT))),
                dt("Entries held"),
                dd(Long.toString(log.get().size())).withId("evidence-size"),
                dt("Last receipt"),
                dd(log.get().lastReceiptAt() == null
                        ? "none"
                        : "covers "
                            + log.get().lastReceiptSize()
                            + " entries, signed "
                            + log.get().lastReceiptAt())
                    .withId("evidence-last-receipt"),
                dt("Gaps"),
                dd(log.get().gaps() == 0
                        ? "none"
                        : log.get().gaps()
                            + " gap record(s): the device's storage was full and it"
                            + " summarised what it could not keep")
                    .withId("evidence-gaps"),
                dt("Root"),
                dd(code(log.get().rootHash())),
                dt("Device evidence key"),
                dd(code(log.get().verifierKey())),
                dt("Last checkpoint"),
                dd(pre(log.get().checkpoint()))),
        h2("Integrity incidents (" + incidents.size() + ")"),
        incidents.isEmpty()
            ? p("None.")
            : table(
                    thead(
                        tr(
                            th("#"),
                            th("Detected"),
                            th("Kind"),
                            th("Detail"),
                            th("Held"),
                            th("Presented"))),
                    tbody(
                        each(
                            incidents,
                            i ->
                                tr(
                                    td(Long.toString(i.id())),
                                    td(i.detectedAt().toString()),
                                    td(i.kind()),
                                    td(i.detail()),
                                    td(pre(i.heldCheckpoint())),
                                    td(pre(i.presentedCheckpoint()))))))
                .withClass("grid")
                .withId("incidents"),
        mayExport(ctx) && log.isPresent()
            ? div(
                h2("Export an evidence bundle"),
                p(
                    "For an investigation: the entries in the window, with the proofs that tie them"
                        + " to the device's signed checkpoint and this hub's receipt, and a signed"
                        + " chain-of-custody record. Verify it anywhere with primum verify."),
                Pages.postForm(
                        "/evidence/" + serial + "/bundle",
                        Requests.staff(ctx),
                        label("Reason (recorded in the custody chain)"),
                        input().withName("reason").withId("export-reason").isRequired(),
                        label("From (device time, ISO-8601, optional)"),
                        input().withName("from"),
                        label("To (optional)"),
                        input().withName("to"),
                        button("Export bundle").withType("submit").withId("export"))
                    .withClass("stacked"))
            : div(),
        gapRecords.isEmpty()
            ? div()
            : div(
                h2("Gaps (" + gapRecords.size() + ")"),
                table(
                        thead(
                            tr(
                                th("#"),
                                th("Device time"),
                                th("Entries dropped"),
                                th("Dropped between"),
                                th("Types"))),
                        tbody(
                            each(
                                gapRecords,
                                g -> {
                                  var payload = gapPayload(g);
                                  return tr(
                                      td(Long.toString(g.sequence())),
                                      td(g.deviceTime()),
                                      td(payload.path("dropped").asText()),
                                      td(
                                          payload.path("firstDeviceTime").asText()
                                              + " – "
                                              + payload.path("lastDeviceTime").asText()),
                                      td(code(payload.path("types").toString())));
                                })))
                    .withClass("grid")
                    .withId("gaps")),
        h2("Timeline"),
        form(
                label("Type starts with"),
                input().withName("type").withValue(type),
                label("From (device time)"),
                input()
                    .withName("from")
                    .withPlaceholder("2026-11-22T08:00:00Z")
                    .withValue(filter.from().map(Object::toString).orElse("")),
                label("To"),
                input().withName("to").withValue(filter.to().map(Object::toString).orElse("")),
                label("Severity"),
                select(
                        option("any").withValue(""),
                        each(
                            List.of(Severity.values()),
                            s ->
                                option(s.name())
                                    .withValue(s.name())
                                    .withCondSelected(s.name().equals(severity))))
                    .withName("severity"),
                button("Filter").withType("submit"))
            .withMethod("get")
            .withClass("inline-filters"),
        table(
                thead(tr(th("#"), th("Device time"), th("Severity"), th("Type"), th("Entry"))),
                tbody(
                    each(
                        evidence.entries(serial, filter, 200),
                        e ->
                            tr(
                                td(Long.toString(e.sequence())),
                                td(e.deviceTime()),
                                td(e.severity()),
                                td(e.type()),
                                td(code(e.entry()))))))
            .withClass("grid")
            .withId("timeline"),
        div(a("Back to the device").withHref("/fleet/" + serial)));
  }

  private static com.fasterxml.jackson.databind.JsonNode gapPayload(EvidenceService.EntryView gap) {
    try {
      return Json.readTree(gap.entry().getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .path("payload");
    } catch (Json.JsonRejection e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static boolean mayExport(Context ctx) {
    Role role = Requests.staff(ctx).role();
    return role == Role.ADMINISTRATOR || role == Role.SECURITY_ANALYST;
  }

  private static String normalizeSeverity(String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    try {
      return Severity.valueOf(raw.strip().toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(
          "bad-severity", "severity is one of INFO, NOTICE, WARNING, CRITICAL");
    }
  }

  private static int parseLimit(String raw) {
    try {
      return raw == null ? 100 : Math.max(1, Math.min(1000, Integer.parseInt(raw)));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  private static void json(Context ctx, Object value) {
    Requests.json(ctx, value);
  }
}
