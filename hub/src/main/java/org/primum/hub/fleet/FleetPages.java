package org.primum.hub.fleet;

import static j2html.TagCreator.a;
import static j2html.TagCreator.button;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.div;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.script;
import static j2html.TagCreator.section;
import static j2html.TagCreator.span;
import static j2html.TagCreator.strong;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Principal;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/** The fleet dashboard, device pages and enrollment pages. */
public final class FleetPages {
  private final FleetService fleet;
  private final Supplier<String> publicUrl;
  private final Supplier<Map<String, String>> evidenceStatus;

  /**
   * @param publicUrl the URL devices use to reach this hub, shown in enrollment instructions
   */
  public FleetPages(
      FleetService fleet,
      Supplier<String> publicUrl,
      Supplier<Map<String, String>> evidenceStatus) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    this.evidenceStatus = Objects.requireNonNull(evidenceStatus, "evidenceStatus");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/fleet", Access.anyStaff(), this::dashboard),
        Route.get("/fleet/{serial}", Access.anyStaff(), this::devicePage),
        Route.post(
            "/fleet/{serial}/revoke",
            Access.staff(Role.ADMINISTRATOR, Role.SECURITY_ANALYST),
            this::revoke),
        Route.get(
            "/enrollment", Access.staff(Role.ADMINISTRATOR), ctx -> enrollmentPage(ctx, null)),
        Route.post("/enrollment/tokens", Access.staff(Role.ADMINISTRATOR), this::createToken));
  }

  private void dashboard(Context ctx) {
    List<DeviceView> devices = fleet.devices();
    Map<String, String> evidence = evidenceStatus.get();
    long online = devices.stream().filter(d -> d.connectivity().equals("ONLINE")).count();
    long high =
        devices.stream()
            .filter(d -> d.highestAlarm().map(a -> a.priority().equals("HIGH")).orElse(false))
            .count();
    Pages.render(
        ctx,
        "Fleet",
        h1("Fleet"),
        p(
                span(devices.size() + " devices").withId("count-total"),
                span(" · "),
                span(online + " online").withId("count-online"),
                span(" · "),
                span(high + " with a high-priority alarm").withId("count-high"))
            .withClass("summary"),
        table(
                thead(
                    tr(
                        th("Serial"),
                        th("Model"),
                        th("Firmware"),
                        th("Certificate"),
                        th("Expires"),
                        th("Last contact"),
                        th("Connectivity"),
                        th("Therapy state"),
                        th("Highest alarm"),
                        th("Evidence"))),
                tbody(each(devices, d -> row(d, evidence.getOrDefault(d.serial(), "—"))))
                    .withId("fleet-rows"))
            .withId("fleet")
            .withClass("grid"),
        p("Refreshed live every 3 seconds.").withClass("hint").withId("refresh-note"),
        script().withSrc("/assets/fleet.js"));
  }

  private static DomContent row(DeviceView d, String evidence) {
    return tr(
            td(a(d.serial()).withHref("/fleet/" + d.serial())),
            td(d.model()),
            td(d.firmware()),
            td(code(shortFingerprint(d.certificateFingerprint())))
                .attr("title", d.certificateFingerprint()),
            td(dateOnly(d.certificateNotAfter())),
            td(d.lastContact().orElse("never")),
            td(
                span(d.connectivity())
                    .withClass("badge " + d.connectivity().toLowerCase(Locale.ROOT))),
            td(d.operatingState()),
            td(
                d.highestAlarm()
                    .map(
                        alarm ->
                            (DomContent)
                                span(alarm.priority() + " · " + alarm.code())
                                    .withClass("alarm " + alarm.priority().toLowerCase(Locale.ROOT))
                                    .attr("title", alarm.message()))
                    .orElse(span("none").withClass("muted"))),
            td(
                a(evidence)
                    .withHref("/evidence/" + d.serial())
                    .withClass(evidence.contains("INCIDENT") ? "alarm high" : "")))
        .withId("device-" + d.serial())
        .attr("data-serial", d.serial());
  }

  private void devicePage(Context ctx) {
    String serial = ctx.pathParam("serial");
    FleetService.DeviceDetail detail =
        fleet.device(serial).orElseThrow(() -> HttpProblem.notFound("no device " + serial));
    DeviceView d = detail.device();
    Principal.StaffMember me = Requests.staff(ctx);
    boolean mayRevoke =
        (me.role() == Role.ADMINISTRATOR || me.role() == Role.SECURITY_ANALYST)
            && d.status().equals("ACTIVE");
    Pages.render(
        ctx,
        d.serial(),
        h1("Device " + d.serial()).withId("device-title"),
        dl(
            dt("Status"),
            dd(span(d.status()).withId("device-status")),
            dt("Model"),
            dd(d.model()),
            dt("Firmware"),
            dd(d.firmware()),
            dt("Connectivity"),
            dd(d.connectivity()),
            dt("Therapy state"),
            dd(d.operatingState()),
            dt("Highest alarm"),
            dd(
                d.highestAlarm()
                    .map(a -> a.priority() + " · " + a.code() + " — " + a.message())
                    .orElse("none")),
            dt("Last contact"),
            dd(d.lastContact().orElse("never")),
            dt("Enrolled"),
            dd(d.enrolledAt()),
            dt("Revoked"),
            dd(
                d.revokedAt()
                    .map(
                        at ->
                            at
                                + " by "
                                + d.revokedBy().orElse("?")
                                + ": "
                                + d.revokeReason().orElse(""))
                    .orElse("no"))),
        mayRevoke
            ? section(
                h2("Revoke"),
                p(
                    "Revoking cuts the device off at its next call: its certificates stop working"
                        + " and its unused enrollment tokens expire. Therapy on the device is not"
                        + " affected. To bring it back, enroll it again with a new token."),
                Pages.postForm(
                        "/fleet/" + d.serial() + "/revoke",
                        me,
                        label("Reason"),
                        input().withName("reason").withId("revoke-reason").attr("maxlength", "200"),
                        button("Revoke " + d.serial())
                            .withType("submit")
                            .withId("revoke")
                            .withClass("danger"))
                    .withClass("stacked"))
            : div(),
        p(a("Evidence log and integrity of " + d.serial()).withHref("/evidence/" + d.serial()))
            .withId("evidence-link"),
        h2("Certificates"),
        table(
                thead(
                    tr(
                        th("Fingerprint (SHA-256)"),
                        th("Serial number"),
                        th("Valid from"),
                        th("Valid to"),
                        th("Status"))),
                tbody(
                    each(
                        detail.certificates(),
                        c ->
                            tr(
                                td(code(c.fingerprint())),
                                td(code(c.serialNumber())),
                                td(c.notBefore().toString()),
                                td(c.notAfter().toString()),
                                td(c.status())))))
            .withClass("grid"),
        h2("Recent status reports"),
        table(
                thead(
                    tr(
                        th("Sequence"),
                        th("Received"),
                        th("Device time"),
                        th("State"),
                        th("Connectivity"),
                        th("Alarm"))),
                tbody(
                    each(
                        detail.reports(),
                        r ->
                            tr(
                                td(Long.toString(r.sequence())),
                                td(r.receivedAt().toString()),
                                td(r.deviceTime()),
                                td(r.operatingState()),
                                td(r.connectivity()),
                                td(
                                    r.alarmPriority()
                                        .map(pr -> pr + " · " + r.alarmCode().orElse(""))
                                        .orElse("—"))))))
            .withClass("grid"));
  }

  private void revoke(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    String serial = ctx.pathParam("serial");
    try {
      fleet.revoke(me.auditName(), serial, ctx.formParam("reason"), Requests.source(ctx));
      ctx.redirect("/fleet/" + serial);
    } catch (FleetRefusal refusal) {
      throw FleetApiRoutes.problem(refusal);
    }
  }

  private void enrollmentPage(Context ctx, DomContent message) {
    Principal.StaffMember me = Requests.staff(ctx);
    Pages.render(
        ctx,
        "Enrollment",
        h1("Enrollment"),
        p(
            "A device enrolls with a one-time token bound to its serial number. It generates its own"
                + " key pair, sends a certificate request with the token, and receives its own"
                + " certificate; the token cannot be used again."),
        message == null ? div() : message,
        section(
            h2("New enrollment token"),
            Pages.postForm(
                    "/enrollment/tokens",
                    me,
                    label("Device serial number"),
                    input()
                        .withName("serial")
                        .withId("token-serial")
                        .isRequired()
                        .attr("pattern", "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                    label("Valid for (hours)"),
                    input()
                        .withName("hours")
                        .withType("number")
                        .attr("min", "1")
                        .attr("max", "720")
                        .withValue(
                            Long.toString(fleet.settings().defaultTokenValidity().toHours())),
                    button("Create token").withType("submit").withId("create-token"))
                .withClass("stacked")),
        h2("Recent tokens"),
        table(
                thead(tr(th("Serial"), th("Created"), th("By"), th("Expires"), th("State"))),
                tbody(
                    each(
                        fleet.tokens(),
                        t ->
                            tr(
                                td(t.serial()),
                                td(t.createdAt().toString()),
                                td(t.createdBy()),
                                td(t.expiresAt().toString()),
                                td(t.state())))))
            .withClass("grid"));
  }

  private void createToken(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    try {
      long hours = Long.parseLong(Objects.requireNonNullElse(ctx.formParam("hours"), "24").strip());
      FleetService.IssuedToken issued =
          fleet.createToken(
              me.auditName(),
              Objects.requireNonNullElse(ctx.formParam("serial"), "").strip(),
              Duration.ofHours(hours),
              Requests.source(ctx));
      enrollmentPage(
          ctx,
          Pages.notice(
              "secret",
              p(
                  text("One-time token for "),
                  strong(issued.token().serial()),
                  text(", valid until " + issued.expiresAt() + " (shown once):")),
              pre(issued.token().text()).withId("new-token"),
              p("On the device, with the hub CA it was provisioned with:"),
              pre("primum pump --hub "
                      + publicUrl.get()
                      + " --token "
                      + issued.token().text()
                      + " --ca hub-ca.pem --data ./pump-"
                      + issued.token().serial())
                  .withId("pump-command")));
    } catch (NumberFormatException e) {
      ctx.status(400);
      enrollmentPage(
          ctx, Pages.notice("error", p("The validity must be a whole number of hours.")));
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      enrollmentPage(ctx, Pages.notice("error", p(e.getMessage())));
    }
  }

  private static String shortFingerprint(String fingerprint) {
    return fingerprint.length() > 16 ? fingerprint.substring(0, 16) + "…" : fingerprint;
  }

  private static String dateOnly(String instant) {
    return instant.length() >= 10 ? instant.substring(0, 10) : instant;
  }
}
