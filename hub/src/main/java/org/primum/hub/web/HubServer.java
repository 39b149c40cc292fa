package org.primum.hub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTPS server: one TLS port that asks for (but does not require) a client certificate, a
 * route table where every route states who may call it, and uniform refusals.
 *
 * <p>Security guarantees: a route with no access rule is refused; device routes require a client
 * certificate chaining to the device CA (checked by TLS) that belongs to an active device (checked
 * per request against the database, so a revocation takes effect at the next call, on every
 * replica); staff routes require a session with one of the route's roles, and state-changing staff
 * requests also require the session's CSRF token and a same-origin {@code Origin}; errors never
 * carry stack traces.
 */
public final class HubServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);

  /** Where and how to listen. */
  public record Settings(String bindHost, int port, SSLContext sslContext) {
    public Settings {
      Objects.requireNonNull(bindHost, "bindHost");
      Objects.requireNonNull(sslContext, "sslContext");
    }
  }

  private final Javalin app;
  private final List<Route> routes;

  public HubServer(
      Settings settings,
      List<Route> routes,
      Authenticators.StaffAuthenticator staffAuthenticator,
      Authenticators.DeviceAuthenticator deviceAuthenticator,
      SecureRandom random) {
    this.routes = List.copyOf(routes);
    AccessControl accessControl = new AccessControl(staffAuthenticator, deviceAuthenticator);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = 1024 * 1024;
              // Connections wait in Jetty's selectors without a thread; a bounded pool keeps
              // context switching low with a thousand connected devices.
              QueuedThreadPool threads = new QueuedThreadPool(64, 8, 60_000);
              threads.setName("primum-http");
              config.jetty.threadPool = threads;
              config.jetty.addConnector(
                  (server, httpConfiguration) -> {
                    httpConfiguration.setSendServerVersion(false);
                    httpConfiguration.setSendXPoweredBy(false);
                    SecureRequestCustomizer secure = new SecureRequestCustomizer();
                    secure.setSniHostCheck(false);
                    httpConfiguration.addCustomizer(secure);
                    SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setSslContext(settings.sslContext());
                    tls.setWantClientAuth(true);
                    tls.setIncludeProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
                    ServerConnector connector =
                        new ServerConnector(
                            server,
                            new SslConnectionFactory(tls, "http/1.1"),
                            new HttpConnectionFactory(httpConfiguration));
                    connector.setHost(settings.bindHost());
                    connector.setPort(settings.port());
                    connector.setIdleTimeout(120_000);
                    return connector;
                  });
              config.routes.before(SecurityHeaders::apply);
              config.routes.beforeMatched(accessControl::check);
              for (Route route : this.routes) {
                config.routes.addHttpHandler(
                    route.method(), route.path(), route.handler(), route.access());
              }
              config.routes.exception(HttpProblem.class, (e, ctx) -> renderProblem(ctx, e));
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      renderProblem(
                          ctx,
                          new HttpProblem(
                              e.getStatus(), statusCode(e.getStatus()), e.getMessage())));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    String incident = incidentId(random);
                    LOG.atError()
                        .addKeyValue("incident", incident)
                        .addKeyValue("method", ctx.method().name())
                        .addKeyValue("path", loggable(ctx.path()))
                        .setCause(e)
                        .log("unexpected error while handling a request");
                    renderProblem(
                        ctx,
                        new HttpProblem(
                            500,
                            "internal-error",
                            "the hub could not complete this request; incident " + incident));
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      renderProblem(ctx, HttpProblem.notFound("no such page or resource"));
                    }
                  });
              config.routes.error(
                  405,
                  ctx ->
                      renderProblem(
                          ctx,
                          new HttpProblem(405, "method-not-allowed", "method not allowed here")));
            });
  }

  /** Starts listening. */
  public HubServer start() {
    app.start();
    return this;
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  /** The complete route table. */
  public List<Route> routes() {
    return routes;
  }

  @Override
  public void close() {
    app.stop();
  }

  private static String statusCode(int status) {
    return switch (status) {
      case 400 -> "bad-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "body-too-large";
      default -> "http-" + status;
    };
  }

  private static String incidentId(SecureRandom random) {
    byte[] bytes = new byte[6];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Renders a refusal in the form the caller expects. */
  static void renderProblem(Context ctx, HttpProblem problem) {
    // TUF clients probe for the next root version on every refresh (TUF §5.3.3); that 404 is the
    // normal answer and is not worth a log line.
    boolean rootProbe = problem.status() == 404 && ctx.path().endsWith(".root.json");
    if (problem.status() >= 400 && problem.status() < 500 && !rootProbe) {
      LOG.atInfo()
          .addKeyValue("status", problem.status())
          .addKeyValue("code", problem.code())
          .addKeyValue("method", ctx.method().name())
          .addKeyValue("path", loggable(ctx.path()))
          .addKeyValue("source", Requests.source(ctx))
          .log(problem.getMessage());
    }
    ctx.status(problem.status());
    String path = ctx.path();
    if (path.startsWith("/.well-known/est/")) {
      ctx.contentType("text/plain; charset=utf-8").result(problem.getMessage() + "\n");
    } else if (path.startsWith("/api/") || path.equals("/healthz") || wantsJson(ctx)) {
      ctx.contentType("application/json")
          .result(Json.write(Map.of("error", problem.code(), "message", problem.getMessage())));
    } else if (problem.status() == 401 && ctx.method() == HandlerType.GET) {
      ctx.status(302);
      ctx.redirect("/login");
    } else {
      Pages.render(
          ctx,
          "Refused",
          j2html.TagCreator.h1(problem.status() == 404 ? "Not found" : "Request refused"),
          Pages.notice("error", j2html.TagCreator.p(problem.getMessage())),
          j2html.TagCreator.p(j2html.TagCreator.a("Back to the fleet").withHref("/fleet")));
    }
  }

  private static boolean wantsJson(Context ctx) {
    String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
    return accept.contains("application/json") && !accept.contains("text/html");
  }

  /** Enforces each route's {@link Access}. */
  private record AccessControl(
      Authenticators.StaffAuthenticator staff, Authenticators.DeviceAuthenticator devices) {
    void check(Context ctx) {
      Set<RouteRole> roles = ctx.routeRoles();
      if (roles.size() != 1 || !(roles.iterator().next() instanceof Access access)) {
        throw HttpProblem.forbidden("no-access-rule", "this route states no access rule; refused");
      }
      if (isMutation(ctx)) {
        checkSameOrigin(ctx);
      }
      if (access instanceof Access.Public) {
        staff.authenticate(ctx).ifPresent(m -> ctx.attribute(Requests.PRINCIPAL, m));
      } else if (access instanceof Access.Device) {
        var certificate =
            Requests.clientCertificate(ctx)
                .orElseThrow(
                    () ->
                        HttpProblem.unauthorized(
                            "a device client certificate is required (mutual TLS)"));
        ctx.attribute(Requests.PRINCIPAL, devices.authenticate(certificate));
      } else if (access instanceof Access.Staff allowed) {
        Principal.StaffMember member =
            staff.authenticate(ctx).orElseThrow(() -> HttpProblem.unauthorized("sign in first"));
        ctx.attribute(Requests.PRINCIPAL, member);
        if (!allowed.roles().contains(member.role())) {
          throw HttpProblem.forbidden(
              "role", "your role (" + member.role().title() + ") may not do this");
        }
        if (isMutation(ctx)) {
          checkCsrf(ctx, member);
        }
      }
      // Access.Enrolling: the handler checks the one-time token itself.
    }

    private static boolean isMutation(Context ctx) {
      HandlerType method = ctx.method();
      return method != HandlerType.GET
          && method != HandlerType.HEAD
          && method != HandlerType.OPTIONS;
    }

    /** Browsers send Origin on cross-site POSTs; refuse any origin other than this hub. */
    private static void checkSameOrigin(Context ctx) {
      String origin = ctx.header("Origin");
      String fetchSite = ctx.header("Sec-Fetch-Site");
      if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
        throw HttpProblem.forbidden("cross-origin", "cross-site requests are refused");
      }
      if (origin == null || "same-origin".equalsIgnoreCase(fetchSite)) {
        return; // not a browser (devices, command-line tools), or the browser vouches for it
      }
      String host = ctx.header("Host");
      String expected = "https://" + (host == null ? "" : host.toLowerCase(Locale.ROOT));
      if (!origin.toLowerCase(Locale.ROOT).equals(expected)) {
        throw HttpProblem.forbidden(
            "cross-origin", "requests from another origin are refused (" + origin + ")");
      }
    }

    private static void checkCsrf(Context ctx, Principal.StaffMember member) {
      String presented = ctx.header("X-CSRF-Token");
      if (presented == null && isForm(ctx)) {
        presented = ctx.formParam("_csrf");
      }
      if (presented == null
          || !MessageDigest.isEqual(
              presented.getBytes(StandardCharsets.UTF_8),
              member.csrfToken().getBytes(StandardCharsets.UTF_8))) {
        throw HttpProblem.forbidden(
            "csrf", "the form is stale or did not come from this hub; reload the page and retry");
      }
    }

    private static boolean isForm(Context ctx) {
      String type = Optional.ofNullable(ctx.contentType()).orElse("");
      return type.startsWith("application/x-www-form-urlencoded");
    }
  }

  /**
   * The request path as it may be logged: a disclosure tracking token in the path is a secret (it
   * opens the researcher's case), so it is replaced by {@code [token]}.
   */
  static String loggable(String path) {
    return TOKEN_PATH.matcher(path).replaceFirst("$1[token]");
  }

  private static final java.util.regex.Pattern TOKEN_PATH =
      java.util.regex.Pattern.compile("^(/security/cases/|/api/v1/disclosures/)[^/]+");
}
