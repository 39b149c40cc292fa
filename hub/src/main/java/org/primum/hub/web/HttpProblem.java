package org.primum.hub.web;

import java.util.Objects;

/**
 * A request is refused with a specific status and reason. Handlers throw it; the server renders it
 * as JSON, plain text or a page, depending on the route, and never adds a stack trace.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String code;

  public HttpProblem(int status, String code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static HttpProblem badRequest(String code, String message) {
    return new HttpProblem(400, code, message);
  }

  public static HttpProblem unauthorized(String message) {
    return new HttpProblem(401, "unauthenticated", message);
  }

  public static HttpProblem forbidden(String code, String message) {
    return new HttpProblem(403, code, message);
  }

  public static HttpProblem notFound(String message) {
    return new HttpProblem(404, "not-found", message);
  }

  public static HttpProblem conflict(String code, String message) {
    return new HttpProblem(409, code, message);
  }
}
