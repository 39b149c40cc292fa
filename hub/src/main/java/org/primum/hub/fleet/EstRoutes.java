package org.primum.hub.fleet;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.primum.core.crypto.CertificateRequests;
import org.primum.core.crypto.EstMessages;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Route;

/**
 * Enrollment over Secure Transport (RFC 7030) endpoints under {@code /.well-known/est/}.
 *
 * <ul>
 *   <li>§4.1 {@code GET cacerts}: the CA certificate, certs-only CMS, public.
 *   <li>§4.2.1 {@code POST simpleenroll}: first enrollment; the client authenticates with HTTP
 *       Basic (§3.2.3) as {@code serial:token-secret}.
 *   <li>§4.2.2 {@code POST simplereenroll}: renewal; the client authenticates with its current
 *       certificate (mutual TLS, §3.3.2).
 * </ul>
 *
 * Bodies are base64 DER: {@code application/pkcs10} in, {@code application/pkcs7-mime;
 * smime-type=certs-only} out (§4.2.3). Refusals are {@code text/plain} with the reason.
 */
public final class EstRoutes {
  private static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";
  private static final int MAX_CSR_BODY = 3 * CertificateRequests.MAX_DER_BYTES;

  private final FleetService fleet;

  public EstRoutes(FleetService fleet) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/.well-known/est/cacerts", Access.anyone(), this::cacerts),
        Route.post("/.well-known/est/simpleenroll", Access.enrolling(), this::simpleEnroll),
        Route.post("/.well-known/est/simplereenroll", Access.device(), this::simpleReenroll));
  }

  private void cacerts(Context ctx) {
    ctx.header("Content-Transfer-Encoding", "base64");
    ctx.contentType("application/pkcs7-mime")
        .result(EstMessages.certsOnly(List.of(fleet.pki().caCertificate())));
  }

  private void simpleEnroll(Context ctx) {
    String[] credentials = basicCredentials(ctx);
    String csr = csrBody(ctx);
    try {
      respond(ctx, fleet.enroll(credentials[0], credentials[1], csr, Requests.source(ctx)));
    } catch (FleetRefusal refusal) {
      if (refusal.kind() == FleetRefusal.Kind.UNAUTHENTICATED) {
        ctx.header("WWW-Authenticate", "Basic realm=\"primum-est\"");
      }
      throw new HttpProblem(refusal.kind().status(), refusal.code(), refusal.getMessage());
    }
  }

  private void simpleReenroll(Context ctx) {
    String csr = csrBody(ctx);
    try {
      respond(ctx, fleet.reenroll(Requests.device(ctx), csr, Requests.source(ctx)));
    } catch (FleetRefusal refusal) {
      throw new HttpProblem(refusal.kind().status(), refusal.code(), refusal.getMessage());
    }
  }

  private static void respond(Context ctx, X509Certificate certificate) {
    ctx.header("Content-Transfer-Encoding", "base64");
    ctx.contentType(CERTS_ONLY).result(EstMessages.certsOnly(List.of(certificate)));
  }

  private static String csrBody(Context ctx) {
    return new String(
        Requests.body(ctx, "application/pkcs10", MAX_CSR_BODY), StandardCharsets.US_ASCII);
  }

  /** Reads RFC 7617 Basic credentials; a missing or malformed header is a 401. */
  private static String[] basicCredentials(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      ctx.header("WWW-Authenticate", "Basic realm=\"primum-est\"");
      throw HttpProblem.unauthorized(
          "enrollment needs HTTP Basic credentials <serial>:<token secret>");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.unauthorized("the Basic credentials are not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw HttpProblem.unauthorized("the Basic credentials must be <serial>:<token secret>");
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
