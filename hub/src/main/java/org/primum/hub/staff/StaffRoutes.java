package org.primum.hub.staff;

import static j2html.TagCreator.button;
import static j2html.TagCreator.code;
import static j2html.TagCreator.each;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Principal;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;

/** Sign-in, sign-out, one's own account, and staff administration. */
public final class StaffRoutes {
  private final StaffService staff;
  private final SessionService sessions;

  public StaffRoutes(StaffService staff, SessionService sessions) {
    this.staff = Objects.requireNonNull(staff, "staff");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/", Access.anyone(), this::home),
        Route.get("/login", Access.anyone(), ctx -> loginPage(ctx, "")),
        Route.post("/login", Access.anyone(), this::login),
        Route.post("/logout", Access.anyStaff(), this::logout),
        Route.get("/api/v1/session", Access.anyStaff(), this::session),
        Route.get("/account", Access.anyStaff(), ctx -> accountPage(ctx, null)),
        Route.post("/account/password", Access.anyStaff(), this::changePassword),
        Route.get("/users", Access.staff(Role.ADMINISTRATOR), ctx -> usersPage(ctx, null)),
        Route.post("/users", Access.staff(Role.ADMINISTRATOR), this::createUser),
        Route.post(
            "/users/{username}/reset-password",
            Access.staff(Role.ADMINISTRATOR),
            this::resetPassword),
        Route.post("/users/{username}/disable", Access.staff(Role.ADMINISTRATOR), this::disable));
  }

  private void home(Context ctx) {
    ctx.redirect(Requests.optionalStaff(ctx).isPresent() ? "/fleet" : "/login");
  }

  private void loginPage(Context ctx, String error) {
    Pages.render(
        ctx,
        "Sign in",
        h1("Sign in"),
        error.isEmpty() ? p() : Pages.notice("error", p(error).withId("login-error")),
        form(
                label("User name"),
                input()
                    .withName("username")
                    .withId("username")
                    .isRequired()
                    .attr("autocomplete", "username"),
                label("Password"),
                input()
                    .withName("password")
                    .withId("password")
                    .withType("password")
                    .isRequired()
                    .attr("autocomplete", "current-password"),
                button("Sign in").withType("submit").withId("sign-in"))
            .withMethod("post")
            .withAction("/login")
            .withClass("stacked"));
  }

  private void login(Context ctx) {
    String source = Requests.source(ctx);
    try {
      StaffService.Authenticated user =
          staff.authenticate(ctx.formParam("username"), ctx.formParam("password"), source);
      sessions.start(ctx, user, source);
      ctx.redirect("/fleet");
    } catch (LoginRefused e) {
      ctx.status(e.retryAfter().isPresent() ? 429 : 401);
      e.retryAfter().ifPresent(d -> ctx.header("Retry-After", Long.toString(d.toSeconds())));
      loginPage(ctx, e.getMessage());
    }
  }

  /**
   * Who is signed in, and the session's CSRF token for API clients (e.g. {@code primum order send
   * --hub}) that sign in with a password: the token only authorises mutations together with the
   * session cookie, and another origin cannot read this answer (no CORS).
   */
  private void session(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    ctx.header("Cache-Control", "no-store");
    Requests.json(
        ctx,
        java.util.Map.of(
            "username", me.username(), "role", me.role().name(), "csrfToken", me.csrfToken()));
  }

  private void logout(Context ctx) {
    sessions.end(ctx);
    ctx.redirect("/login");
  }

  private void accountPage(Context ctx, DomContent message) {
    Principal.StaffMember me = Requests.staff(ctx);
    Pages.render(
        ctx,
        "Account",
        h1("Your account"),
        p(text("Signed in as "), strong(me.username()), text(" — " + me.role().title() + ".")),
        message == null ? p() : message,
        h2("Change password"),
        Pages.postForm(
                "/account/password",
                me,
                label("Current password"),
                input().withName("current").withType("password").isRequired(),
                label(
                    "New password (at least " + StaffService.MIN_PASSWORD_LENGTH + " characters)"),
                input().withName("next").withType("password").isRequired(),
                button("Change password").withType("submit"))
            .withClass("stacked"));
  }

  private void changePassword(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    try {
      staff.changeOwnPassword(
          me.username(), ctx.formParam("current"), ctx.formParam("next"), Requests.source(ctx));
      sessions.end(ctx);
      ctx.redirect("/login");
    } catch (LoginRefused e) {
      ctx.status(e.retryAfter().isPresent() ? 429 : 400);
      accountPage(ctx, Pages.notice("error", p("The current password is wrong.")));
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      accountPage(ctx, Pages.notice("error", p(e.getMessage())));
    }
  }

  private void usersPage(Context ctx, DomContent message) {
    Principal.StaffMember me = Requests.staff(ctx);
    Pages.render(
        ctx,
        "Staff",
        h1("Staff accounts"),
        message == null ? p() : message,
        table(
                thead(
                    tr(
                        th("User"),
                        th("Role"),
                        th("Created"),
                        th("By"),
                        th("State"),
                        th("Actions"))),
                tbody(
                    each(
                        staff.users(),
                        user ->
                            tr(
                                td(user.username()),
                                td(user.role().title()),
                                td(user.createdAt().toString()),
                                td(user.createdBy()),
                                td(user.disabled() ? "disabled" : "active"),
                                td(
                                    Pages.postForm(
                                            "/users/" + user.username() + "/reset-password",
                                            me,
                                            button("Reset password").withType("submit"))
                                        .withClass("inline"),
                                    user.disabled() || user.username().equals(me.username())
                                        ? p().withClass("inline")
                                        : Pages.postForm(
                                                "/users/" + user.username() + "/disable",
                                                me,
                                                button("Disable").withType("submit"))
                                            .withClass("inline"))))))
            .withClass("grid"),
        section(
            h2("New account"),
            p(
                "The password is generated and shown once; hand it over in person or by a secure channel."),
            Pages.postForm(
                    "/users",
                    me,
                    label("User name"),
                    input().withName("username").isRequired(),
                    label("Role"),
                    select(
                            each(
                                Arrays.asList(Role.values()),
                                r -> option(r.title()).withValue(r.name())))
                        .withName("role"),
                    button("Create account").withType("submit"))
                .withClass("stacked")));
  }

  private void createUser(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    try {
      Role role = Role.parse(Objects.requireNonNullElse(ctx.formParam("role"), ""));
      String username = StaffService.normalizeUsername(ctx.formParam("username"));
      String password = staff.createUser(me.auditName(), username, role, Requests.source(ctx));
      usersPage(ctx, oneTimePassword(username, password));
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      usersPage(ctx, Pages.notice("error", p(e.getMessage())));
    }
  }

  private void resetPassword(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    try {
      String username = StaffService.normalizeUsername(ctx.pathParam("username"));
      String password = staff.resetPassword(me.auditName(), username, Requests.source(ctx));
      usersPage(ctx, oneTimePassword(username, password));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.notFound(e.getMessage());
    }
  }

  private void disable(Context ctx) {
    Principal.StaffMember me = Requests.staff(ctx);
    try {
      staff.disable(me.auditName(), ctx.pathParam("username"), Requests.source(ctx));
      ctx.redirect("/users");
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      usersPage(ctx, Pages.notice("error", p(e.getMessage())));
    }
  }

  private static DomContent oneTimePassword(String username, String password) {
    return Pages.notice(
        "secret",
        p(
            text("Password for "),
            strong(username),
            text(" (shown once, not stored in clear anywhere):")),
        p(code(password).withId("one-time-password")));
  }
}
