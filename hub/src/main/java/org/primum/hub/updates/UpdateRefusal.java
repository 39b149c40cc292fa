package org.primum.hub.updates;

import org.primum.core.Rejection;

/**
 * The update repository refused a release, metadata or a file: the message says what was expected
 * and what was found. Signature, version and expiry refusals of metadata are {@link
 * org.primum.core.tuf.TufRejection}s instead; this covers everything else.
 */
public final class UpdateRefusal extends Rejection {
  /** What kind of refusal, which routes and commands turn into a status. */
  public enum Kind {
    BAD_INPUT(400),
    NOT_FOUND(404),
    CONFLICT(409),
    TOO_LARGE(413),
    /** A policy (the supply-chain release gate) refuses it; the message is the policy's report. */
    POLICY(422);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public UpdateRefusal(Kind kind, String code, String message) {
    super(code, message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static UpdateRefusal badInput(String code, String message) {
    return new UpdateRefusal(Kind.BAD_INPUT, code, message);
  }

  static UpdateRefusal conflict(String code, String message) {
    return new UpdateRefusal(Kind.CONFLICT, code, message);
  }
}
