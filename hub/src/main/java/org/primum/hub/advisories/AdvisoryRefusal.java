package org.primum.hub.advisories;

import org.primum.core.Rejection;

/**
 * An advisory request was refused: bad input, something it names does not exist, a conflicting
 * state, or a generated CSAF document that would not be valid.
 */
public final class AdvisoryRefusal extends Rejection {
  /** How the refusal maps onto HTTP. */
  public enum Kind {
    BAD_INPUT(400),
    NOT_FOUND(404),
    CONFLICT(409),
    INVALID_CSAF(422);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public AdvisoryRefusal(Kind kind, String code, String message) {
    super(code, message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static AdvisoryRefusal badInput(String code, String message) {
    return new AdvisoryRefusal(Kind.BAD_INPUT, code, message);
  }

  static AdvisoryRefusal notFound(String what) {
    return new AdvisoryRefusal(Kind.NOT_FOUND, "not-found", what);
  }

  static AdvisoryRefusal conflict(String code, String message) {
    return new AdvisoryRefusal(Kind.CONFLICT, code, message);
  }
}
