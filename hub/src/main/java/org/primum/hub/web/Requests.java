package org.primum.hub.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;

/** Reading requests safely: principals, client certificates, bounded bodies. */
public final class Requests {
  static final String PRINCIPAL = "primum.principal";
  private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private Requests() {}

  /** The signed-in staff member; only valid on {@link Access.Staff} routes. */
  public static Principal.StaffMember staff(Context ctx) {
    if (ctx.attribute(PRINCIPAL) instanceof Principal.StaffMember member) {
      return member;
    }
    throw new IllegalStateException("no staff principal: is the route declared for staff?");
  }

  /** The calling device; only valid on {@link Access.Device} routes. */
  public static Principal.Device device(Context ctx) {
    if (ctx.attribute(PRINCIPAL) instanceof Principal.Device device) {
      return device;
    }
    throw new IllegalStateException("no device principal: is the route declared for devices?");
  }

  /**
   * The calling device, which must be the one the path's {@code {serial}} names: a device may act
   * only on itself.
   */
  public static Principal.Device deviceActingOnItself(Context ctx) {
    Principal.Device device = device(ctx);
    if (!device.serial().equals(ctx.pathParam("serial"))) {
      throw HttpProblem.forbidden(
          "not-self", "a device may only act on itself: certificate names " + device.serial());
    }
    return device;
  }

  /** Answers with {@code value} as JSON. */
  public static void json(Context ctx, Object value) {
    ctx.contentType("application/json").result(org.primum.core.json.Json.write(value));
  }

  /** The staff member, if the request carries a valid session (any route). */
  public static Optional<Principal.StaffMember> optionalStaff(Context ctx) {
    return ctx.attribute(PRINCIPAL) instanceof Principal.StaffMember member
        ? Optional.of(member)
        : Optional.empty();
  }

  /** The client certificate the TLS layer verified against the device CA, if any. */
  public static Optional<X509Certificate> clientCertificate(Context ctx) {
    Object chain = ctx.req().getAttribute(CERTIFICATE_ATTRIBUTE);
    if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
      return Optional.of(certificates[0]);
    }
    return Optional.empty();
  }

  /**
   * The request body, refused with 415 unless its media type is {@code mediaType}, and with 413
   * when longer than {@code maxBytes}.
   */
  public static byte[] body(Context ctx, String mediaType, int maxBytes) {
    String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
    String actual = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!actual.equals(mediaType)) {
      throw new HttpProblem(
          415,
          "unsupported-media-type",
          "expected Content-Type "
              + mediaType
              + ", found "
              + (actual.isEmpty() ? "none" : "\"" + actual + "\""));
    }
    long declared = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.bodyInputStream()) {
      if (declared > maxBytes) {
        drain(in);
        throw tooLarge(maxBytes, declared);
      }
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        drain(in);
        throw tooLarge(maxBytes, -1);
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  /** Largest oversized body read and discarded, so the sender still receives the 413. */
  private static final long DRAIN_LIMIT = 2L * 1024 * 1024;

  /**
   * Reads and discards a bounded remainder: a client still sending when the server answers and
   * closes would see a reset instead of the refusal. Beyond the limit the connection is dropped.
   */
  private static void drain(InputStream in) throws IOException {
    long left = DRAIN_LIMIT;
    byte[] buffer = new byte[8192];
    int read;
    while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= read;
    }
  }

  private static HttpProblem tooLarge(int maxBytes, long found) {
    return new HttpProblem(
        413,
        "body-too-large",
        "expected a body of at most "
            + maxBytes
            + " bytes"
            + (found >= 0 ? ", found " + found : ""));
  }

  /** The caller's address for logs and throttling. */
  public static String source(Context ctx) {
    return ctx.req().getRemoteAddr();
  }
}
