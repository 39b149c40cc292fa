package org.primum.hub.web;

import io.javalin.http.Context;

/** Response headers that every hub response carries. */
final class SecurityHeaders {
  /**
   * Strict CSP: only the hub's own scripts and styles, no inline code, no framing, forms post only
   * to the hub.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts,
    // which would defeat the same-origin check.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Strict-Transport-Security", "max-age=31536000");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    ctx.header("Cache-Control", "no-store");
  }
}
