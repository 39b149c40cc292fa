package org.primum.hub.advisories;

import static j2html.TagCreator.a;
import static j2html.TagCreator.button;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.li;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.textarea;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.crypto.SecretAccess;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Principal;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * The staff pages for advisories: every advisory with its drafts, the advisory form, publication
 * (with the CSAF validator's verdict shown before and after), staff downloads of any revision
 * (TLP:AMBER and RED included), subscribers with their one-time webhook secrets, the notification
 * outbox and the delivery log. Every staff role may read; security analysts and administrators
 * write; state-changing forms carry the session's CSRF token ({@link Pages#postForm}).
 */
public final class AdvisoryManagePages {
  private static final String BASE = "/advisories/manage";

  private final AdvisoryService advisories;
  private final AdvisoryNotifications notifications;

  public AdvisoryManagePages(AdvisoryService advisories, AdvisoryNotifications notifications) {
    this.advisories = Objects.requireNonNull(advisories, "advisories");
    this.notifications = Objects.requireNonNull(notifications, "notifications");
  }

  /** The staff routes; register them before {@link AdvisoryPages#routes()}. */
  public List<Route> routes() {
    Access read = Access.anyStaff();
    Access write = Access.staff(Role.SECURITY_ANALYST, Role.ADMINISTRATOR);
    return List.of(
        Route.get(BASE, read, this::list),
        Route.post(BASE, write, this::create),
        Route.get(BASE + "/new", write, this::newForm),
        Route.get(BASE + "/subscribers", write, this::subscribers),
        Route.post(BASE + "/subscribers", write, this::register),
        Route.post(BASE + "/subscribers/{id}/disable", write, this::disable),
        Route.get(BASE + "/{id}", read, this::advisory),
        Route.post(BASE + "/{id}", write, this::update),
        Route.post(BASE + "/{id}/publish", write, this::publish),
        Route.get(BASE + "/{id}/csaf.json", read, this::csaf),
        Route.get(BASE + "/{id}/vex.json", read, this::vexDocument),
        Route.get(BASE + "/{id}/preview.json", read, this::preview));
  }

  private static boolean writer(Principal.StaffMember me) {
    return me.role() == Role.SECURITY_ANALYST || me.role() == Role.ADMINISTRATOR;
  }

  // ----------------------------------------------------------------------------------- list

  private void list(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    List<Advisory> all = advisories.advisories();
    Pages.render(
        ctx,
        "Manage advisories",
        h1("Advisories"),
        p(
            text("Drafts and published advisories, every TLP. TLP:WHITE publications go to the "),
            a("public list").withHref("/advisories"),
            text(" and the CSAF provider directory, and are notified to subscribers.")),
        writer(me)
            ? p(
                a("New advisory").withHref(BASE + "/new"),
                text(" · "),
                a("Subscribers and deliveries").withHref(BASE + "/subscribers"))
            : text(""),
        all.isEmpty()
            ? p("No advisory yet.").withClass("muted")
            : table(
                    thead(
                        tr(
                            th("Advisory"),
                            th("Title"),
                            th("TLP"),
                            th("State"),
                            th("Version"),
                            th("Unpublished changes"),
                            th("Updated"))),
                    tbody(
                        each(
                            all,
                            x ->
                                tr(
                                        td(a(x.trackingId()).withHref(BASE + "/" + x.trackingId())),
                                        td(x.draft().title()),
                                        td(x.draft().tlp().csafLabel()),
                                        td(x.state().name().toLowerCase(java.util.Locale.ROOT)),
                                        td(Integer.toString(x.version())),
                                        td(x.hasUnpublishedChanges() ? "yes" : "no"),
                                        td(
                                            x.updatedBy()
                                                + ", "
                                                + AdvisoryDocuments.date(x.updatedAt())))
                                    .withId("advisory-" + x.trackingId()))))
                .withClass("grid")
                .withId("advisories"));
  }

  // ----------------------------------------------------------------------------- the form

  private void newForm(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    Map<String, String> empty = new LinkedHashMap<>();
    DraftForm.FIELDS.forEach(f -> empty.put(f, ""));
    empty.put("tlp", "WHITE");
    Pages.render(ctx, "New advisory", h1("New advisory"), form(me, BASE, empty, "Save draft"));
  }

  private void create(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    AdvisoryDraft draft;
    try {
      draft = DraftForm.parse(ctx::formParam);
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      Pages.render(
          ctx,
          "New advisory",
          h1("New advisory"),
          Pages.notice("error", p(e.getMessage())),
          form(me, BASE, submitted(ctx), "Save draft"));
      return;
    }
    Advisory created = advisories.draft(draft, me.auditName());
    ctx.redirect(BASE + "/" + created.trackingId());
  }

  private void update(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    Advisory current = find(ctx);
    AdvisoryDraft draft;
    try {
      draft = DraftForm.parse(ctx::formParam);
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      render(ctx, current, Optional.of(e.getMessage()), Optional.of(submitted(ctx)));
      return;
    }
    try {
      advisories.update(current.trackingId(), draft, me.auditName());
    } catch (AdvisoryRefusal e) {
      throw problem(e);
    }
    ctx.redirect(BASE + "/" + current.trackingId());
  }

  private static Map<String, String> submitted(Context ctx) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String f : DraftForm.FIELDS) {
      values.put(f, Objects.requireNonNullElse(ctx.formParam(f), ""));
    }
    return values;
  }

  private static DomContent form(
      Principal.StaffMember me, String action, Map<String, String> v, String submit) {
    return Pages.postForm(
            action,
            me,
            label("Title"),
            input().withName("title").withValue(v.get("title")).isRequired(),
            label("TLP (only WHITE is published publicly and notified)"),
            select(
                    each(
                        List.of(Tlp.values()),
                        t ->
                            option(t.csafLabel())
                                .withValue(t.name())
                                .withCondSelected(t.name().equalsIgnoreCase(v.get("tlp")))))
                .withName("tlp"),
            label("Summary (for everyone)"),
            textarea(v.get("summary")).withName("summary").attr("rows", "3"),
            label("Description (technical)"),
            textarea(v.get("description")).withName("description").attr("rows", "6"),
            label("Impact (what an attacker could do; consequence for patients)"),
            textarea(v.get("impact")).withName("impact").attr("rows", "3"),
            label("CVE ids (space-separated)"),
            input().withName("cves").withValue(v.get("cves")),
            label(
                "CWE id and name (e.g. CWE-306; leave the name empty to take the CWE list's name)"),
            input().withName("cweId").withValue(v.get("cweId")),
            input().withName("cweName").withValue(v.get("cweName")),
            label("CVSS v3.1 vector (the base score is computed)"),
            input()
                .withName("cvss")
                .withValue(v.get("cvss"))
                .withPlaceholder("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            label(
                "Products, one per line: hardware-id version status [justification]. Status:"
                    + " known_affected, fixed, known_not_affected (with a justification such as"
                    + " vulnerable_code_not_present), under_investigation"),
            textarea(v.get("products")).withName("products").attr("rows", "5"),
            label(
                "Remediations, one per line: vendor_fix hardware-id fixed-version [URL] [for"
                    + " hardware-id version, ...][: details] — or mitigation|workaround|"
                    + "no_fix_planned|none_available [for ...]: text"),
            textarea(v.get("remediations")).withName("remediations").attr("rows", "4"),
            label(
                "Acknowledgments, one per line: names (comma-separated) | organisation | summary |"
                    + " URL — only as the people credited agreed"),
            textarea(v.get("acknowledgments")).withName("acknowledgments").attr("rows", "3"),
            label("References, one per line: URL summary"),
            textarea(v.get("references")).withName("references").attr("rows", "3"),
            label(
                input()
                    .withType("checkbox")
                    .withName("interim")
                    .withValue("on")
                    .withCondChecked(!v.get("interim").isEmpty()),
                text(" Publish as interim (information may still change)")),
            label("What this publication changes (required for every update)"),
            input().withName("changeSummary").withValue(v.get("changeSummary")),
            button(submit).withType("submit"))
        .withClass("stacked")
        .withId("advisory-form");
  }

  // --------------------------------------------------------------------------- one advisory

  private Advisory find(Context ctx) {
    return advisories
        .advisory(ctx.pathParam("id"))
        .orElseThrow(() -> HttpProblem.notFound("no advisory has that tracking id"));
  }

  private void advisory(Context ctx) {
    render(ctx, find(ctx), Optional.empty(), Optional.empty());
  }

  private void render(
      Context ctx, Advisory x, Optional<String> error, Optional<Map<String, String>> values) {
    Principal.StaffMember me = Requests.staff(ctx);
    String path = BASE + "/" + x.trackingId();
    List<DomContent> content = new ArrayList<>();
    content.add(h1(x.trackingId() + ": " + x.draft().title()));
    error.ifPresent(m -> content.add(Pages.notice("error", pre(m))));
    content.add(
        dl(
                dt("State"),
                dd(
                    x.state().name().toLowerCase(java.util.Locale.ROOT)
                        + (x.version() > 0 ? ", version " + x.version() : "")),
                dt("Published"),
                dd(
                    text(x.currentReleaseDate().map(AdvisoryDocuments::date).orElse("never")),
                    text(" · "),
                    AdvisoryPages.publicLink(x)),
                dt("Working draft"),
                dd(
                    (x.hasUnpublishedChanges() ? "has unpublished changes" : "as published")
                        + ", last changed by "
                        + x.updatedBy()
                        + " at "
                        + AdvisoryDocuments.date(x.updatedAt())),
                dt("Created"),
                dd(x.createdBy() + ", " + AdvisoryDocuments.date(x.createdAt())))
            .withId("state"));
    content.add(readiness(x, me, path));
    content.add(section(h2("Working draft"), AdvisoryViews.body(x.draft())).withId("draft"));
    if (!x.revisions().isEmpty()) {
      content.add(
          section(
                  h2("Publications"),
                  table(
                          thead(
                              tr(
                                  th("Version"),
                                  th("Date"),
                                  th("Status"),
                                  th("TLP"),
                                  th("By"),
                                  th("Summary"),
                                  th("SHA-256"),
                                  th("Documents"))),
                          tbody(
                              each(
                                  x.revisions(),
                                  r ->
                                      tr(
                                          td(Integer.toString(r.version())),
                                          td(AdvisoryDocuments.date(r.date())),
                                          td(r.status()),
                                          td(r.tlp().csafLabel()),
                                          td(r.publishedBy()),
                                          td(r.summary()),
                                          td(code(r.sha256())),
                                          td(
                                              a("CSAF")
                                                  .withHref(
                                                      path + "/csaf.json?version=" + r.version()),
                                              text(" · "),
                                              a("VEX")
                                                  .withHref(
                                                      path
                                                          + "/vex.json?version="
                                                          + r.version()))))))
                      .withClass("grid")
                      .withId("revisions"))
              .withId("publications"));
    }
    if (writer(me)) {
      content.add(
          section(
              h2("Edit the draft"),
              p("Changes stay in the draft until the next publication, which becomes a new"
                      + " version.")
                  .withClass("hint"),
              form(me, path, values.orElse(DraftForm.fields(x.draft())), "Save draft")));
    }
    content.add(deliveries(notifications.deliveries(Optional.of(x.trackingId()), 50)));
    Pages.render(ctx, x.trackingId(), content.toArray(DomContent[]::new));
  }

  private DomContent readiness(Advisory x, Principal.StaffMember me, String path) {
    AdvisoryService.Preview preview;
    try {
      preview = advisories.preview(x.trackingId());
    } catch (AdvisoryRefusal e) {
      throw problem(e);
    }
    List<DomContent> parts = new ArrayList<>();
    parts.add(h2("Publication"));
    if (!x.hasUnpublishedChanges()) {
      parts.add(p("Nothing to publish: the draft is what version " + x.version() + " says."));
    } else if (preview.ready()) {
      parts.add(
          Pages.notice(
              "",
              p(
                  "Ready: version "
                      + (x.version() + 1)
                      + " would be published as "
                      + (x.draft().interim() ? "interim" : "final")
                      + ", TLP:"
                      + x.draft().tlp().csafLabel()
                      + ". The generated CSAF document passes the CSAF 2.0 validator.")));
      if (writer(me)) {
        parts.add(
            Pages.postForm(
                    path + "/publish",
                    me,
                    button("Publish version " + (x.version() + 1)).withType("submit"))
                .withClass("inline")
                .withId("publish-form"));
      }
    } else {
      parts.add(
          Pages.notice(
              "error", p("Not ready to publish:"), ul(each(preview.problems(), m -> li(m)))));
    }
    parts.add(p(a("Preview the CSAF document").withHref(path + "/preview.json")).withClass("hint"));
    return section(parts.toArray(DomContent[]::new)).withId("readiness");
  }

  private void publish(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    Advisory x = find(ctx);
    try {
      advisories.publish(x.trackingId(), me.auditName());
    } catch (AdvisoryRefusal e) {
      if (e.kind() == AdvisoryRefusal.Kind.NOT_FOUND) {
        throw problem(e);
      }
      ctx.status(e.kind().status());
      render(ctx, x, Optional.of(e.getMessage()), Optional.empty());
      return;
    }
    ctx.redirect(BASE + "/" + x.trackingId());
  }

  private void csaf(Context ctx) {
    ctx.contentType("application/json").result(documents(ctx).csaf());
  }

  private void vexDocument(Context ctx) {
    ctx.contentType("application/json").result(documents(ctx).vex());
  }

  private AdvisoryService.Documents documents(Context ctx) {
    Advisory x = find(ctx);
    String version = ctx.queryParam("version");
    int v;
    try {
      v = version == null ? x.version() : Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest(
          "version", "expected a version number, found \"" + version + "\"");
    }
    return advisories
        .documents(x.trackingId(), v)
        .orElseThrow(
            () -> HttpProblem.notFound("no published version " + v + " of " + x.trackingId()));
  }

  private void preview(Context ctx) {
    try {
      ctx.contentType("application/json").result(advisories.preview(ctx.pathParam("id")).csaf());
    } catch (AdvisoryRefusal e) {
      throw problem(e);
    }
  }

  // ---------------------------------------------------------------------------- subscribers

  private void subscribers(Context ctx) {
    renderSubscribers(ctx, Optional.empty(), Optional.empty());
  }

  private void register(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    NewSubscriber added;
    try {
      added =
          notifications.register(
              form(ctx, "name"),
              Optional.of(form(ctx, "webhook")).filter(s -> !s.isEmpty()),
              Optional.of(form(ctx, "email")).filter(s -> !s.isEmpty()),
              me.auditName());
    } catch (AdvisoryRefusal e) {
      ctx.status(e.kind().status());
      renderSubscribers(ctx, Optional.of(e.getMessage()), Optional.empty());
      return;
    }
    // Shown once, on this response only (every hub response is Cache-Control: no-store).
    renderSubscribers(ctx, Optional.empty(), Optional.of(added));
  }

  private void disable(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.notFound("no such subscriber");
    }
    try {
      notifications.disable(id, Requests.staff(ctx).auditName());
    } catch (AdvisoryRefusal e) {
      throw problem(e);
    }
    ctx.redirect(BASE + "/subscribers");
  }

  private void renderSubscribers(
      Context ctx, Optional<String> error, Optional<NewSubscriber> added) {
    Principal.StaffMember me = Requests.staff(ctx);
    List<DomContent> content = new ArrayList<>();
    content.add(h1("Advisory subscribers"));
    content.add(
        p("Every TLP:WHITE publication is sent to each active subscriber: a POST signed with"
                + " HMAC-SHA256 (header X-Primum-Signature-256) to its webhook, and/or an e-mail."
                + " Failed deliveries are retried with exponential backoff; every attempt is"
                + " logged below.")
            .withClass("hint"));
    error.ifPresent(m -> content.add(Pages.notice("error", p(m))));
    added.ifPresent(
        n ->
            content.add(
                Pages.notice(
                    "secret",
                    p("Registered " + n.subscriber().name() + "."),
                    n.webhookSecret(SecretAccess.insecure())
                        .<DomContent>map(
                            s ->
                                span(
                                    p(
                                        "Webhook secret — shown only now; give it to the"
                                            + " receiver, which checks every notification"
                                            + " with it:"),
                                    pre(s).withId("webhook-secret")))
                        .orElse(text("")))));
    List<Subscriber> all = notifications.subscribers();
    content.add(
        section(
            h2("Subscribers"),
            all.isEmpty()
                ? p("No subscriber yet.").withClass("muted")
                : table(
                        thead(
                            tr(
                                th("Name"),
                                th("Webhook"),
                                th("E-mail"),
                                th("Registered"),
                                th("State"),
                                th(""))),
                        tbody(
                            each(
                                all,
                                s ->
                                    tr(
                                            td(s.name()),
                                            td(s.webhook().map(Object::toString).orElse("")),
                                            td(s.email().orElse("")),
                                            td(
                                                s.createdBy()
                                                    + ", "
                                                    + AdvisoryDocuments.date(s.createdAt())),
                                            td(s.active() ? "active" : "disabled"),
                                            td(
                                                s.active()
                                                    ? Pages.postForm(
                                                            BASE
                                                                + "/subscribers/"
                                                                + s.id()
                                                                + "/disable",
                                                            me,
                                                            button("Disable")
                                                                .withType("submit")
                                                                .withClass("danger"))
                                                        .withClass("inline")
                                                    : text("")))
                                        .withId("subscriber-" + s.id()))))
                    .withClass("grid")
                    .withId("subscribers")));
    content.add(
        section(
            h2("Add a subscriber"),
            Pages.postForm(
                    BASE + "/subscribers",
                    me,
                    label("Name (hospital, coordinator)"),
                    input().withName("name").isRequired(),
                    label("Webhook URL (https://)"),
                    input().withName("webhook").withType("url"),
                    label("E-mail address"),
                    input().withName("email").withType("email"),
                    button("Add subscriber").withType("submit"))
                .withClass("stacked")
                .withId("subscriber-form")));
    List<Notification> queued = notifications.notifications(50);
    content.add(
        section(
            h2("Notifications"),
            queued.isEmpty()
                ? p("Nothing sent yet.").withClass("muted")
                : table(
                        thead(
                            tr(
                                th("#"),
                                th("Advisory"),
                                th("Subscriber"),
                                th("Channel"),
                                th("State"),
                                th("Attempts"),
                                th("Next attempt / finished"),
                                th("Last error"))),
                        tbody(
                            each(
                                queued,
                                n ->
                                    tr(
                                        td(Long.toString(n.id())),
                                        td(n.trackingId() + " v" + n.version()),
                                        td(n.subscriber()),
                                        td(n.channel()),
                                        td(n.state()),
                                        td(Integer.toString(n.attempts())),
                                        td(
                                            n.finishedAt()
                                                .map(AdvisoryDocuments::date)
                                                .orElse(AdvisoryDocuments.date(n.nextAttemptAt()))),
                                        td(n.lastError())))))
                    .withClass("grid")
                    .withId("notifications")));
    content.add(deliveries(notifications.deliveries(Optional.empty(), 100)));
    Pages.render(ctx, "Advisory subscribers", content.toArray(DomContent[]::new));
  }

  private static DomContent deliveries(List<DeliveryAttempt> log) {
    DomContent body =
        log.isEmpty()
            ? p("No delivery attempt yet.").withClass("muted")
            : table(
                    thead(
                        tr(
                            th("Time"),
                            th("#"),
                            th("Advisory"),
                            th("Subscriber"),
                            th("Channel"),
                            th("Attempt"),
                            th("Outcome"),
                            th("Detail"))),
                    tbody(
                        each(
                            log,
                            d ->
                                tr(
                                    td(AdvisoryDocuments.date(d.at())),
                                    td(Long.toString(d.notification())),
                                    td(d.trackingId() + " v" + d.version()),
                                    td(d.subscriber()),
                                    td(d.channel()),
                                    td(Integer.toString(d.attempt())),
                                    td(d.outcome()),
                                    td(d.detail())))))
                .withClass("grid")
                .withId("delivery-log");
    return section(h2("Delivery log"), body).withId("deliveries");
  }

  // ------------------------------------------------------------------------------ helpers

  private static String form(Context ctx, String name) {
    return Objects.requireNonNullElse(ctx.formParam(name), "").strip();
  }

  private static HttpProblem problem(AdvisoryRefusal e) {
    return new HttpProblem(e.kind().status(), e.code(), e.getMessage());
  }
}
