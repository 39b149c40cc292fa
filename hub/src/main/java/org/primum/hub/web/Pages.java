package org.primum.hub.web;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.button;
import static j2html.TagCreator.div;
import static j2html.TagCreator.document;
import static j2html.TagCreator.each;
import static j2html.TagCreator.footer;
import static j2html.TagCreator.form;
import static j2html.TagCreator.head;
import static j2html.TagCreator.header;
import static j2html.TagCreator.html;
import static j2html.TagCreator.input;
import static j2html.TagCreator.link;
import static j2html.TagCreator.main;
import static j2html.TagCreator.meta;
import static j2html.TagCreator.nav;
import static j2html.TagCreator.span;
import static j2html.TagCreator.title;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import j2html.tags.specialized.FormTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The page layout. Pages are built with j2html, which escapes all text, so nothing a device or a
 * user sends can become markup; there is no inline script or style (the CSP forbids both).
 */
public final class Pages {
  private record NavItem(String href, String label, Set<Role> roles) {}

  private static final List<NavItem> NAV =
      List.of(
          new NavItem("/fleet", "Fleet", Set.of(Role.values())),
          new NavItem("/updates/releases", "Releases", Set.of(Role.values())),
          new NavItem("/updates/rollouts", "Rollouts", Set.of(Role.values())),
          new NavItem("/supplychain", "Supply chain", Set.of(Role.values())),
          new NavItem("/advisories/manage", "Advisories", Set.of(Role.values())),
          new NavItem("/enrollment", "Enrollment", Set.of(Role.ADMINISTRATOR)),
          new NavItem("/users", "Staff", Set.of(Role.ADMINISTRATOR)),
          new NavItem("/audit", "Audit trail", Set.of(Role.ADMINISTRATOR, Role.SECURITY_ANALYST)),
          new NavItem(
              "/disclosures", "Disclosures", Set.of(Role.ADMINISTRATOR, Role.SECURITY_ANALYST)),
          new NavItem("/account", "Account", Set.of(Role.values())));

  private Pages() {}

  /** Renders a full page into {@code ctx}. */
  public static void render(Context ctx, String title, DomContent... content) {
    ctx.html(page(Requests.optionalStaff(ctx), title, content));
  }

  /** A full HTML document. */
  public static String page(
      Optional<Principal.StaffMember> who, String title, DomContent... content) {
    List<DomContent> headParts = new ArrayList<>();
    headParts.add(meta().withCharset("utf-8"));
    headParts.add(meta().withName("viewport").withContent("width=device-width, initial-scale=1"));
    who.ifPresent(m -> headParts.add(meta().withName("csrf-token").withContent(m.csrfToken())));
    headParts.add(title(title + " · Primum hub"));
    headParts.add(link().withRel("stylesheet").withHref("/assets/primum.css"));
    return document(
        html(
                head(headParts.toArray(DomContent[]::new)),
                body(
                    header(
                        span("Primum hub").withClass("brand"),
                        who.map(Pages::navigation).orElse(nav())),
                    main(content),
                    footer(
                        "Primum — first, do no harm. Cyber safety for connected medical devices.")))
            .attr("lang", "en"));
  }

  private static DomContent navigation(Principal.StaffMember who) {
    return nav(
        each(
            NAV.stream().filter(item -> item.roles().contains(who.role())).toList(),
            item -> a(item.label()).withHref(item.href())),
        span(who.username() + " (" + who.role().title() + ")").withClass("who"),
        postForm("/logout", who, button("Sign out").withType("submit")).withClass("inline"));
  }

  /** A POST form carrying the session's CSRF token. */
  public static FormTag postForm(String action, Principal.StaffMember who, DomContent... fields) {
    return form(input().withType("hidden").withName("_csrf").withValue(who.csrfToken()))
        .with(fields)
        .withMethod("post")
        .withAction(action);
  }

  /** A notice box. */
  public static DomContent notice(String kind, DomContent... content) {
    return div(content).withClass("notice " + kind);
  }
}
