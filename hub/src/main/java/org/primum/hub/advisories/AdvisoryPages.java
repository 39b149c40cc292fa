package org.primum.hub.advisories;

import static j2html.TagCreator.a;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.p;
import static j2html.TagCreator.section;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import java.util.List;
import java.util.Objects;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * The public advisory pages: every distributed (TLP:WHITE) advisory, and each one in full with
 * links to its CSAF document, hashes, OpenPGP signature and VEX. Anyone may read them; they show
 * only what has been published, never a working draft.
 */
public final class AdvisoryPages {
  private final AdvisoryService advisories;
  private final ProviderDirectory directory;

  public AdvisoryPages(AdvisoryService advisories, ProviderDirectory directory) {
    this.advisories = Objects.requireNonNull(advisories, "advisories");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * The public routes. The staff routes ({@link AdvisoryManagePages}) must be registered before
   * these: {@code /advisories/manage} would otherwise match {@code /advisories/{id}}.
   */
  public List<Route> routes() {
    return List.of(
        Route.get("/advisories", Access.anyone(), this::list),
        Route.get("/advisories/{id}", Access.anyone(), this::advisory),
        Route.get("/advisories/{id}/vex.json", Access.anyone(), this::vex));
  }

  private void list(Context ctx) {
    List<PublicAdvisory> all = advisories.publicAdvisories();
    boolean manager =
        Requests.optionalStaff(ctx)
            .map(m -> m.role() == Role.SECURITY_ANALYST || m.role() == Role.ADMINISTRATOR)
            .orElse(false);
    Pages.render(
        ctx,
        "Security advisories",
        h1("Security advisories"),
        p(
            text(
                "Advisories are published in CSAF 2.0 and signed with OpenPGP. Tools find them"
                    + " through the "),
            a("provider metadata").withHref(ProviderDirectory.METADATA),
            text(", the "),
            a("ROLIE feed").withHref(ProviderDirectory.DIRECTORY + ProviderDirectory.FEED),
            text(" or the "),
            a("directory").withHref(ProviderDirectory.DIRECTORY),
            text(".")),
        manager ? p(a("Manage advisories").withHref("/advisories/manage")) : text(""),
        all.isEmpty()
            ? p("No advisory has been published.").withClass("muted")
            : table(
                    thead(
                        tr(
                            th("Advisory"),
                            th("Title"),
                            th("Severity"),
                            th("Version"),
                            th("First released"),
                            th("Last updated"))),
                    tbody(
                        each(
                            all,
                            x ->
                                tr(
                                        td(
                                            a(x.trackingId())
                                                .withHref("/advisories/" + x.trackingId())),
                                        td(x.published().title()),
                                        td(AdvisoryViews.severity(x.published())),
                                        td(x.version() + " (" + x.status() + ")"),
                                        td(AdvisoryDocuments.date(x.initialReleaseDate())),
                                        td(AdvisoryDocuments.date(x.currentReleaseDate())))
                                    .withId("advisory-" + x.trackingId()))))
                .withClass("grid")
                .withId("advisories"));
  }

  private PublicAdvisory find(Context ctx) {
    return advisories
        .publicAdvisory(ctx.pathParam("id"))
        .orElseThrow(() -> HttpProblem.notFound("no published advisory has that id"));
  }

  private void advisory(Context ctx) {
    PublicAdvisory x = find(ctx);
    String csaf = ProviderDirectory.DIRECTORY + x.path();
    Pages.render(
        ctx,
        x.trackingId(),
        h1(x.trackingId() + ": " + x.published().title()),
        dl(
            dt("Status"),
            dd("version " + x.version() + ", " + x.status()),
            dt("First released"),
            dd(AdvisoryDocuments.date(x.initialReleaseDate())),
            dt("Last updated"),
            dd(AdvisoryDocuments.date(x.currentReleaseDate())),
            dt("Machine-readable"),
            dd(
                a("CSAF 2.0").withHref(csaf).withId("csaf-link"),
                text(" · "),
                a("OpenPGP signature").withHref(csaf + ".asc"),
                text(" · "),
                a("SHA-256").withHref(csaf + ".sha256"),
                text(" · "),
                a("SHA-512").withHref(csaf + ".sha512"),
                text(" · "),
                a("CSAF VEX").withHref("/advisories/" + x.trackingId() + "/vex.json"),
                text(" · "),
                a("signing key").withHref(directory.keyPath()))),
        AdvisoryViews.body(x.published()),
        section(h2("Revision history"), AdvisoryViews.revisions(x.revisions())),
        p(
                span("Verify before you act: "),
                code("gpg --verify " + fileName(x) + ".asc " + fileName(x)))
            .withClass("hint"));
  }

  private static String fileName(PublicAdvisory x) {
    return x.path().substring(x.path().indexOf('/') + 1);
  }

  private void vex(Context ctx) {
    PublicAdvisory x = find(ctx);
    AdvisoryService.Documents docs =
        advisories
            .documents(x.trackingId(), x.version())
            .orElseThrow(() -> HttpProblem.notFound("no published advisory has that id"));
    ctx.contentType("application/json").result(docs.vex());
  }

  /** For the staff pages: the public page of an advisory, if it is distributed. */
  static DomContent publicLink(Advisory a) {
    return a.isDistributed()
        ? a("public page").withHref("/advisories/" + a.trackingId())
        : span("not public").withClass("muted");
  }
}
