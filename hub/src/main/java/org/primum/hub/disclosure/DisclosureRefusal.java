package org.primum.hub.disclosure;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.Rejection;
import org.primum.hub.cvss.CvssRejection;

/**
 * A disclosure request was refused: a malformed or oversized report, an attachment of a type not
 * allowed, an unknown case or token, a transition the case's state does not allow, or too many
 * requests from one source. The message says what was expected and what was found.
 */
public final class DisclosureRefusal extends Rejection {
  /** How the refusal maps onto HTTP. */
  public enum Kind {
    BAD_INPUT(400),
    NOT_FOUND(404),
    CONFLICT(409),
    TOO_LARGE(413),
    UNSUPPORTED_TYPE(415),
    TOO_MANY(429),
    BUSY(503);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** The one answer for every token that names no case: the same text whatever the token. */
  static final String NO_CASE = "no case matches this tracking token";

  private final Kind kind;
  private final Optional<Duration> retryAfter;

  public DisclosureRefusal(Kind kind, String code, String message) {
    this(kind, code, message, Optional.empty());
  }

  private DisclosureRefusal(Kind kind, String code, String message, Optional<Duration> retryAfter) {
    super(code, message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#TOO_MANY} and {@link Kind#BUSY}: when the caller may try again. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  static DisclosureRefusal badInput(String code, String message) {
    return new DisclosureRefusal(Kind.BAD_INPUT, code, message);
  }

  /** A CVSS vector the analyst typed was refused; the code and message are kept. */
  static DisclosureRefusal badVector(CvssRejection rejection) {
    return badInput(rejection.code(), rejection.getMessage());
  }

  static DisclosureRefusal tooLarge(String code, String message) {
    return new DisclosureRefusal(Kind.TOO_LARGE, code, message);
  }

  static DisclosureRefusal conflict(String code, String message) {
    return new DisclosureRefusal(Kind.CONFLICT, code, message);
  }

  static DisclosureRefusal noCase(long id) {
    return new DisclosureRefusal(Kind.NOT_FOUND, "case-unknown", "no disclosure case " + id);
  }

  static DisclosureRefusal noCaseForToken() {
    return new DisclosureRefusal(Kind.NOT_FOUND, "token-unknown", NO_CASE);
  }

  static DisclosureRefusal tooMany(String message, Duration retryAfter) {
    return new DisclosureRefusal(Kind.TOO_MANY, "rate-limited", message, Optional.of(retryAfter));
  }

  static DisclosureRefusal busy(String message, Duration retryAfter) {
    return new DisclosureRefusal(Kind.BUSY, "busy", message, Optional.of(retryAfter));
  }
}
