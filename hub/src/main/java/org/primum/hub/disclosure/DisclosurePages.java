package org.primum.hub.disclosure;

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
import static j2html.TagCreator.li;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.strong;
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
import io.javalin.http.HttpStatus;
import j2html.tags.DomContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.cvss.CvssScores;
import org.primum.hub.web.Access;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Principal;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * The product-security team's pages: the case list (state, severity, SLA clocks, overdue cases
 * first and highlighted) and one case per page with the report, attachments (decrypted for staff
 * only, downloaded, never shown inline), the thread with the finder and internal notes, the
 * transition form, scoring (CVSS v3.1, v4.0, the medical-device questionnaire), CVE id, duplicate
 * link and affected versions. Security analysts and administrators only; every form carries the
 * session's CSRF token.
 */
public final class DisclosurePages {
  /** Who may see and act on disclosures. */
  public static final Access TEAM = Access.staff(Role.SECURITY_ANALYST, Role.ADMINISTRATOR);

  private final DisclosureService service;

  public DisclosurePages(DisclosureService service) {
    this.service = Objects.requireNonNull(service, "service");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/disclosures", TEAM, this::list),
        Route.get("/disclosures/{id}", TEAM, ctx -> detail(ctx, null, Map.of())),
        Route.post("/disclosures/{id}/transition", TEAM, this::transition),
        Route.post("/disclosures/{id}/messages", TEAM, this::message),
        Route.post("/disclosures/{id}/scoring", TEAM, this::scoring),
        Route.post("/disclosures/{id}/details", TEAM, this::details),
        Route.post("/disclosures/{id}/customers-notified", TEAM, this::customersNotified),
        Route.get("/disclosures/{id}/attachments/{attachment}", TEAM, this::download));
  }

  // ---------------------------------------------------------------- list

  private void list(Context ctx) {
    List<CaseSummary> cases = service.cases();
    long overdue = cases.stream().filter(CaseSummary::overdue).count();
    Instant now = service.clock().instant();
    Pages.render(
        ctx,
        "Disclosures",
        h1("Vulnerability disclosures"),
        p(
            text("Reports from finders (no account needed: "),
            a("report form").withHref(SecurityTxt.REPORT_PATH),
            text(", "),
            a("security.txt").withHref(SecurityTxt.PATH),
            text("). Overdue cases come first.")),
        overdue > 0
            ? div(Pages.notice(
                    "error",
                    p(
                        strong(overdue + " case(s) overdue: "),
                        text("a promised deadline has passed."))))
                .withId("overdue-notice")
            : div(),
        table(
                thead(
                    tr(
                        th("Case"),
                        th("Title"),
                        th("Product"),
                        th("State"),
                        th("Severity"),
                        th("Patient safety"),
                        th("Received"),
                        th("Next deadline"))),
                tbody(
                    each(
                        cases,
                        c ->
                            tr(
                                    td(a("#" + c.id()).withHref("/disclosures/" + c.id())),
                                    td(c.title()),
                                    td(c.product()),
                                    td(stateBadge(c.state())),
                                    td(severity(c)),
                                    td(
                                        c.uncontrolledRisk()
                                            ? span("uncontrolled risk").withClass("alarm high")
                                            : text(c.safety().label())),
                                    td(DisclosureHttp.day(c.receivedAt())),
                                    td(next(c, now)))
                                .withId("case-" + c.id())
                                .withCondClass(c.overdue(), "overdue")
                                .attr("data-overdue", Boolean.toString(c.overdue())))))
            .withClass("grid")
            .withId("cases"),
        cases.isEmpty() ? p("No reports yet.").withClass("muted") : div());
  }

  private static DomContent severity(CaseSummary c) {
    if (c.cvss31Score().isEmpty()) {
      return span("unscored").withClass("muted");
    }
    String severity = c.severity().orElse("");
    String kind =
        switch (severity) {
          case "Critical", "High" -> "alarm high";
          case "Medium" -> "alarm medium";
          default -> "alarm low";
        };
    return span(c.cvss31Score().get() + " " + severity).withClass(kind);
  }

  private static DomContent next(CaseSummary c, Instant now) {
    Optional<SlaPolicy.Deadline> next = c.next();
    if (next.isEmpty()) {
      return span("none open").withClass("muted");
    }
    SlaPolicy.Deadline d = next.get();
    Duration left = Duration.between(now, d.due());
    String when =
        d.overdue()
            ? "overdue by " + days(left.negated())
            : "due in " + days(left) + " (" + DisclosureHttp.day(d.due()) + ")";
    return span(d.step().label() + ": " + when).withCondClass(d.overdue(), "alarm high");
  }

  private static String days(Duration d) {
    long hours = d.toHours();
    return hours < 48 ? hours + " h" : d.toDays() + " days";
  }

  private static DomContent stateBadge(CaseState state) {
    String kind =
        switch (state) {
          case RECEIVED, ACKNOWLEDGED, TRIAGING -> "degraded";
          case CONFIRMED, REMEDIATION -> "revoked";
          case FIXED, ADVISORY_PUBLISHED -> "online";
          case NOT_REPRODUCIBLE, DUPLICATE, OUT_OF_SCOPE, CLOSED -> "offline";
        };
    return span(state.label()).withClass("badge " + kind).attr("data-state", state.name());
  }

  // ---------------------------------------------------------------- one case

  private void detail(Context ctx, DomContent notice, Map<String, String> typed) {
    long id = DisclosureHttp.id(ctx, "id");
    CaseDetail c;
    try {
      c = service.detail(id);
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    }
    Principal.StaffMember me = Requests.staff(ctx);
    CaseSummary s = c.summary();
    String base = "/disclosures/" + id;
    List<DomContent> content = new ArrayList<>();
    content.add(h1("Case " + id + ": " + s.title()).withId("case-title"));
    if (notice != null) {
      content.add(notice);
    }
    content.add(
        p(text("State "), stateBadge(s.state()), text(" · "), severity(s))
            .withClass("summary")
            .withId("case-state"));
    content.add(
        dl(
            dt("Product"),
            dd(s.product()),
            dt("Received"),
            dd(DisclosureHttp.time(s.receivedAt())),
            dt("Could it harm a patient?"),
            dd(s.safety().label() + (c.safetyDetail().isBlank() ? "" : ": " + c.safetyDetail())),
            dt("Uncontrolled risk"),
            dd(s.uncontrolledRisk() ? "yes (FDA postmarket clocks apply)" : "no"),
            dt("Finder's contact"),
            dd(c.contact().orElse("none given")),
            dt("Credit"),
            dd(c.credit().describe()),
            dt("CVE"),
            dd(s.cveId().orElse("none")),
            dt("Duplicate of"),
            dd(
                c.duplicateOf()
                    .map(d -> (DomContent) a("case " + d).withHref("/disclosures/" + d))
                    .orElse(text("—"))),
            dt("Fixed in"),
            dd(c.fixedIn().orElse("—")),
            dt("Customers informed"),
            dd(c.customersNotifiedAt().map(DisclosureHttp::time).orElse("not recorded"))));
    content.add(h2("SLA clocks"));
    content.add(deadlines(s.deadlines()));
    content.add(h2("Report"));
    if (c.descriptionEncrypted()) {
      content.add(
          p("The description arrived OpenPGP-encrypted to the hub's key; shown decrypted.")
              .withClass("hint"));
    }
    content.add(h2("Description"));
    content.add(pre(c.description()).withId("report-description"));
    content.add(h2("Steps to reproduce"));
    content.add(
        c.steps().isBlank()
            ? p("none given").withClass("muted")
            : pre(c.steps()).withId("report-steps"));
    content.add(h2("Impact"));
    content.add(
        c.impact().isBlank()
            ? p("none given").withClass("muted")
            : pre(c.impact()).withId("report-impact"));
    content.add(h2("Attachments"));
    content.add(attachments(c, base));
    content.add(h2("Move the case"));
    content.add(transitionForm(c, me, base, typed));
    content.add(h2("Messages and internal notes"));
    content.add(thread(c));
    content.add(
        Pages.postForm(
                base + "/messages",
                me,
                label("Message").attr("for", "staff-message"),
                textarea(typed.getOrDefault("body", ""))
                    .withName("body")
                    .withId("staff-message")
                    .attr("rows", "5"),
                label(
                    input()
                        .withType("checkbox")
                        .withName("internal")
                        .withValue("on")
                        .withId("internal")
                        .withCondChecked("on".equals(typed.get("internal"))),
                    text(" Internal note (the finder never sees it)")),
                button("Add").withType("submit").withId("post-message"))
            .withClass("stacked wide"));
    content.add(h2("Scoring"));
    content.add(scoringForm(c, me, base, typed));
    content.add(h2("CVE, duplicate and affected versions"));
    content.add(detailsForm(c, me, base, typed));
    if (s.uncontrolledRisk() && c.customersNotifiedAt().isEmpty()) {
      content.add(
          Pages.postForm(
                  base + "/customers-notified",
                  me,
                  button("Record that customers were informed")
                      .withType("submit")
                      .withId("customers-notified"))
              .withClass("inline"));
    }
    content.add(
        Pages.postForm(
                base + "/advisory",
                me,
                button("Draft the advisory from this case")
                    .withType("submit")
                    .withId("draft-advisory"))
            .withClass("inline"));
    content.add(h2("Transitions"));
    content.add(
        c.transitions().isEmpty()
            ? p("None yet.").withClass("muted")
            : table(
                    thead(tr(th("When"), th("From"), th("To"), th("Who"), th("Note"))),
                    tbody(
                        each(
                            c.transitions(),
                            t ->
                                tr(
                                    td(DisclosureHttp.time(t.at())),
                                    td(t.from().name()),
                                    td(t.to().name()),
                                    td(t.actor()),
                                    td(t.note())))))
                .withClass("grid")
                .withId("transitions"));
    content.add(h2("E-mail to the finder"));
    content.add(mails(c, service.mails(id)));
    content.add(p(a("All disclosures").withHref("/disclosures")));
    Pages.render(ctx, "Case " + id, content.toArray(DomContent[]::new));
  }

  private static DomContent mails(CaseDetail c, List<ResearcherNotices.Mail> mails) {
    if (mails.isEmpty()) {
      return p(c.contact().isPresent()
              ? "None yet: the finder is told by e-mail when the case moves or you write to them"
                  + " (never what the report or the messages say)."
              : "None: the finder gave no e-mail address.")
          .withClass("muted")
          .withId("finder-mail");
    }
    return table(
            thead(tr(th("Queued"), th("To"), th("Subject"), th("Delivery"))),
            tbody(
                each(
                    mails,
                    m ->
                        tr(
                            td(DisclosureHttp.time(m.queuedAt())),
                            td(m.to()),
                            td(m.subject()),
                            td(
                                m.state()
                                    + (m.attempts() > 0 ? " (attempts: " + m.attempts() + ")" : "")
                                    + (m.detail().isBlank() || m.state().equals("delivered")
                                        ? ""
                                        : ": " + m.detail()))))))
        .withClass("grid")
        .withId("finder-mail");
  }

  private static DomContent deadlines(List<SlaPolicy.Deadline> deadlines) {
    return table(
            thead(tr(th("Step"), th("Due"), th("Status"))),
            tbody(
                each(
                    deadlines,
                    d ->
                        tr(
                                td(d.step().label()),
                                td(DisclosureHttp.time(d.due())),
                                td(ResearcherPages.status(d)))
                            .withCondClass(d.overdue(), "overdue")
                            .attr("data-step", d.step().name())
                            .attr("data-status", d.status().name()))))
        .withClass("grid")
        .withId("deadlines");
  }

  private static DomContent attachments(CaseDetail c, String base) {
    if (c.attachments().isEmpty()) {
      return p("None.").withClass("muted");
    }
    return table(
            thead(tr(th("File"), th("Type (by content)"), th("Size"), th("SHA-256"))),
            tbody(
                each(
                    c.attachments(),
                    f ->
                        tr(
                            td(a(f.name()).withHref(base + "/attachments/" + f.id())),
                            td(f.mediaType()),
                            td(f.size() + " bytes"),
                            td(code(f.sha256()))))))
        .withClass("grid")
        .withId("attachments");
  }

  private static DomContent thread(CaseDetail c) {
    if (c.messages().isEmpty()) {
      return p("No messages yet.").withClass("muted");
    }
    List<DomContent> out = new ArrayList<>();
    for (CaseDetail.Message m : c.messages()) {
      out.add(
          div(
                  p(
                      strong(m.fromResearcher() ? "Finder" : m.author()),
                      text(" · " + DisclosureHttp.time(m.at())),
                      m.internal() ? span(" internal note").withClass("badge offline") : text("")),
                  pre(m.body()))
              .withClass(m.internal() ? "message internal" : "message"));
    }
    return div(out.toArray(DomContent[]::new)).withId("thread");
  }

  private static DomContent transitionForm(
      CaseDetail c, Principal.StaffMember me, String base, Map<String, String> typed) {
    CaseState state = c.summary().state();
    if (state.next().isEmpty()) {
      return p("The case is closed.").withClass("muted");
    }
    return Pages.postForm(
            base + "/transition",
            me,
            label("To").attr("for", "transition-to"),
            select(
                    each(
                        List.copyOf(state.next()),
                        to -> option(to.label() + " (" + to.name() + ")").withValue(to.name())))
                .withName("to")
                .withId("transition-to"),
            label("Note (kept with the transition)").attr("for", "transition-note"),
            input()
                .withName("note")
                .withId("transition-note")
                .attr("maxlength", "2000")
                .withValue(typed.getOrDefault("note", "")),
            button("Move").withType("submit").withId("transition"))
        .withClass("stacked");
  }

  private DomContent scoringForm(
      CaseDetail c, Principal.StaffMember me, String base, Map<String, String> typed) {
    Optional<DeviceQuestionnaire> answers = c.questionnaire();
    List<DomContent> parts = new ArrayList<>();
    parts.add(
        p(
                text("CVSS v3.1 base score: "),
                strong(
                        c.summary()
                            .cvss31Score()
                            .map(v -> v + " " + c.summary().severity().orElse(""))
                            .orElse("unscored"))
                    .withId("cvss31-score"),
                text(
                    c.cvss31EnvironmentalScore()
                        .map(e -> String.format(Locale.ROOT, " · environmental %.1f", e))
                        .orElse("")),
                text(" · CVSS v4.0 score: "),
                strong(c.cvss40().map(CvssScores.V40::describe).orElse("unscored"))
                    .withId("cvss40-score"))
            .withClass("summary"));
    if (answers.isPresent()) {
      List<DeviceQuestionnaire.Suggestion> suggestions = answers.get().suggestions();
      List<DomContent> suggested = new ArrayList<>();
      try {
        answers
            .get()
            .suggestedVector("3.1", c.cvss31Vector())
            .ifPresent(
                v ->
                    suggested.add(
                        p(text("Suggested v3.1 vector: "), code(v).withId("suggested-31"))));
        answers
            .get()
            .suggestedVector("4.0", c.cvss40Vector())
            .ifPresent(
                v ->
                    suggested.add(
                        p(text("Suggested v4.0 vector: "), code(v).withId("suggested-40"))));
      } catch (DisclosureRefusal e) {
        suggested.add(p(e.getMessage()).withClass("muted"));
      }
      parts.add(
          Pages.notice(
              "secret",
              p(strong("The questionnaire suggests (confirm or override):")),
              ul(each(
                      suggestions,
                      s ->
                          li(
                              "v"
                                  + s.version()
                                  + " "
                                  + s.metric()
                                  + ":"
                                  + s.value()
                                  + " — "
                                  + s.reason())))
                  .withId("suggestions"),
              answers.get().suggestsUncontrolledRisk()
                  ? p("Treat the risk as uncontrolled (FDA postmarket clocks).")
                  : p(),
              div(suggested.toArray(DomContent[]::new))));
    }
    String v31 = typed.getOrDefault("cvss31", c.cvss31Vector().orElse(""));
    String v40 = typed.getOrDefault("cvss40", c.cvss40Vector().orElse(""));
    parts.add(
        Pages.postForm(
                base + "/scoring",
                me,
                label("Patient-safety impact if exploited").attr("for", "q-harm"),
                enumSelect(
                    "harm",
                    "q-harm",
                    DeviceQuestionnaire.PatientHarm.values(),
                    typed.getOrDefault("harm", answers.map(a -> a.patientHarm().name()).orElse("")),
                    DeviceQuestionnaire.PatientHarm::label),
                label("Clinical environment").attr("for", "q-environment"),
                enumSelect(
                    "environment",
                    "q-environment",
                    DeviceQuestionnaire.ClinicalEnvironment.values(),
                    typed.getOrDefault(
                        "environment", answers.map(a -> a.environment().name()).orElse("")),
                    DeviceQuestionnaire.ClinicalEnvironment::label),
                label("Exploitable while therapy runs?").attr("for", "q-therapy"),
                enumSelect(
                    "therapy",
                    "q-therapy",
                    DeviceQuestionnaire.InTherapy.values(),
                    typed.getOrDefault(
                        "therapy", answers.map(a -> a.inTherapy().name()).orElse("")),
                    DeviceQuestionnaire.InTherapy::label),
                label("CVSS v3.1 vector").attr("for", "cvss31"),
                input()
                    .withName("cvss31")
                    .withId("cvss31")
                    .attr("size", "70")
                    .attr("placeholder", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
                    .withValue(v31),
                label("CVSS v4.0 vector").attr("for", "cvss40"),
                input()
                    .withName("cvss40")
                    .withId("cvss40")
                    .attr("size", "70")
                    .attr(
                        "placeholder",
                        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
                    .withValue(v40),
                label(
                    input()
                        .withType("checkbox")
                        .withName("uncontrolledRisk")
                        .withValue("on")
                        .withId("uncontrolled-risk")
                        .withCondChecked(
                            typed.containsKey("cvss31")
                                ? "on".equals(typed.get("uncontrolledRisk"))
                                : c.summary().uncontrolledRisk()),
                    text(" Uncontrolled risk to patients (FDA postmarket clocks apply)")),
                button("Save scoring").withType("submit").withId("save-scoring"))
            .withClass("stacked wide"));
    return section(parts.toArray(DomContent[]::new)).withId("scoring");
  }

  private static <E extends Enum<E>> DomContent enumSelect(
      String name,
      String id,
      E[] values,
      String chosen,
      java.util.function.Function<E, String> label) {
    List<DomContent> options = new ArrayList<>();
    options.add(option("— not answered —").withValue("").withCondSelected(chosen.isEmpty()));
    for (E value : values) {
      options.add(
          option(label.apply(value))
              .withValue(value.name())
              .withCondSelected(value.name().equals(chosen)));
    }
    return select(options.toArray(DomContent[]::new)).withName(name).withId(id);
  }

  private DomContent detailsForm(
      CaseDetail c, Principal.StaffMember me, String base, Map<String, String> typed) {
    List<DomContent> boxes = new ArrayList<>();
    for (Product product : service.products()) {
      List<String> versions = new ArrayList<>(product.versions());
      versions.add(Product.ANY_VERSION);
      for (String version : versions) {
        CaseDetail.AffectedVersion v =
            new CaseDetail.AffectedVersion(product.hardwareId(), version);
        boxes.add(
            label(
                input()
                    .withType("checkbox")
                    .withName("affected")
                    .withValue(v.key())
                    .withCondChecked(c.affected().contains(v)),
                text(" " + v)));
      }
    }
    return Pages.postForm(
            base + "/details",
            me,
            label("CVE id").attr("for", "cve"),
            input()
                .withName("cve")
                .withId("cve")
                .attr("placeholder", "CVE-2026-12345")
                .withValue(typed.getOrDefault("cve", c.summary().cveId().orElse(""))),
            label("Duplicate of case").attr("for", "duplicate-of"),
            input()
                .withName("duplicateOf")
                .withId("duplicate-of")
                .withType("number")
                .attr("min", "1")
                .withValue(
                    typed.getOrDefault(
                        "duplicateOf", c.duplicateOf().map(Object::toString).orElse(""))),
            span("Affected versions").withClass("label"),
            div(boxes.toArray(DomContent[]::new)).withClass("choices").withId("affected"),
            button("Save").withType("submit").withId("save-details"))
        .withClass("stacked wide");
  }

  // ---------------------------------------------------------------- actions

  private interface Action {
    void run(long id, String actor, String source) throws DisclosureRefusal;
  }

  /** Runs an action; on refusal shows the case again with the notice and what was typed. */
  private void act(Context ctx, Action action) {
    long id = DisclosureHttp.id(ctx, "id");
    try {
      action.run(id, Requests.staff(ctx).auditName(), Requests.source(ctx));
    } catch (DisclosureRefusal refusal) {
      if (refusal.kind() == DisclosureRefusal.Kind.NOT_FOUND) {
        throw DisclosureHttp.problem(ctx, refusal);
      }
      Map<String, String> typed = new HashMap<>();
      ctx.formParamMap().forEach((k, v) -> typed.put(k, v.isEmpty() ? "" : v.get(0)));
      typed.remove("_csrf");
      detail(ctx, Pages.notice("error", p(refusal.getMessage()).withId("refusal")), typed);
      ctx.status(refusal.kind().status());
      return;
    }
    ctx.redirect("/disclosures/" + id, HttpStatus.SEE_OTHER);
  }

  private static String form(Context ctx, String name) {
    return Objects.requireNonNullElse(ctx.formParam(name), "").strip();
  }

  private static Optional<String> optionalForm(Context ctx, String name) {
    return Optional.of(form(ctx, name)).filter(v -> !v.isEmpty());
  }

  private void transition(Context ctx) {
    act(
        ctx,
        (id, actor, source) ->
            service.transition(
                actor, id, CaseState.parse(form(ctx, "to")), form(ctx, "note"), source));
  }

  private void message(Context ctx) {
    act(
        ctx,
        (id, actor, source) ->
            service.postStaffMessage(
                actor,
                id,
                Objects.requireNonNullElse(ctx.formParam("body"), ""),
                "on".equals(ctx.formParam("internal")),
                source));
  }

  private void scoring(Context ctx) {
    act(
        ctx,
        (id, actor, source) -> {
          Optional<DeviceQuestionnaire> answers = answers(ctx);
          service.score(
              actor,
              id,
              optionalForm(ctx, "cvss31"),
              optionalForm(ctx, "cvss40"),
              answers,
              "on".equals(ctx.formParam("uncontrolledRisk")),
              source);
        });
  }

  private static Optional<DeviceQuestionnaire> answers(Context ctx) throws DisclosureRefusal {
    String harm = form(ctx, "harm");
    String environment = form(ctx, "environment");
    String therapy = form(ctx, "therapy");
    if (harm.isEmpty() && environment.isEmpty() && therapy.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new DeviceQuestionnaire(
              DeviceQuestionnaire.PatientHarm.valueOf(harm),
              DeviceQuestionnaire.ClinicalEnvironment.valueOf(environment),
              DeviceQuestionnaire.InTherapy.valueOf(therapy)));
    } catch (IllegalArgumentException e) {
      throw DisclosureRefusal.badInput(
          "questionnaire-incomplete",
          "expected all three questionnaire answers (or none), found harm \""
              + org.primum.core.formats.Texts.printable(harm, 20)
              + "\", environment \""
              + org.primum.core.formats.Texts.printable(environment, 20)
              + "\", therapy \""
              + org.primum.core.formats.Texts.printable(therapy, 20)
              + "\"");
    }
  }

  private void details(Context ctx) {
    act(
        ctx,
        (id, actor, source) -> {
          Optional<Long> duplicateOf;
          try {
            duplicateOf = optionalForm(ctx, "duplicateOf").map(Long::parseLong);
          } catch (NumberFormatException e) {
            throw DisclosureRefusal.badInput(
                "duplicate-invalid", "expected \"duplicate of\" to be a case number");
          }
          List<CaseDetail.AffectedVersion> affected = new ArrayList<>();
          for (String value : ctx.formParams("affected")) {
            int bar = value.indexOf('|');
            try {
              affected.add(
                  new CaseDetail.AffectedVersion(
                      value.substring(0, Math.max(0, bar)), value.substring(bar + 1)));
            } catch (IllegalArgumentException e) {
              throw DisclosureRefusal.badInput("affected-invalid", e.getMessage());
            }
          }
          service.updateDetails(actor, id, optionalForm(ctx, "cve"), duplicateOf, affected, source);
        });
  }

  private void customersNotified(Context ctx) {
    act(ctx, (id, actor, source) -> service.recordCustomersNotified(actor, id, source));
  }

  private void download(Context ctx) {
    long id = DisclosureHttp.id(ctx, "id");
    long attachment = DisclosureHttp.id(ctx, "attachment");
    DisclosureService.AttachmentContent file;
    try {
      file =
          service.attachment(Requests.staff(ctx).auditName(), id, attachment, Requests.source(ctx));
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Always a download, never rendered: a researcher's PDF or text must not run in the hub's
    // origin. The name is reduced to safe ASCII for the header; RFC 6266 filename* keeps it all.
    String ascii = file.name().replaceAll("[^A-Za-z0-9._-]", "_");
    String encoded =
        java.net.URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20");
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
    ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
    ctx.contentType("application/octet-stream").result(file.content());
  }
}
