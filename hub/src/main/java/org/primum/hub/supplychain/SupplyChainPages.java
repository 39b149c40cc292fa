package org.primum.hub.supplychain;

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
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.primum.hub.supplychain.sbom.SupportLevel;
import org.primum.hub.supplychain.vex.VexDocuments;
import org.primum.hub.supplychain.vex.VexExport;
import org.primum.hub.supplychain.vex.VexJustification;
import org.primum.hub.supplychain.vex.VexStatement;
import org.primum.hub.supplychain.vex.VexStatus;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Principal;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/**
 * The supply-chain pages: every release's SBOM with its known vulnerabilities, VEX statements and
 * support status; fleet exposure (which flaws affect which releases, and how many enrolled devices
 * run them, site by site); the vulnerability data sets in force. Release managers and security
 * analysts record VEX statements; release managers edit support levels and end-of-support dates.
 */
public final class SupplyChainPages {
  private static final String VENDOR = "Primum";

  private final SupplyChain supplyChain;
  private final Supplier<String> publicUrl;

  public SupplyChainPages(SupplyChain supplyChain, Supplier<String> publicUrl) {
    this.supplyChain = Objects.requireNonNull(supplyChain, "supplyChain");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  public List<Route> routes() {
    Access analysts = Access.staff(Role.RELEASE_MANAGER, Role.SECURITY_ANALYST);
    return List.of(
        Route.get("/supplychain", Access.anyStaff(), this::overview),
        Route.get("/supplychain/releases/{id}", Access.anyStaff(), this::release),
        Route.get("/supplychain/releases/{id}/vex.cdx.json", Access.anyStaff(), this::cycloneDx),
        Route.get("/supplychain/releases/{id}/vex.csaf.json", Access.anyStaff(), this::csaf),
        Route.get("/supplychain/releases/{id}/vex.openvex.json", Access.anyStaff(), this::openVex),
        Route.post("/supplychain/releases/{id}/vex", analysts, this::addVex),
        Route.post(
            "/supplychain/releases/{id}/components/{ordinal}/support",
            Access.staff(Role.RELEASE_MANAGER),
            this::editSupport));
  }

  // ------------------------------------------------------------------------------ overview

  private void overview(Context ctx) {
    List<SupplyChain.ReleaseView> releases = supplyChain.releases();
    List<SupplyChain.Exposure> exposure = supplyChain.exposure();
    List<SupplyChain.DatasetView> datasets = supplyChain.datasets();
    Pages.render(
        ctx,
        "Supply chain",
        h1("Supply chain"),
        p(
            "Every release carries a CycloneDX SBOM. Each is matched offline against the OSV"
                + " vulnerability data imported below (primum vuln import); new data re-matches"
                + " every release. The release gate refuses a known high or critical flaw that no"
                + " VEX statement covers, or a component past its end of support, unless a"
                + " release manager records a justification."),
        section(
            h2("Fleet exposure"),
            exposure.isEmpty()
                ? p("No open known vulnerability in any release.").withClass("muted")
                : table(
                        thead(
                            tr(
                                th("Vulnerability"),
                                th("Severity"),
                                th("Summary"),
                                th("Releases"),
                                th("Devices running them"),
                                th("By site"))),
                        tbody(
                            each(
                                exposure,
                                e ->
                                    tr(
                                            td(vulnName(e.osvId(), e.aliases())),
                                            td(severity(e.severity())),
                                            td(e.summary()),
                                            td(String.join(", ", e.releases())),
                                            td(Integer.toString(e.devices())),
                                            td(sites(e.devicesBySite())))
                                        .withId("exposure-" + e.osvId()))))
                    .withClass("grid")
                    .withId("exposure")),
        section(
            h2("Releases"),
            releases.isEmpty()
                ? p("No release with an SBOM yet.").withClass("muted")
                : table(
                        thead(
                            tr(
                                th("Release"),
                                th("Components"),
                                th("Open vulnerabilities"),
                                th("Cleared by VEX"),
                                th("Support"),
                                th("Devices"),
                                th("Gate"))),
                        tbody(
                            each(
                                releases,
                                r ->
                                    tr(
                                            td(
                                                a(r.hardwareId() + " " + r.version())
                                                    .withHref("/supplychain/releases/" + r.id())),
                                            td(Integer.toString(r.components())),
                                            td(openCounts(r.openBySeverity())),
                                            td(Integer.toString(r.cleared())),
                                            td(supportSummary(r)),
                                            td(
                                                r.devices()
                                                    + (r.devicesBySite().isEmpty()
                                                        ? ""
                                                        : " ("
                                                            + sitesText(r.devicesBySite())
                                                            + ")")),
                                            td(
                                                r.justification().isPresent()
                                                    ? span("justified").withClass("badge degraded")
                                                    : span("passed").withClass("badge online")))
                                        .withId("release-" + r.id()))))
                    .withClass("grid")
                    .withId("releases")),
        section(
            h2("Vulnerability data"),
            datasets.isEmpty()
                ? p("No vulnerability data imported yet: primum vuln import --data DIR FILE.zip")
                    .withClass("muted")
                : table(
                        thead(
                            tr(
                                th("Data set"),
                                th("Source"),
                                th("Newest record"),
                                th("Records"),
                                th("Flagged"),
                                th("Imported"),
                                th("In force"))),
                        tbody(
                            each(
                                datasets,
                                d ->
                                    tr(
                                        td(d.name()),
                                        td(d.source()),
                                        td(d.dataDate()),
                                        td(Integer.toString(d.records())),
                                        td(Integer.toString(d.flagged())),
                                        td(d.importedAt() + " by " + d.importedBy()),
                                        td(d.superseded() ? "superseded" : "yes")))))
                    .withClass("grid")
                    .withId("datasets")));
  }

  // ----------------------------------------------------------------------- one release

  private void release(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    SupplyChain.ReleaseDetail d =
        supplyChain
            .release(id(ctx))
            .orElseThrow(() -> HttpProblem.notFound("no release with an SBOM has that id"));
    SupplyChain.ReleaseView r = d.release();
    List<DomContent> content = new ArrayList<>();
    content.add(h1("Supply chain of " + r.hardwareId() + " " + r.version()));
    content.add(
        dl(
            dt("SBOM"),
            dd(d.format() + ", " + r.components() + " components"),
            dt("Produced"),
            dd(d.producedAt().isEmpty() ? "not stated" : d.producedAt()),
            dt("Author"),
            dd(d.author().isEmpty() ? "not stated" : d.author()),
            dt("Devices running it"),
            dd(
                r.devices()
                    + (r.devicesBySite().isEmpty()
                        ? ""
                        : " (" + sitesText(r.devicesBySite()) + ")")),
            dt("Exports"),
            dd(
                a("CycloneDX VEX").withHref("/supplychain/releases/" + r.id() + "/vex.cdx.json"),
                text(" · "),
                a("CSAF VEX").withHref("/supplychain/releases/" + r.id() + "/vex.csaf.json"),
                text(" · "),
                a("OpenVEX").withHref("/supplychain/releases/" + r.id() + "/vex.openvex.json"))));
    d.justification()
        .ifPresent(
            j ->
                content.add(
                    Pages.notice(
                        "error",
                        p(
                            "Published despite the release gate by "
                                + j.recordedBy()
                                + " at "
                                + j.recordedAt()
                                + ". Justification: "
                                + j.justification()),
                        ul(each(j.findings(), f -> li(f))))));
    if (!d.warnings().isEmpty()) {
      content.add(Pages.notice("", p("SBOM warnings:"), ul(each(d.warnings(), w -> li(w)))));
    }
    content.add(vulnerabilities(d));
    content.add(vexSection(d, me));
    content.add(components(d, me));
    Pages.render(
        ctx,
        "Supply chain " + r.hardwareId() + " " + r.version(),
        content.toArray(DomContent[]::new));
  }

  private DomContent vulnerabilities(SupplyChain.ReleaseDetail d) {
    return section(
        h2("Known vulnerabilities"),
        d.matches().isEmpty()
            ? p("None known in the data in force.").withClass("muted")
            : table(
                    thead(
                        tr(
                            th("Vulnerability"),
                            th("Severity"),
                            th("Component"),
                            th("Affected"),
                            th("Summary"),
                            th("VEX"),
                            th("Data set"))),
                    tbody(
                        each(
                            d.matches(),
                            m ->
                                tr(
                                        td(vulnName(m.osvId(), m.aliases())),
                                        td(severity(m.severity()), text(" " + m.score())),
                                        td(m.component() + " " + m.componentVersion()),
                                        td(m.affected()),
                                        td(m.summary()),
                                        td(
                                            m.vex()
                                                .map(
                                                    v ->
                                                        v.status().label()
                                                            + v.justification()
                                                                .map(j -> " (" + j.label() + ")")
                                                                .orElse(""))
                                                .orElse("none: open")),
                                        td(m.dataset()))
                                    .withCondClass(m.vex().isPresent(), "cleared"))))
                .withClass("grid")
                .withId("vulnerabilities"));
  }

  private DomContent vexSection(SupplyChain.ReleaseDetail d, Principal.StaffMember me) {
    SupplyChain.ReleaseView r = d.release();
    List<DomContent> parts = new ArrayList<>();
    parts.add(h2("VEX statements"));
    if (d.vex().isEmpty()) {
      parts.add(p("None recorded for this product version.").withClass("muted"));
    } else {
      parts.add(
          table(
                  thead(
                      tr(
                          th("Vulnerability"),
                          th("Component"),
                          th("Status"),
                          th("Justification"),
                          th("Detail"),
                          th("Source"),
                          th("Recorded"))),
                  tbody(
                      each(
                          d.vex(),
                          v ->
                              tr(
                                  td(v.statement().vulnerability()),
                                  td(v.statement().component()),
                                  td(v.statement().status().label()),
                                  td(
                                      v.statement()
                                          .justification()
                                          .map(VexJustification::label)
                                          .orElse("")),
                                  td(v.statement().detail()),
                                  td(v.source()),
                                  td(v.recordedBy() + ", " + v.recordedAt())))))
              .withClass("grid")
              .withId("vex"));
    }
    if (me.role() == Role.RELEASE_MANAGER || me.role() == Role.SECURITY_ANALYST) {
      List<String> vulns = new ArrayList<>();
      d.matches().forEach(m -> vulns.add(m.osvId()));
      parts.add(
          Pages.postForm(
                  "/supplychain/releases/" + r.id() + "/vex",
                  me,
                  label("Vulnerability (OSV id or alias)"),
                  input()
                      .withName("vulnerability")
                      .isRequired()
                      .withValue(vulns.isEmpty() ? "" : vulns.get(0)),
                  label("Component (package URL, or * for the whole release)"),
                  select(
                          option("*").withValue("*"),
                          each(
                              d.components(),
                              c ->
                                  c.component().purl().isPresent()
                                      ? option(c.component().purl().get())
                                          .withValue(c.component().purl().get())
                                      : text("")))
                      .withName("component"),
                  label("Status"),
                  select(
                          each(
                              List.of(VexStatus.values()),
                              s -> option(s.label()).withValue(s.label())))
                      .withName("status"),
                  label("Justification (needed for not_affected)"),
                  select(
                          option("").withValue(""),
                          each(
                              List.of(VexJustification.values()),
                              j -> option(j.label()).withValue(j.label())))
                      .withName("justification"),
                  label("Detail (impact or action statement)"),
                  input().withName("detail"),
                  button("Record VEX statement").withType("submit"))
              .withClass("stacked")
              .withId("vex-form"));
    }
    return section(parts.toArray(DomContent[]::new));
  }

  private DomContent components(SupplyChain.ReleaseDetail d, Principal.StaffMember me) {
    boolean edit = me.role() == Role.RELEASE_MANAGER;
    long id = d.release().id();
    return section(
        h2("Components"),
        table(
                thead(
                    tr(
                        th("Component"),
                        th("Version"),
                        th("Supplier"),
                        th("Package URL"),
                        th("Hashes"),
                        th("Support"),
                        th("End of support"),
                        edit ? th("Change support") : th(""))),
                tbody(
                    each(
                        d.components(),
                        c -> {
                          SbomComponent x = c.component();
                          return tr(
                                  td(x.displayName()),
                                  td(x.version()),
                                  td(x.supplier()),
                                  td(code(x.purl().orElse("—"))),
                                  td(String.join(", ", x.hashes().keySet())),
                                  td(
                                      x.support().label()
                                          + c.editedBy()
                                              .map(by -> " (set by " + by + ")")
                                              .orElse("")),
                                  td(
                                      span(c.supportStatus())
                                          .withClass(supportClass(c.supportStatus()))),
                                  edit ? td(supportForm(me, id, c)) : td(""))
                              .withId("component-" + c.ordinal());
                        })))
            .withClass("grid")
            .withId("components"));
  }

  private static DomContent supportForm(
      Principal.StaffMember me, long releaseId, SupplyChain.ComponentView c) {
    return Pages.postForm(
            "/supplychain/releases/" + releaseId + "/components/" + c.ordinal() + "/support",
            me,
            select(
                    each(
                        List.of(SupportLevel.values()),
                        l ->
                            option(l.label())
                                .withValue(l.label())
                                .withCondSelected(l == c.component().support())))
                .withName("level"),
            input()
                .withType("date")
                .withName("endOfSupport")
                .withValue(c.component().endOfSupport().map(LocalDate::toString).orElse("")),
            button("Save").withType("submit"))
        .withClass("inline");
  }

  // ------------------------------------------------------------------------------ actions

  private void addVex(Context ctx) {
    long id = id(ctx);
    SupplyChain.ReleaseDetail d =
        supplyChain
            .release(id)
            .orElseThrow(() -> HttpProblem.notFound("no release with an SBOM has that id"));
    String status = form(ctx, "status");
    String justification = form(ctx, "justification");
    VexStatement statement;
    try {
      statement =
          new VexStatement(
              form(ctx, "vulnerability"),
              form(ctx, "component"),
              VexStatus.fromLabel(status)
                  .orElseThrow(
                      () ->
                          HttpProblem.badRequest(
                              "vex-status", "unknown VEX status \"" + status + "\"")),
              justification.isEmpty()
                  ? Optional.empty()
                  : Optional.of(
                      VexJustification.fromLabel(justification)
                          .orElseThrow(
                              () ->
                                  HttpProblem.badRequest(
                                      "vex-justification",
                                      "unknown justification \"" + justification + "\""))),
              form(ctx, "detail"));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("vex-statement", e.getMessage());
    }
    try {
      supplyChain.addVex(
          d.release().hardwareId(),
          d.release().version(),
          statement,
          Requests.staff(ctx).auditName());
    } catch (SupplyChainRefusal e) {
      throw problem(e);
    }
    ctx.redirect("/supplychain/releases/" + id);
  }

  private void editSupport(Context ctx) {
    long id = id(ctx);
    int ordinal;
    try {
      ordinal = Integer.parseInt(ctx.pathParam("ordinal"));
    } catch (NumberFormatException e) {
      throw HttpProblem.notFound("no such component");
    }
    String level = form(ctx, "level");
    SupportLevel support =
        SupportLevel.parse(level)
            .orElseThrow(
                () ->
                    HttpProblem.badRequest(
                        "support-level",
                        "expected active, security-only, unsupported or unknown; found \""
                            + level
                            + "\""));
    String date = form(ctx, "endOfSupport");
    Optional<LocalDate> end;
    try {
      end = date.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(date));
    } catch (DateTimeParseException e) {
      throw HttpProblem.badRequest(
          "end-of-support", "expected a date YYYY-MM-DD, found \"" + date + "\"");
    }
    try {
      supplyChain.editSupport(id, ordinal, support, end, Requests.staff(ctx).auditName());
    } catch (SupplyChainRefusal e) {
      throw problem(e);
    }
    ctx.redirect("/supplychain/releases/" + id + "#component-" + ordinal);
  }

  private void cycloneDx(Context ctx) {
    export(ctx, VexDocuments.Format.CYCLONEDX, "application/vnd.cyclonedx+json");
  }

  private void csaf(Context ctx) {
    export(ctx, VexDocuments.Format.CSAF, "application/json");
  }

  private void openVex(Context ctx) {
    export(ctx, VexDocuments.Format.OPENVEX, "application/json");
  }

  private void export(Context ctx, VexDocuments.Format format, String type) {
    SupplyChain.ReleaseView r =
        supplyChain
            .release(id(ctx))
            .orElseThrow(() -> HttpProblem.notFound("no release with an SBOM has that id"))
            .release();
    try {
      byte[] doc =
          supplyChain.exportVex(
              r.hardwareId(),
              r.version(),
              format,
              new VexExport.Product(VENDOR, publicUrl.get(), r.hardwareId(), r.version()));
      ctx.contentType(type).result(doc);
    } catch (SupplyChainRefusal e) {
      throw problem(e);
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.notFound("no release with an SBOM has that id");
    }
  }

  private static String form(Context ctx, String name) {
    return Objects.requireNonNullElse(ctx.formParam(name), "").strip();
  }

  private static HttpProblem problem(SupplyChainRefusal e) {
    return new HttpProblem(e.kind().status(), e.code(), e.getMessage());
  }

  private static DomContent vulnName(String id, List<String> aliases) {
    return span(code(id), text(aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")"));
  }

  private static DomContent severity(String severity) {
    return span(severity).withClass("sev " + severity);
  }

  private static DomContent openCounts(Map<String, Integer> bySeverity) {
    if (bySeverity.isEmpty()) {
      return text("none");
    }
    List<DomContent> parts = new ArrayList<>();
    bySeverity.entrySet().stream()
        .sorted((x, y) -> SupplyChain.rank(y.getKey()) - SupplyChain.rank(x.getKey()))
        .forEach(e -> parts.add(span(severity(e.getKey()), text(" " + e.getValue() + " "))));
    return span(parts.toArray(DomContent[]::new));
  }

  private static String supportSummary(SupplyChain.ReleaseView r) {
    if (r.supportPast() == 0 && r.supportNear() == 0) {
      return "ok";
    }
    return r.supportPast() + " past end, " + r.supportNear() + " ending soon";
  }

  private static String supportClass(String status) {
    if (status.startsWith("past") || status.equals("unsupported")) {
      return "support-past";
    }
    return status.startsWith("ends") ? "support-near" : "";
  }

  private static DomContent sites(Map<String, Integer> bySite) {
    return text(sitesText(bySite));
  }

  private static String sitesText(Map<String, Integer> bySite) {
    List<String> parts = new ArrayList<>();
    bySite.forEach((site, n) -> parts.add(site + " " + n));
    return String.join(", ", parts);
  }
}
