package org.primum.hub.advisories;

import static j2html.TagCreator.a;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.li;
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
import static j2html.TagCreator.ul;

import j2html.tags.DomContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an advisory's content reads on a page, shared by the public and the staff pages. Every value
 * goes through j2html's escaping; links are only ever {@code http(s)} URLs checked when the draft
 * was made.
 */
final class AdvisoryViews {
  private AdvisoryViews() {}

  static DomContent severity(AdvisoryDraft d) {
    return d.cvss()
        .<DomContent>map(
            c ->
                span(
                    span(c.severity().title()).withClass("sev " + c.severity().name()),
                    text(String.format(Locale.ROOT, " %.1f ", c.baseScore())),
                    code(c.vector())))
        .orElse(span("not scored").withClass("muted"));
  }

  /** Paragraphs of free text, one per line. */
  static DomContent paragraphs(String text) {
    List<DomContent> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(p(line));
      }
    }
    return each(out, x -> x);
  }

  /** Summary, description, impact, identifiers, products, remediations, credit, references. */
  static DomContent body(AdvisoryDraft d) {
    List<DomContent> parts = new ArrayList<>();
    parts.add(section(h2("Summary"), paragraphs(d.summary())).withId("summary"));
    parts.add(
        dl(
                dt("Severity"),
                dd(severity(d)),
                dt("CVE"),
                dd(d.cves().isEmpty() ? "none assigned" : String.join(", ", d.cves())),
                dt("Weakness"),
                dd(d.cwe().map(c -> c.id() + " " + c.name()).orElse("not stated")),
                dt("TLP"),
                dd(d.tlp().csafLabel()))
            .withId("facts"));
    if (!d.description().isEmpty()) {
      parts.add(section(h2("Description"), paragraphs(d.description())).withId("description"));
    }
    if (!d.impact().isEmpty()) {
      parts.add(section(h2("Impact"), paragraphs(d.impact())).withId("impact"));
    }
    parts.add(products(d));
    parts.add(remediations(d));
    if (!d.acknowledgments().isEmpty()) {
      parts.add(
          section(
                  h2("Acknowledgments"),
                  ul(
                      each(
                          d.acknowledgments(),
                          a ->
                              li(
                                  text(String.join(", ", a.names())),
                                  text(
                                      a.organization()
                                          .map(o -> (a.names().isEmpty() ? "" : ", ") + o)
                                          .orElse("")),
                                  text(a.summary().map(s -> ": " + s).orElse("")),
                                  a.url()
                                      .<DomContent>map(
                                          u ->
                                              span(
                                                  text(" "),
                                                  a(u.toString()).withHref(u.toString())))
                                      .orElse(text(""))))))
              .withId("acknowledgments"));
    }
    if (!d.references().isEmpty()) {
      parts.add(
          section(
                  h2("References"),
                  ul(
                      each(
                          d.references(),
                          r ->
                              li(
                                  a(r.summary())
                                      .withHref(r.url().toString())
                                      .attr("rel", "noopener")))))
              .withId("references"));
    }
    return each(parts, x -> x);
  }

  private static DomContent products(AdvisoryDraft d) {
    return section(
            h2("Products"),
            d.products().isEmpty()
                ? p("No product listed yet.").withClass("muted")
                : table(
                        thead(tr(th("Product"), th("Version"), th("Status"), th("Justification"))),
                        tbody(
                            each(
                                d.products(),
                                s ->
                                    tr(
                                        td(s.product().hardwareId()),
                                        td(s.product().version()),
                                        td(s.status().csafName()),
                                        td(
                                            s.justification()
                                                .map(Justification::label)
                                                .orElse(""))))))
                    .withClass("grid"))
        .withId("products");
  }

  private static DomContent remediations(AdvisoryDraft d) {
    return section(
            h2("Remediation"),
            d.remediations().isEmpty()
                ? p("No fix or mitigation is available yet.").withClass("muted")
                : ul(
                    each(
                        d.remediations(),
                        r ->
                            li(
                                span(r.category().csafName()).withClass("badge"),
                                text(" " + r.effectiveDetails()),
                                text(
                                    " (applies to "
                                        + String.join(
                                            ", ",
                                            d.targets(r).stream()
                                                .map(ProductVersion::toString)
                                                .toList())
                                        + ")"),
                                r.url()
                                    .<DomContent>map(
                                        u ->
                                            span(text(" "), a(u.toString()).withHref(u.toString())))
                                    .orElse(text(""))))))
        .withId("remediations");
  }

  static DomContent revisions(List<Revision> revisions) {
    return table(
            thead(tr(th("Version"), th("Date"), th("Status"), th("Summary"))),
            tbody(
                each(
                    revisions,
                    r ->
                        tr(
                            td(Integer.toString(r.version())),
                            td(AdvisoryDocuments.date(r.date())),
                            td(r.status()),
                            td(r.summary())))))
        .withClass("grid")
        .withId("revisions");
  }
}
