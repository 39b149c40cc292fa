package org.primum.hub.updates;

import static j2html.TagCreator.a;
import static j2html.TagCreator.button;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.div;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
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
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Principal;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * The rollout pages: the list (with a start form for release managers) and one rollout per page,
 * per wave and per device, with the pause reason, the release notes, sites with their windows and
 * approvals, the notifications and their delivery, and a chart over time. Release managers pause,
 * resume and abort; hospital staff (the clinician / biomed viewer role) approve their site.
 */
public final class RolloutPages {
  /** The role that approves a site for a rollout: the hospital's side of the responsibility. */
  public static final Role APPROVER = Role.CLINICAL_VIEWER;

  /** The states in the per-wave table, in the order a device passes them. */
  private static final List<RolloutDeviceState> COLUMNS =
      List.of(
          RolloutDeviceState.PENDING,
          RolloutDeviceState.ASSIGNED,
          RolloutDeviceState.DOWNLOADING,
          RolloutDeviceState.DOWNLOADED,
          RolloutDeviceState.WAITING_FOR_THERAPY,
          RolloutDeviceState.INSTALLING,
          RolloutDeviceState.INSTALLED,
          RolloutDeviceState.HEALTHY,
          RolloutDeviceState.ROLLED_BACK,
          RolloutDeviceState.FAILED,
          RolloutDeviceState.REFUSED,
          RolloutDeviceState.WITHDRAWN);

  private final RolloutService rollouts;

  public RolloutPages(RolloutService rollouts) {
    this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
  }

  public List<Route> routes() {
    Access manager = Access.staff(Role.RELEASE_MANAGER);
    return List.of(
        Route.get("/updates/rollouts", Access.anyStaff(), ctx -> list(ctx, null)),
        Route.post("/updates/rollouts", manager, this::start),
        Route.get("/updates/rollouts/{id}", Access.anyStaff(), this::detail),
        Route.post("/updates/rollouts/{id}/pause", manager, this::pause),
        Route.post("/updates/rollouts/{id}/resume", manager, this::resume),
        Route.post("/updates/rollouts/{id}/abort", manager, this::abort),
        Route.post("/updates/rollouts/{id}/approve", Access.staff(APPROVER), this::approve));
  }

  // ---------------------------------------------------------------- list and start

  private void list(Context ctx, DomContent message) {
    Principal.StaffMember me = Requests.staff(ctx);
    List<RolloutSummary> all = rollouts.rollouts();
    Pages.render(
        ctx,
        "Rollouts",
        h1("Rollouts"),
        p(
            "A rollout assigns a published release to the devices of one hardware id in waves."
                + " A wave advances only when its success rate holds; the rollout pauses itself"
                + " when failures or rollbacks exceed its threshold, and says why."),
        message == null ? div() : message,
        table(
                thead(
                    tr(
                        th("Rollout"),
                        th("Release"),
                        th("Hardware"),
                        th("State"),
                        th("Wave"),
                        th("Devices"),
                        th("Healthy"),
                        th("Failed or rolled back"),
                        th("Started"))),
                tbody(
                    each(
                        all,
                        r ->
                            tr(
                                    td(
                                        a("Rollout " + r.id())
                                            .withHref("/updates/rollouts/" + r.id())),
                                    td(r.releaseVersion()),
                                    td(r.hardwareId()),
                                    td(stateBadge(r.state())),
                                    td(r.currentWave() + " of " + r.waveCount()),
                                    td(Integer.toString(r.devices())),
                                    td(Integer.toString(r.count(RolloutDeviceState.HEALTHY))),
                                    td(Integer.toString(failures(r))),
                                    td(RolloutChart.time(r.createdAt())))
                                .withId("rollout-" + r.id()))))
            .withClass("grid")
            .withId("rollouts"),
        all.isEmpty() ? p("No rollouts yet.").withClass("muted") : div(),
        me.role() == Role.RELEASE_MANAGER ? startForm(me) : div());
  }

  private DomContent startForm(Principal.StaffMember me) {
    List<ReleaseSummary> releases = rollouts.releases();
    if (releases.isEmpty()) {
      return section(
          h2("Start a rollout"),
          p("No release is published yet: publish one with primum release publish.")
              .withClass("muted"));
    }
    return section(
        h2("Start a rollout"),
        Pages.postForm(
                "/updates/rollouts",
                me,
                label("Release"),
                select(
                        each(
                            releases,
                            r ->
                                option(
                                        r.hardwareId()
                                            + " "
                                            + r.version()
                                            + " (release counter "
                                            + r.releaseCounter()
                                            + ")")
                                    .withValue(Long.toString(r.id()))))
                    .withName("release")
                    .withId("start-release"),
                label("Waves: cumulative percentages"),
                input()
                    .withName("waves")
                    .withId("start-waves")
                    .withValue(RolloutPlan.defaults().text()),
                label("…or waves by site (comma-separated; overrides percentages)"),
                input().withName("wavesBySite").withId("start-sites"),
                label("Success threshold (%)"),
                number("success", RolloutPlan.DEFAULT_SUCCESS_THRESHOLD),
                label("Pause when failures and rollbacks exceed (% of the wave)"),
                number("failure", RolloutPlan.DEFAULT_FAILURE_THRESHOLD),
                label("…or reach this many in a wave (0: no such limit)"),
                number("maxFailures", 0),
                label("Wave timeout (minutes)"),
                number("timeoutMinutes", (int) RolloutPlan.DEFAULT_WAVE_TIMEOUT.toMinutes()),
                label("Minimum soak per wave (minutes)"),
                number("soakMinutes", 0),
                button("Start rollout").withType("submit").withId("start-rollout"))
            .withClass("stacked"));
  }

  private static DomContent number(String name, int value) {
    return input()
        .withName(name)
        .withId("start-" + name)
        .withType("number")
        .attr("min", "0")
        .withValue(Integer.toString(value));
  }

  private void start(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    try {
      long release = Long.parseLong(form(ctx, "release"));
      Optional<String> sites = Optional.of(form(ctx, "wavesBySite")).filter(s -> !s.isEmpty());
      Optional<String> waves =
          sites.isPresent()
              ? Optional.empty()
              : Optional.of(form(ctx, "waves")).filter(s -> !s.isEmpty());
      RolloutPlan plan =
          RolloutPlan.parse(waves, sites)
              .withThresholds(
                  intForm(ctx, "success", RolloutPlan.DEFAULT_SUCCESS_THRESHOLD),
                  intForm(ctx, "failure", RolloutPlan.DEFAULT_FAILURE_THRESHOLD),
                  intForm(ctx, "maxFailures", 0))
              .withTiming(
                  Duration.ofMinutes(
                      intForm(
                          ctx,
                          "timeoutMinutes",
                          (int) RolloutPlan.DEFAULT_WAVE_TIMEOUT.toMinutes())),
                  Duration.ofMinutes(intForm(ctx, "soakMinutes", 0)));
      RolloutSummary started = rollouts.start(me.auditName(), release, plan, Requests.source(ctx));
      ctx.redirect("/updates/rollouts/" + started.id());
    } catch (NumberFormatException e) {
      ctx.status(400);
      list(ctx, Pages.notice("error", p("Release, thresholds and minutes are whole numbers.")));
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      list(ctx, Pages.notice("error", p(e.getMessage())));
    } catch (RolloutRefusal refusal) {
      ctx.status(RolloutRoutes.problem(refusal).status());
      list(ctx, Pages.notice("error", p(refusal.getMessage())));
    }
  }

  private static String form(Context ctx, String name) {
    return Objects.requireNonNullElse(ctx.formParam(name), "").strip();
  }

  private static int intForm(Context ctx, String name, int fallback) {
    String value = form(ctx, name);
    return value.isEmpty() ? fallback : Integer.parseInt(value);
  }

  // ---------------------------------------------------------------- one rollout

  private void detail(Context ctx) {
    long id = RolloutRoutes.id(ctx);
    RolloutDetail detail =
        rollouts.rollout(id).orElseThrow(() -> HttpProblem.notFound("no rollout " + id));
    RolloutSummary r = detail.rollout();
    Principal.StaffMember me = Requests.staff(ctx);
    List<DomContent> content = new ArrayList<>();
    content.add(
        h1("Rollout " + r.id() + ": " + r.hardwareId() + " " + r.releaseVersion())
            .withId("rollout-title"));
    content.add(
        p(
                text("State "),
                stateBadge(r.state()),
                text(
                    " · wave "
                        + r.currentWave()
                        + " of "
                        + r.waveCount()
                        + " · "
                        + r.devices()
                        + " devices · "
                        + (r.plan().strategy() == RolloutPlan.Strategy.SITE
                            ? "waves by site "
                            : "cumulative waves ")
                        + r.plan().text()))
            .withClass("summary")
            .withId("rollout-state"));
    r.pauseReason()
        .ifPresent(
            reason ->
                content.add(
                    div(Pages.notice(
                            "error",
                            p(
                                strong(
                                    r.state() == RolloutState.ABORTED ? "Aborted: " : "Paused: "),
                                span(reason).withId("pause-reason"))))
                        .withId("pause-notice")));
    if (me.role() == Role.RELEASE_MANAGER && r.state().isOpen()) {
      content.add(actions(me, r));
    }
    content.add(
        dl(
            dt("Release"),
            dd(
                r.releaseVersion()
                    + " (release counter "
                    + r.releaseCounter()
                    + ", image "
                    + r.releaseTarget()
                    + ")"),
            dt("Thresholds"),
            dd(
                "advance at ≥ "
                    + r.plan().successThreshold()
                    + " % healthy; pause when failures and rollbacks exceed "
                    + r.plan().failureThreshold()
                    + " % of the wave"
                    + (r.plan().maxFailures() > 0 ? " or reach " + r.plan().maxFailures() : "")),
            dt("Timing"),
            dd(
                "wave timeout "
                    + minutes(r.plan().waveTimeout())
                    + ", minimum soak "
                    + minutes(r.plan().soak())),
            dt("Started"),
            dd(RolloutChart.time(r.createdAt()) + " by " + r.createdBy()),
            dt("Finished"),
            dd(r.finishedAt().map(RolloutChart::time).orElse("—"))));
    content.add(h2("Devices per state"));
    content.add(countsTable(r));
    content.add(h2("Over time"));
    content.add(RolloutChart.render(detail.timeline(), r.devices()));
    content.add(h2("Waves"));
    content.add(wavesTable(detail));
    content.add(h2("Release notes"));
    content.add(
        detail
            .release()
            .map(ReleaseSummary::notes)
            .filter(n -> !n.isBlank())
            .map(n -> (DomContent) pre(n).withId("release-notes"))
            .orElse(p("No release notes were published with this release.").withClass("muted")));
    content.add(h2("Sites"));
    content.add(sitesTable(detail, me));
    content.add(h2("Notifications"));
    content.add(
        p("Written when the rollout reaches a site and sent to each subscriber by e-mail or"
                + " signed webhook, with retries; the delivery column shows where each stands.")
            .withClass("hint"));
    content.add(notificationsTable(detail));
    content.add(h2("Devices"));
    content.add(devicesTable(detail));
    Pages.render(ctx, "Rollout " + r.id(), content.toArray(DomContent[]::new));
  }

  private static DomContent actions(Principal.StaffMember me, RolloutSummary r) {
    String base = "/updates/rollouts/" + r.id();
    List<DomContent> forms = new ArrayList<>();
    if (r.state() == RolloutState.RUNNING) {
      forms.add(
          Pages.postForm(
                  base + "/pause",
                  me,
                  input()
                      .withName("reason")
                      .withId("pause-reason-input")
                      .attr("maxlength", "200")
                      .attr("placeholder", "reason"),
                  button("Pause").withType("submit").withId("pause"))
              .withClass("inline"));
    }
    if (r.state() == RolloutState.PAUSED) {
      forms.add(
          Pages.postForm(base + "/resume", me, button("Resume").withType("submit").withId("resume"))
              .withClass("inline"));
    }
    forms.add(
        Pages.postForm(
                base + "/abort",
                me,
                input()
                    .withName("reason")
                    .withId("abort-reason-input")
                    .attr("maxlength", "200")
                    .attr("placeholder", "reason"),
                button("Abort and withdraw pending assignments")
                    .withType("submit")
                    .withId("abort")
                    .withClass("danger"))
            .withClass("inline"));
    return section(forms.toArray(DomContent[]::new)).withId("rollout-actions");
  }

  private static DomContent countsTable(RolloutSummary r) {
    List<RolloutDeviceState> present =
        COLUMNS.stream()
            .filter(s -> r.count(s) > 0 || s.reportable())
            .filter(s -> s != RolloutDeviceState.DOWNLOADED || r.count(s) > 0)
            .toList();
    return table(
            thead(tr(each(present, s -> th(s.label())))),
            tbody(
                tr(
                    each(
                        present,
                        s ->
                            td(Integer.toString(r.count(s)))
                                .withId("count-" + s.name().toLowerCase(Locale.ROOT))))))
        .withClass("grid")
        .withId("rollout-counts");
  }

  private static DomContent wavesTable(RolloutDetail detail) {
    return table(
            thead(
                tr(
                    th("Wave"),
                    th("Devices"),
                    th("Started"),
                    th("Ended"),
                    th("Outcome"),
                    each(COLUMNS, s -> th(s.label())))),
            tbody(
                each(
                    detail.waves(),
                    w ->
                        tr(
                                td(w.number() + " (" + w.label() + ")"),
                                td(Integer.toString(w.devices())),
                                td(w.startedAt().map(RolloutChart::time).orElse("—")),
                                td(w.endedAt().map(RolloutChart::time).orElse("—")),
                                td(w.outcome().orElse("—")),
                                each(COLUMNS, s -> td(Integer.toString(w.count(s)))))
                            .withId("wave-" + w.number()))))
        .withClass("grid")
        .withId("rollout-waves");
  }

  private static DomContent sitesTable(RolloutDetail detail, Principal.StaffMember me) {
    long id = detail.rollout().id();
    boolean open = detail.rollout().state().isOpen();
    return table(
            thead(
                tr(
                    th("Site"),
                    th("Devices"),
                    th("Maintenance window"),
                    th("Hospital approval"),
                    th(""))),
            tbody(
                each(
                    detail.sites(),
                    s ->
                        tr(
                                td(s.site()),
                                td(Integer.toString(s.devices())),
                                td(
                                    s.window()
                                        .map(
                                            w ->
                                                w
                                                    + (s.windowOpen()
                                                        ? " (open now)"
                                                        : " (closed now)"))
                                        .orElse("any time")),
                                td(approval(s)),
                                td(
                                    open
                                            && me.role() == APPROVER
                                            && s.approvalRequired()
                                            && s.approvedBy().isEmpty()
                                        ? Pages.postForm(
                                                "/updates/rollouts/" + id + "/approve",
                                                me,
                                                input()
                                                    .withType("hidden")
                                                    .withName("site")
                                                    .withValue(s.site()),
                                                button("Approve for " + s.site())
                                                    .withType("submit")
                                                    .withId("approve-" + s.site()))
                                            .withClass("inline")
                                        : span()))
                            .withId("site-" + s.site()))))
        .withClass("grid")
        .withId("rollout-sites");
  }

  private static String approval(RolloutDetail.Site s) {
    if (s.approvedBy().isPresent()) {
      return "approved by "
          + s.approvedBy().get()
          + s.approvedAt().map(at -> " at " + RolloutChart.time(at)).orElse("");
    }
    return s.approvalRequired() ? "required, waiting" : "not required";
  }

  private static DomContent notificationsTable(RolloutDetail detail) {
    if (detail.notifications().isEmpty()) {
      return p("No notifications yet (no subscriber at the sites reached so far).")
          .withClass("muted")
          .withId("rollout-notifications");
    }
    return table(
            thead(tr(th("Written"), th("Site"), th("To"), th("Delivery"), th("Text"))),
            tbody(
                each(
                    detail.notifications(),
                    n ->
                        tr(
                                td(RolloutChart.time(n.createdAt())),
                                td(n.site()),
                                td(n.contact()),
                                td(n.delivery().describe())
                                    .withClass(
                                        "delivery-" + n.delivery().state().replace(' ', '-')),
                                td(n.text()))
                            .withId("notification-" + n.id()))))
        .withClass("grid")
        .withId("rollout-notifications");
  }

  private static DomContent devicesTable(RolloutDetail detail) {
    return table(
            thead(
                tr(
                    th("Device"),
                    th("Wave"),
                    th("Site"),
                    th("State"),
                    th("Detail"),
                    th("Assigned"),
                    th("Updated"))),
            tbody(
                each(
                    detail.devices(),
                    d ->
                        tr(
                                td(a(d.serial()).withHref("/fleet/" + d.serial())),
                                td(Integer.toString(d.wave())),
                                td(d.site()),
                                td(
                                    span(d.state().label())
                                        .withClass(d.state().failure() ? "alarm high" : "")),
                                td(d.detail()),
                                td(d.assignedAt().map(RolloutChart::time).orElse("—")),
                                td(RolloutChart.time(d.updatedAt())))
                            .withId("device-" + d.serial())
                            .attr("data-state", d.state().name()))))
        .withClass("grid")
        .withId("rollout-devices");
  }

  private static DomContent stateBadge(RolloutState state) {
    String kind =
        switch (state) {
          case RUNNING, COMPLETED -> "online";
          case PAUSED -> "degraded";
          case ABORTED -> "revoked";
        };
    return span(state.name()).withClass("badge " + kind).withId("state-badge");
  }

  private static int failures(RolloutSummary r) {
    return r.count(RolloutDeviceState.ROLLED_BACK)
        + r.count(RolloutDeviceState.FAILED)
        + r.count(RolloutDeviceState.REFUSED);
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }

  // ---------------------------------------------------------------- actions

  private void pause(Context ctx) {
    act(ctx, (id, me) -> rollouts.pause(me, id, ctx.formParam("reason"), Requests.source(ctx)));
  }

  private void resume(Context ctx) {
    act(ctx, (id, me) -> rollouts.resume(me, id, Requests.source(ctx)));
  }

  private void abort(Context ctx) {
    act(ctx, (id, me) -> rollouts.abort(me, id, ctx.formParam("reason"), Requests.source(ctx)));
  }

  private void approve(Context ctx) {
    act(
        ctx,
        (id, me) ->
            rollouts.approve(
                me,
                id,
                Objects.requireNonNullElse(ctx.formParam("site"), ""),
                Requests.source(ctx)));
  }

  private interface Action {
    void run(long id, String actor) throws RolloutRefusal;
  }

  private static void act(Context ctx, Action action) {
    long id = RolloutRoutes.id(ctx);
    try {
      action.run(id, Requests.staff(ctx).auditName());
    } catch (RolloutRefusal refusal) {
      throw RolloutRoutes.problem(refusal);
    }
    ctx.redirect("/updates/rollouts/" + id);
  }
}
